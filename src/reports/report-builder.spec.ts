import type { Viewer } from '../auth/viewer';
import { totalsByCurrency } from '../impact/engine';
import { AS_OF, outage, utc } from '../impact/engine/engine.fixtures';
import { buildReportModel, describeViewer, reportTitle, ROW_CHUNK } from './report-builder';
import type { ReportModel, ReportTotals } from './report.model';
import { BRAND_VIEW, buildInput, workedExample, workedExampleReport } from './report.fixtures';
import { ProgressCounter } from './progress';

/** Sums a report's rows per currency, as the totals should be. */
function sumRows(model: ReportModel): Record<string, Omit<ReportTotals, 'platformIncomeLost'>> {
  const sums: Record<string, any> = {};
  for (const row of model.deliverables) {
    const t = (sums[row.currency] ??= {
      currency: row.currency,
      delayed: 0n,
      lost: 0n,
      retained: 0n,
      recoverable: 0n,
      atRisk: 0n,
      counts: { lost: 0, late: 0, delayed: 0, atRisk: 0, recoverable: 0 },
      fees: { LOST: 0n, LATE: 0n, DELAYED: 0n, AT_RISK: 0n, RECOVERABLE: 0n },
    });
    t.delayed += row.delayed;
    t.lost += row.lost;
    t.retained += row.retained;
    t.recoverable += row.recoverable;
    t.atRisk += row.atRisk;
    const key = {
      LOST: 'lost',
      LATE: 'late',
      DELAYED: 'delayed',
      AT_RISK: 'atRisk',
      RECOVERABLE: 'recoverable',
    }[row.outcome];
    t.counts[key] += 1;
    t.fees[row.outcome] += row.fee;
  }
  return sums;
}

const withoutIncome = ({ platformIncomeLost: _, ...rest }: ReportTotals) => rest;

