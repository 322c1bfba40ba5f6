import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  COMPONENT_STATUSES,
  INCIDENT_IMPACTS,
  INCIDENT_STATUSES,
  parseStatuspageDocument,
  type ComponentStatus,
  type StatuspageIncident,
} from './statuspage-document';
import {
  componentKey,
  decide,
  planImport,
  planIncident,
  type ExistingOutage,
  type FeedMapping,
  type PlannedOutage,
} from './statuspage-mapping';

const META: FeedMapping = {
  platforms: new Map([
    ['facebook', 'facebook'],
    ['instagram', 'instagram'],
    ['whatsapp', 'whatsapp'],
    ['messenger', 'messenger'],
    ['meta platform', 'meta'],
  ]),
  partialDegradationBps: 5000,
};

function fixtureIncidents(name = 'incidents.json'): StatuspageIncident[] {
  const text = readFileSync(join(__dirname, '../../../test/fixtures/statuspage', name), 'utf8');
  const result = parseStatuspageDocument(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.document.incidents;
}

const byId = (id: string, name?: string) => fixtureIncidents(name).find((i) => i.id === id)!;
const iso = (date: Date | null) => (date === null ? null : date.toISOString());
const summary = (outage: PlannedOutage) => [
  outage.platformSlug,
  iso(outage.startsAt),
  iso(outage.endsAt),
  outage.severity,
  outage.degradationBps,
];

const T0 = new Date('2025-01-01T00:00:00Z').getTime();
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function incident(overrides: Partial<StatuspageIncident> = {}): StatuspageIncident {
  return {
    path: 'incidents[0]',
    id: 'inc1',
    name: 'Something broke',
    status: 'resolved',
    impact: 'minor',
    createdAt: at(5),
    startedAt: at(0),
    resolvedAt: at(120),
    componentNames: [],
    updates: [],
    ...overrides,
  };
}

const move = (
  minutes: number,
  name: string,
  newStatus: ComponentStatus,
  oldStatus: ComponentStatus | null = null,
) => ({ displayAt: at(minutes), affectedComponents: [{ name, oldStatus, newStatus }] });

describe('planIncident: the fixture', () => {
  it('4 Oct 2021: one FULL outage per platform, windows from the component transitions', () => {
    const plan = planIncident(byId('yxw5tlbpvd0x'), META);
    expect(plan.outages.map(summary)).toEqual([
      // 15:39 (09:39 −06:00, first update) to 21:45 (back to operational); worst: major_outage
      ['facebook', '2021-10-04T15:39:00.000Z', '2021-10-04T21:45:00.000Z', 'FULL', 10_000],
      ['instagram', '2021-10-04T15:39:00.000Z', '2021-10-04T21:45:00.000Z', 'FULL', 10_000],
      ['messenger', '2021-10-04T15:39:00.000Z', '2021-10-04T21:45:00.000Z', 'FULL', 10_000],
      // WhatsApp was back at 21:30 (15:30 −06:00)
      ['whatsapp', '2021-10-04T15:39:00.000Z', '2021-10-04T21:30:00.000Z', 'FULL', 10_000],
    ]);
    expect(plan.outages[0]).toMatchObject({
      externalId: 'yxw5tlbpvd0x:facebook',
      title: 'Facebook, Instagram, WhatsApp and Messenger unavailable',
    });
    expect(plan.skipped).toEqual([]);
    expect(plan.unmapped).toEqual([]);
  });

  it('an ongoing minor incident is a PARTIAL outage with no end, at the feed degradation', () => {
    const plan = planIncident(byId('k8m2x4pq7rzt'), { ...META, partialDegradationBps: 3000 });
    expect(plan.outages.map(summary)).toEqual([
      ['instagram', '2025-06-02T12:50:00.000Z', null, 'PARTIAL', 3000],
    ]);
  });

  it('the same incident resolved later ends at the update where Instagram is operational again', () => {
    const plan = planIncident(byId('k8m2x4pq7rzt', 'incidents-resolved.json'), META);
    // 11:20 −05:00 = 16:20 UTC
    expect(plan.outages.map(summary)).toEqual([
      ['instagram', '2025-06-02T12:50:00.000Z', '2025-06-02T16:20:00.000Z', 'PARTIAL', 5000],
    ]);
  });

  it('5 Mar 2024: no transitions, so the impact (major → FULL) and created_at (no started_at)', () => {
    const plan = planIncident(byId('p0s5t2w8y6ua'), META);
    expect(plan.outages.map(summary)).toEqual([
      ['facebook', '2024-03-05T15:00:00.000Z', '2024-03-05T17:20:00.000Z', 'FULL', 10_000],
      ['instagram', '2024-03-05T15:00:00.000Z', '2024-03-05T17:20:00.000Z', 'FULL', 10_000],
    ]);
  });

  it('skips maintenance, impact none, and incidents with no mapped component (reported)', () => {
    const plan = planImport(fixtureIncidents(), META);
    expect(plan.outages).toHaveLength(7); // 1 Instagram + 2 in 2024 + 4 in 2021
    expect(plan.skipped.map((skip) => [skip.incidentId, skip.platformSlug, skip.reason])).toEqual([
      ['c4tq0h2v8n1w', null, 'MAINTENANCE'],
      ['n3r7v9b1c5xe', null, 'NO_MAPPED_COMPONENTS'],
      ['h6j1k7l3m9qo', 'messenger', 'NO_IMPACT'],
    ]);
    expect(plan.unmapped).toEqual(['Ads Manager']);
  });
});

describe('planIncident: rules', () => {
  const mapping: FeedMapping = {
    platforms: new Map([
      ['instagram', 'instagram'],
      ['instagram api', 'instagram'],
      ['whatsapp', 'whatsapp'],
    ]),
    partialDegradationBps: 2500,
  };

  it('matches component names trimmed and case-insensitively', () => {
    expect(componentKey('  Instagram API ')).toBe('instagram api');
    const plan = planIncident(incident({ componentNames: [' INSTAGRAM '] }), mapping);
    expect(plan.outages.map((o) => o.platformSlug)).toEqual(['instagram']);
  });

  it('impact decides without transitions: critical/major FULL, minor PARTIAL, none skipped', () => {
    const severity = (impact: StatuspageIncident['impact']) => {
      const plan = planIncident(incident({ impact, componentNames: ['WhatsApp'] }), mapping);
      return plan.outages[0]?.severity ?? plan.skipped[0].reason;
    };
    expect(severity('critical')).toBe('FULL');
    expect(severity('major')).toBe('FULL');
    expect(severity('minor')).toBe('PARTIAL');
    expect(severity('none')).toBe('NO_IMPACT');
    expect(severity('maintenance')).toBe('MAINTENANCE');
  });

  it('a component in major_outage makes it FULL whatever the impact', () => {
    const plan = planIncident(
      incident({ impact: 'minor', updates: [move(10, 'WhatsApp', 'major_outage')] }),
      mapping,
    );
    expect(plan.outages.map(summary)).toEqual([
      ['whatsapp', iso(at(10)), iso(at(120)), 'FULL', 10_000], // open until resolved_at
    ]);
  });

  it('the worst status seen decides; the window runs to the return to operational', () => {
    const plan = planIncident(
      incident({
        impact: 'critical',
        updates: [
          move(40, 'Instagram', 'operational', 'partial_outage'),
          move(10, 'Instagram', 'degraded_performance', 'operational'),
          move(20, 'Instagram', 'partial_outage', 'degraded_performance'),
        ],
      }),
      mapping,
    );
    // critical impact, but Instagram itself was never worse than partial_outage
    expect(plan.outages.map(summary)).toEqual([
      ['instagram', iso(at(10)), iso(at(40)), 'PARTIAL', 2500],
    ]);
  });

  it('several components of one platform: down while any is down', () => {
    const plan = planIncident(
      incident({
        updates: [
          move(10, 'Instagram', 'partial_outage'),
          move(15, 'Instagram API', 'major_outage'),
          move(30, 'Instagram', 'operational'),
          move(50, 'Instagram API', 'operational'),
        ],
      }),
      mapping,
    );
    expect(plan.outages.map(summary)).toEqual([
      ['instagram', iso(at(10)), iso(at(50)), 'FULL', 10_000],
    ]);
  });

  it('down, back, down again: from the first fall to the last return (or resolved_at)', () => {
    const updates = [
      move(10, 'WhatsApp', 'partial_outage'),
      move(20, 'WhatsApp', 'operational'),
      move(60, 'WhatsApp', 'partial_outage'),
    ];
    expect(planIncident(incident({ updates }), mapping).outages.map(summary)).toEqual([
      ['whatsapp', iso(at(10)), iso(at(120)), 'PARTIAL', 2500],
    ]);
    const ongoing = incident({ updates, resolvedAt: null, status: 'identified' });
    expect(planIncident(ongoing, mapping).outages[0].endsAt).toBeNull();
    const back = [...updates, move(90, 'WhatsApp', 'operational')];
    expect(
      planIncident(incident({ updates: back, resolvedAt: null }), mapping).outages[0].endsAt,
    ).toEqual(at(90));
  });

  it('a component first seen already down counts from the incident start', () => {
    const plan = planIncident(
      incident({ updates: [move(30, 'WhatsApp', 'operational', 'major_outage')] }),
      mapping,
    );
    expect(plan.outages.map(summary)).toEqual([
      ['whatsapp', iso(at(0)), iso(at(30)), 'FULL', 10_000],
    ]);
  });

  it('only maintenance, or never down, in the transitions: the platform is skipped', () => {
    const maintenance = planIncident(
      incident({
        updates: [move(10, 'WhatsApp', 'under_maintenance'), move(20, 'WhatsApp', 'operational')],
      }),
      mapping,
    );
    expect(maintenance.skipped.map((s) => [s.platformSlug, s.reason])).toEqual([
      ['whatsapp', 'MAINTENANCE'],
    ]);
    const fine = planIncident(
      incident({ impact: 'major', updates: [move(10, 'WhatsApp', 'operational')] }),
      mapping,
    );
    expect(fine.skipped.map((s) => [s.platformSlug, s.reason])).toEqual([
      ['whatsapp', 'NO_IMPACT'],
    ]);
  });

  it('a window that does not end after it starts is skipped', () => {
    const plan = planIncident(
      incident({ componentNames: ['WhatsApp'], startedAt: at(60), resolvedAt: at(60) }),
      mapping,
    );
    expect(plan.outages).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual(['EMPTY_WINDOW']);
  });

  it('reports unmapped names once, as first written, and skips when nothing is mapped', () => {
    const plan = planIncident(
      incident({
        componentNames: ['Ads Manager', 'Graph API'],
        updates: [move(5, 'ads manager', 'partial_outage')],
      }),
      mapping,
    );
    expect(plan.unmapped).toEqual(['Ads Manager', 'Graph API']);
    expect(plan.skipped.map((s) => s.reason)).toEqual(['NO_MAPPED_COMPONENTS']);
    expect(planIncident(incident(), mapping).skipped[0].message).toBe(
      'The incident names no components',
    );
  });

  it('maintenance statuses skip the whole incident', () => {
    const plan = planIncident(
      incident({ status: 'in_progress', impact: 'minor', componentNames: ['WhatsApp'] }),
      mapping,
    );
    expect(plan.skipped.map((s) => [s.platformSlug, s.reason])).toEqual([[null, 'MAINTENANCE']]);
  });
});

describe('decide', () => {
  const planned = planIncident(byId('k8m2x4pq7rzt'), META).outages[0];
  const stored = (fields: Partial<ExistingOutage> = {}): ExistingOutage => ({
    id: 'o1',
    externalId: planned.externalId,
    version: 1,
    title: planned.title,
    startsAt: planned.startsAt,
    endsAt: planned.endsAt,
    severity: planned.severity,
    degradationBps: planned.degradationBps,
    ...fields,
  });

  it('creates what is new and leaves what matches', () => {
    expect(decide(planned, undefined).action).toBe('create');
    expect(decide(planned, stored()).action).toBe('unchanged');
    // the same instant read back from the database is a different Date object
    expect(decide(planned, stored({ startsAt: new Date(planned.startsAt) })).action).toBe(
      'unchanged',
    );
  });

  it('a resolution ends the open outage', () => {
    const resolved = planIncident(byId('k8m2x4pq7rzt', 'incidents-resolved.json'), META).outages[0];
    const decision = decide(resolved, stored());
    expect(decision).toMatchObject({ action: 'update', changedFields: ['endsAt'], ends: true });
  });

  it('never reopens an ended outage; other changes still apply', () => {
    const ended = stored({ endsAt: at(999_999) });
    expect(decide(planned, ended).action).toBe('unchanged');
    const decision = decide({ ...planned, title: 'Renamed' }, ended);
    expect(decision).toMatchObject({ action: 'update', changedFields: ['title'], ends: false });
    expect(decision.action === 'update' && decision.next.endsAt).toEqual(at(999_999));
  });
});

describe('properties', () => {
  const names = ['Facebook', 'instagram ', 'Instagram API', 'WhatsApp', 'Ads Manager'];
  const mapping: FeedMapping = {
    platforms: new Map([
      ['facebook', 'facebook'],
      ['instagram', 'instagram'],
      ['instagram api', 'instagram'],
      ['whatsapp', 'whatsapp'],
    ]),
    partialDegradationBps: 4000,
  };
  const minute = fc.integer({ min: 0, max: 600 });
  const transition = fc.record({
    name: fc.constantFrom(...names),
    oldStatus: fc.option(fc.constantFrom(...COMPONENT_STATUSES), { nil: null }),
    newStatus: fc.constantFrom(...COMPONENT_STATUSES),
  });
  const update = fc.record({
    displayAt: minute.map(at),
    affectedComponents: fc.option(fc.array(transition, { maxLength: 3 }), { nil: null }),
  });
  const arbitraryIncident = fc
    .record({
      id: fc.stringMatching(/^[a-z0-9]{4,12}$/),
      status: fc.constantFrom(...INCIDENT_STATUSES),
      impact: fc.constantFrom(...INCIDENT_IMPACTS),
      createdAt: minute.map(at),
      startedAt: fc.option(minute.map(at), { nil: null }),
      resolvedAt: fc.option(minute.map(at), { nil: null }),
      componentNames: fc.array(fc.constantFrom(...names), { maxLength: 3 }),
      updates: fc.array(update, { maxLength: 6 }),
    })
    .map((fields) => incident(fields));
  const incidents = fc
    .uniqueArray(arbitraryIncident, { selector: (i) => i.id, maxLength: 5 })
    .map((list) => list.map((item, index) => ({ ...item, path: `incidents[${index}]` })));

  it('every planned window ends after it starts; FULL is 10 000 bps, PARTIAL the feed value', () => {
    fc.assert(
      fc.property(arbitraryIncident, (item) => {
        for (const outage of planIncident(item, mapping).outages) {
          if (outage.endsAt)
            expect(outage.endsAt.getTime()).toBeGreaterThan(outage.startsAt.getTime());
          expect(outage.degradationBps).toBe(outage.severity === 'FULL' ? 10_000 : 4000);
        }
      }),
    );
  });

  it('the order of updates and of their components does not matter', () => {
    fc.assert(
      fc.property(
        arbitraryIncident.chain((item) =>
          fc.tuple(
            fc.constant(item),
            fc.shuffledSubarray(item.updates, { minLength: item.updates.length }),
          ),
        ),
        ([item, shuffled]) => {
          const reversedInside = shuffled.map((u) => ({
            ...u,
            affectedComponents: u.affectedComponents && [...u.affectedComponents].reverse(),
          }));
          expect(planIncident({ ...item, updates: reversedInside }, mapping)).toEqual(
            planIncident(item, mapping),
          );
        },
      ),
    );
  });

  it('every incident ends up planned or skipped, and names only mapped platforms', () => {
    fc.assert(
      fc.property(arbitraryIncident, (item) => {
        const plan = planIncident(item, mapping);
        expect(plan.outages.length + plan.skipped.length).toBeGreaterThan(0);
        const mapped = new Set(mapping.platforms.values());
        for (const outage of plan.outages) expect(mapped.has(outage.platformSlug)).toBe(true);
        for (const name of plan.unmapped)
          expect(mapping.platforms.has(componentKey(name))).toBe(false);
      }),
    );
  });

  it('re-importing is a fixed point: applying the decisions, then deciding again, changes nothing', () => {
    fc.assert(
      fc.property(incidents, incidents, (first, second) => {
        const store = new Map<string, ExistingOutage>();
        const apply = (list: StatuspageIncident[]) => {
          for (const outage of planImport(list, mapping).outages) {
            const decision = decide(outage, store.get(outage.externalId));
            if (decision.action === 'unchanged') continue;
            const previous = decision.action === 'update' ? decision.existing : undefined;
            store.set(outage.externalId, {
              id: outage.externalId,
              externalId: outage.externalId,
              version: (previous?.version ?? 0) + 1,
              ...decision.next,
            });
          }
        };
        apply(first);
        apply(second);
        const snapshot = new Map(store);
        for (const outage of planImport(second, mapping).outages) {
          expect(decide(outage, store.get(outage.externalId)).action).toBe('unchanged');
        }
        apply(second);
        expect(store).toEqual(snapshot);
        for (const stored of store.values()) {
          if (stored.endsAt)
            expect(stored.endsAt.getTime()).toBeGreaterThan(stored.startsAt.getTime());
        }
      }),
    );
  });
});