describe('buildReportModel: one outage', () => {
  const example = workedExample();
  const input = buildInput([example.meta], {
    deliverables: example.deliverables,
    accounts: example.accounts,
  });
  const model = buildReportModel(input);
  const impact = input.impacts[0].impact;

  it('has the engine figures, row for row and in total', () => {
    expect(model.kind).toBe('OUTAGE');
    expect(model.title).toBe('Outage report: Meta down');
    expect(model.provisional).toBe(false);
    expect(model.deliverables.map((row) => row.deliverableId)).toEqual([
      'y-live', // 14:30
      'x-story', // 15:30
      'x-reel', // 16:00 (by title: "X reel" < "Z live")
      'z-live',
    ]);
    for (const item of impact.items) {
      const row = model.deliverables.find((r) => r.deliverableId === item.deliverableId)!;
      expect(row).toMatchObject({
        outcome: item.outcome,
        fee: item.fee,
        delayed: item.delayed,
        lost: item.lost,
        retained: item.retained,
        recoverable: item.recoverable,
        atRisk: item.atRisk,
        explanation: item.explanation,
        explanationCode: item.explanationCode,
        outageIds: ['outage-meta'],
      });
    }
    expect(model.totals).toEqual(
      impact.totals.map((t) => ({
        currency: t.currency,
        delayed: t.delayed,
        lost: t.lost,
        retained: t.retained,
        recoverable: t.recoverable,
        atRisk: t.atRisk,
        platformIncomeLost: t.platformIncomeLost,
        counts: {
          lost: t.counts.LOST,
          late: t.counts.LATE,
          delayed: t.counts.DELAYED,
          atRisk: t.counts.AT_RISK,
          recoverable: t.counts.RECOVERABLE,
        },
        fees: t.fees,
      })),
    );
    const usd = model.totals.find((t) => t.currency === 'USD')!;
    expect(usd.delayed).toBe(159_000n); // 1200.00 + 390.00
    expect(usd.platformIncomeLost).toBe(1_167n); // 140 min × 120.00 / 1440
  });

  it('names everything and describes the outage', () => {
    const story = model.deliverables.find((row) => row.deliverableId === 'x-story')!;
    expect(story).toMatchObject({
      title: 'X story',
      platform: { slug: 'facebook', name: 'Facebook' },
      dealTitle: 'Deal X',
      creatorName: 'Maya',
      brandName: 'Acme',
      scheduledAt: utc('2024-03-05T15:30:00Z'),
      slotEnd: utc('2024-03-05T15:30:00Z'), // an instant post
      dueAt: utc('2024-03-05T16:30:00Z'),
      suggestedSlot: utc('2024-03-05T17:20:00Z'),
      downThrough: [{ slug: 'meta', name: 'Meta' }].map((p) => expect.objectContaining(p)),
    });
    expect(model.outages).toEqual([
      expect.objectContaining({
        id: 'outage-meta',
        ongoing: false,
        countedUntil: utc('2024-03-05T17:20:00Z'),
        directPlatforms: [expect.objectContaining({ slug: 'meta' })],
        deliverablesHit: 4,
      }),
    ]);
    expect(model.outages[0].dependentPlatforms.map((p) => p.name)).toEqual([
      'Facebook',
      'Instagram',
      'Messenger',
      'Threads',
      'WhatsApp',
    ]);
    expect(model.byCreator.map((g) => g.creatorName)).toEqual(['Maya', 'Noor']);
    expect(model.byBrand.map((g) => g.brandName)).toEqual(['Acme', 'Globex']);
    expect(model.byDeal.map((g) => [g.dealTitle, g.terms.forceMajeure])).toEqual([
      ['Deal X', false],
      ['Deal Y', true],
      ['Deal Z', true],
    ]);
    expect(model.byDeal[1].terms.alternatePlatforms.map((p) => p.name)).toEqual(['YouTube']);
    expect(model.byPlatform.map((g) => g.platform.name)).toEqual(['Facebook', 'Instagram']);
    // Platform income joins the creator and platform breakdowns, as in outageImpact.
    expect(model.byCreator[0].totals[0].platformIncomeLost).toBe(1_167n);
    expect(model.platformIncome).toEqual([
      expect.objectContaining({
        creatorName: 'Maya',
        loss: 1_167n,
        downtimeMinutes: 140,
        outageIds: ['outage-meta'],
      }),
    ]);
  });

  it('shows a brand only its deals and omits platform income entirely', () => {
    const brand = workedExampleReport({ viewer: BRAND_VIEW });
    expect(brand.deliverables.map((row) => row.dealTitle).sort()).toEqual(['Deal Y', 'Deal Z']);
    expect('platformIncome' in brand).toBe(false);
    for (const totals of [
      ...brand.totals,
      ...brand.byCreator.flatMap((g) => g.totals),
      ...brand.byPlatform.flatMap((g) => g.totals),
    ]) {
      expect('platformIncomeLost' in totals).toBe(false);
    }
  });

  it('leaves downThrough empty when the platform itself was reported down', () => {
    const instagram = outage({ id: 'ig', slugs: ['instagram'], title: 'Instagram down' });
    const direct = buildReportModel(
      buildInput([instagram], { deliverables: example.deliverables, accounts: [] }),
    );
    expect(direct.deliverables.map((row) => [row.deliverableId, row.downThrough])).toEqual([
      ['y-live', []],
      ['x-reel', []],
    ]);
  });
});

describe('buildReportModel: a period', () => {
  const example = workedExample();
  const partial = outage({
    id: 'outage-instagram-partial',
    title: 'Instagram degraded',
    slugs: ['instagram'],
    startsAt: utc('2024-03-05T15:00:00Z'),
    endsAt: utc('2024-03-05T16:30:00Z'),
    severity: 'PARTIAL',
    degradationBps: 5_000,
  });

  it('counts a deliverable hit by two outages once, at its worst, and the totals add up', () => {
    const model = buildReportModel(
      buildInput([example.meta, partial], {
        deliverables: example.deliverables,
        accounts: example.accounts,
        kind: 'PERIOD',
      }),
    );
    expect(model.title).toBe('Period report: 2024-03-01 to 2024-04-01');
    expect(model.outages.map((o) => [o.title, o.deliverablesHit])).toEqual([
      ['Meta down', 4],
      ['Instagram degraded', 2], // the reel (AT_RISK) and Y live (RECOVERABLE on YouTube)
    ]);
    expect(model.deliverables).toHaveLength(4);
    const reel = model.deliverables.find((row) => row.deliverableId === 'x-reel')!;
    expect(reel).toMatchObject({ outcome: 'DELAYED', atRisk: 0n, outageId: 'outage-meta' });
    expect(reel.outageIds).toEqual(['outage-meta', 'outage-instagram-partial']);

    const sums = sumRows(model);
    expect(model.totals.map(withoutIncome)).toEqual(Object.values(sums));
    // Same money as Meta alone: the degraded hour adds nothing at risk.
    expect(model.totals.find((t) => t.currency === 'USD')).toMatchObject({
      delayed: 159_000n,
      atRisk: 0n,
      platformIncomeLost: 1_167n, // the partial hour lies inside Meta's window: counted once
    });
    expect(model.platformIncome).toEqual([
      expect.objectContaining({
        loss: 1_167n,
        outageIds: ['outage-meta', 'outage-instagram-partial'],
      }),
    ]);
  });

  it('reports progress per outage and per chunk of rows, ending at done = total', () => {
    const calls: Array<[number, number]> = [];
    const progress = new ProgressCounter((done, total) => calls.push([done, total]), 3);
    progress.start();
    progress.advance(); // outage 1 (the service does this)
    progress.advance(); // outage 2
    buildReportModel({
      ...buildInput([example.meta, partial], { deliverables: example.deliverables }),
      progress,
    });
    progress.finish();
    expect(calls[0]).toEqual([0, 3]);
    expect(calls.at(-1)).toEqual([6, 6]); // 2 outages + 4 rows
    for (let i = 1; i < calls.length; i++)
      expect(calls[i][0]).toBeGreaterThanOrEqual(calls[i - 1][0]);
    expect(ROW_CHUNK).toBeGreaterThan(0);
  });

  it('is provisional while an outage is ongoing at asOf', () => {
    const ongoing = outage({
      id: 'ongoing',
      slugs: ['instagram'],
      endsAt: null,
      startsAt: utc('2024-03-05T15:00:00Z'),
    });
    const model = buildReportModel(
      buildInput([ongoing], {
        deliverables: example.deliverables,
        asOf: utc('2024-03-05T16:30:00Z'),
      }),
    );
    expect(model.provisional).toBe(true);
    expect(model.outages[0]).toMatchObject({
      ongoing: true,
      endsAt: null,
      countedUntil: utc('2024-03-05T16:30:00Z'),
    });
    expect(model.recommendations.at(-1)).toMatchObject({
      code: 'PROVISIONAL_FIGURES',
      text: expect.stringMatching(/^Figures are provisional/),
    });
  });

  it('has an empty but complete model when no outage falls in the period', () => {
    const model = buildReportModel(buildInput([], { deliverables: [], kind: 'PERIOD' }));
    expect(model).toMatchObject({
      outages: [],
      deliverables: [],
      totals: [],
      platformIncome: [],
      provisional: false,
      asOf: AS_OF,
    });
    expect(totalsByCurrency([])).toEqual([]);
  });
});

describe('viewer and title', () => {
  const viewer = (overrides: Partial<Viewer>): Viewer => ({
    userId: 'u',
    email: 'e',
    role: 'CREATOR',
    isAdmin: false,
    tokenId: 't',
    creatorId: null,
    brandIds: [],
    ...overrides,
  });
  const creators = new Map([['maya', 'Maya']]);
  const brands = new Map([
    ['acme', 'Acme'],
    ['globex', 'Globex'],
  ]);

  it('describes whose view the report is', () => {
    expect(
      describeViewer(viewer({ isAdmin: true, creatorId: 'maya' }), true, creators, brands),
    ).toEqual({
      role: 'ADMIN',
      description: 'admin view',
      seesPlatformIncome: true,
    });
    expect(describeViewer(viewer({ creatorId: 'maya' }), true, creators, brands)).toEqual({
      role: 'CREATOR',
      description: "Maya's view",
      seesPlatformIncome: true,
    });
    expect(
      describeViewer(viewer({ role: 'BRAND', brandIds: ['acme'] }), false, creators, brands),
    ).toEqual({
      role: 'BRAND',
      description: "Acme's view",
      seesPlatformIncome: false,
    });
    expect(
      describeViewer(
        viewer({ role: 'BRAND', brandIds: ['globex', 'acme'] }),
        false,
        creators,
        brands,
      ).description,
    ).toBe("Acme and Globex's view");
    expect(describeViewer(viewer({ role: 'BRAND' }), false, creators, brands).description).toBe(
      'brand view',
    );
  });

  it('titles reports by outage, or by period and platform', () => {
    const period = { from: utc('2024-03-01T00:00:00Z'), to: utc('2024-03-05T12:30:00Z') };
    expect(reportTitle('OUTAGE', [{ title: 'Meta down' }], null, null)).toBe(
      'Outage report: Meta down',
    );
    expect(
      reportTitle('PERIOD', [], period, { id: 'p', slug: 'instagram', name: 'Instagram' }),
    ).toBe('Period report: 2024-03-01 to 2024-03-05 12:30 UTC (Instagram)');
  });
});
