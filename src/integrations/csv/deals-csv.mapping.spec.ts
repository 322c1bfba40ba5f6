import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Viewer } from '../../auth/viewer';
import { DealsService } from '../../deals/deals.service';
import { parseDealsCsv, stringifyDealsCsv, type CsvProblem } from './deals-csv.format';
import { dealToRows, groupDealRows, type ExportDeal } from './deals-csv.mapping';
import { validateDealGroups, type DealsCsvContext } from './deals-csv.validate';

const LIMITS = { maxBytes: 1_000_000, maxRows: 1000 };
const SAMPLE = readFileSync(join(__dirname, '../../../docs/deals-sample.csv'), 'utf8');
// The full layout's header: sampleRow writes every column.
const HEADER = stringifyDealsCsv([]).split('\r\n')[0];

const creator: Viewer = {
  userId: 'u1',
  email: 'maya@example.com',
  role: 'CREATOR',
  isAdmin: false,
  tokenId: 't1',
  creatorId: 'c1',
  brandIds: [],
};

// createDeal's own pre-write checks: they touch neither the database, the brands nor the platforms.
const deals = new DealsService(null as never, null as never, null as never, null as never);
const context: DealsCsvContext = {
  knownPlatforms: new Set(['instagram', 'facebook', 'youtube', 'tiktok']),
  selectableBrandIds: new Set(['0b9f1c1e-8d2a-4c55-9a57-6a0e3c1f2b11']),
  claimedBrands: new Map([
    ['Globex', { id: '7d1f0c3e-2b4a-4c55-9a57-6a0e3c1f2b22', name: 'Globex' }],
  ]),
  dealProblems: (input) => deals.createProblems(creator, input),
};

function group(csv: string) {
  const parsed = parseDealsCsv(csv, LIMITS);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return groupDealRows(parsed.rows);
}

/** Every problem a file has, as `line column: message`. */
function problems(csv: string): CsvProblem[] {
  const grouped = group(csv);
  return [...grouped.problems, ...validateDealGroups(grouped.groups, context).problems];
}

/** The sample's first row as a deal of its own (total = its one fee), some cells replaced. */
function sampleRow(changes: Record<string, string>): string {
  const parsed = parseDealsCsv(SAMPLE, LIMITS);
  if (!parsed.ok) throw new Error('sample');
  const cells = { ...parsed.rows[0].cells, total_fee: '1200.00', ...changes };
  return stringifyDealsCsv([cells]).split('\r\n')[1];
}

describe('groupDealRows', () => {
  it('turns the sample into two createDeal inputs, deliverables in file order', () => {
    const { groups, problems: found } = group(SAMPLE);
    expect(found).toEqual([]);
    expect(groups.map((g) => [g.ref, g.line, g.deliverableLines])).toEqual([
      ['spring', 2, [2, 3]],
      ['tokyo', 4, [4, 5]],
    ]);
    expect(groups[0].draft).toEqual({
      title: 'Spring launch',
      brandName: 'Acme Sportswear',
      currency: 'USD',
      totalFee: '1600.00',
      status: 'ACTIVE',
      signedOn: '2026-02-20',
      terms: {
        netPaymentDays: 30,
        latePenaltyBpsPerDay: 250,
        latePenaltyCapBps: 1500,
        killAfterDaysLate: 5,
        killFeeBps: 0,
        forceMajeure: false,
      },
      alternatePlatformSlugs: ['youtube', 'tiktok'],
      notes: 'Usage rights: 12 months, paid social only',
      deliverables: [
        {
          platformSlug: 'instagram',
          kind: 'REEL',
          title: 'Launch reel',
          scheduledAt: new Date('2026-03-05T16:00:00Z'),
          durationMinutes: 0,
          dueAt: new Date('2026-03-05T18:00:00Z'),
          fee: '1200.00',
          timing: 'FLEXIBLE',
        },
        {
          platformSlug: 'facebook',
          kind: 'LIVE',
          title: 'Launch live',
          // 17:30 at +01:00 is 16:30 UTC.
          scheduledAt: new Date('2026-03-05T16:30:00Z'),
          durationMinutes: 30,
          dueAt: new Date('2026-03-05T17:00:00Z'),
          fee: '400.00',
          timing: 'FIXED',
        },
      ],
    });
    // Empty cells are omitted, as in GraphQL: the defaults apply.
    expect(groups[1].draft.terms).toEqual({ netPaymentDays: 45, forceMajeure: true });
    expect(groups[1].draft.deliverables![0]).not.toHaveProperty('fee');
  });

  it('uses brand_id when given (brand_name then only informs), and reads a deal with no deliverables', () => {
    const { groups } = group(
      `deal_ref,title,brand_name,brand_id,currency,total_fee,kind\nx,T,Acme,0b9f1c1e-8d2a-4c55-9a57-6a0e3c1f2b11,EUR,10,\n`,
    );
    expect(groups[0].draft).toEqual({
      title: 'T',
      brandId: '0b9f1c1e-8d2a-4c55-9a57-6a0e3c1f2b11',
      currency: 'EUR',
      totalFee: '10',
    });
  });

  it('groups rows by deal_ref even when they are not adjacent, and requires a deal_ref', () => {
    const { groups, problems: found } = group(
      'deal_ref,title,currency,total_fee,deliverable_title\na,A,USD,1,a1\nb,B,USD,1,b1\na,A,USD,1,a2\n,C,USD,1,c1\n',
    );
    expect(groups.map((g) => [g.ref, g.deliverableLines])).toEqual([
      ['a', [2, 4]],
      ['b', [3]],
    ]);
    expect(found).toEqual([
      { line: 5, column: 'deal_ref', message: expect.stringMatching(/empty/) },
    ]);
  });

  it('reports a deal column that differs between rows of one deal', () => {
    const { problems: found } = group(
      'deal_ref,title,currency,total_fee,deliverable_title\na,A,USD,10,one\na,A,EUR,10,two\n',
    );
    expect(found).toEqual([
      {
        line: 3,
        column: 'currency',
        message: expect.stringContaining('differs from line 2, the first row of deal_ref "a"'),
      },
    ]);
  });

  it('reports cells that cannot be converted, once each', () => {
    const found = problems(
      [
        HEADER,
        sampleRow({
          net_payment_days: 'thirty',
          force_majeure: 'maybe',
          scheduled_at: '2026-03-05 16:00',
        }),
      ].join('\n'),
    );
    expect(found.map((p) => [p.line, p.column])).toEqual([
      [2, 'net_payment_days'],
      [2, 'force_majeure'],
      [2, 'scheduled_at'],
    ]);
    expect(found[2].message).toMatch(/ISO 8601 date-time with an offset/);
  });
});

describe('validateDealGroups', () => {
  it('accepts the sample as it is', () => {
    const grouped = group(SAMPLE);
    const result = validateDealGroups(grouped.groups, context);
    expect(result.problems).toEqual([]);
    expect(result.deals.map((deal) => deal.input.deliverables?.length)).toEqual([2, 2]);
  });

  it('runs class-validator on CreateDealInput, named by line and column', () => {
    const found = problems(
      [
        HEADER,
        sampleRow({ kind: 'GIF' }),
        sampleRow({ deal_ref: 'b', net_payment_days: '400', title: 'x'.repeat(301) }),
        sampleRow({ deal_ref: 'c', status: 'COMPLETED', signed_on: '20/02/2026' }),
        sampleRow({ deal_ref: 'd', brand_id: 'acme' }),
      ].join('\n'),
    );
    expect(found.map((p) => [p.line, p.column, p.message])).toEqual([
      [2, 'kind', expect.stringMatching(/^kind must be one of the following values/)],
      [3, 'title', 'title must be shorter than or equal to 300 characters'],
      [3, 'net_payment_days', 'net_payment_days must not be greater than 365'],
      [4, 'status', 'a new deal starts as DRAFT or ACTIVE'],
      // The input class's own message, with the field named as the column.
      [4, 'signed_on', 'signed_on must be a date as YYYY-MM-DD'],
      [5, 'brand_id', 'brand_id must be an id from the brands query'],
    ]);
  });

  it('names unknown platforms and brands, and alternates listed twice', () => {
    const found = problems(
      [
        HEADER,
        sampleRow({ platform: 'myspace' }),
        sampleRow({ deal_ref: 'b', alternate_platforms: 'youtube;vine' }),
        sampleRow({ deal_ref: 'c', alternate_platforms: 'youtube;youtube' }),
        sampleRow({ deal_ref: 'd', brand_id: '4e0b3c52-60a5-4a8e-b2c1-5f3c2e7d9a10' }),
        sampleRow({ deal_ref: 'e', brand_name: '' }),
      ].join('\n'),
    );
    expect(found.map((p) => [p.line, p.column, p.message])).toEqual([
      [2, 'platform', 'Unknown platform "myspace"; see the platforms query for slugs'],
      [3, 'alternate_platforms', 'Unknown platform "vine"; see the platforms query for slugs'],
      [4, 'alternate_platforms', 'alternate_platforms lists a platform twice'],
      [
        5,
        'brand_id',
        expect.stringContaining('Unknown brand 4e0b3c52-60a5-4a8e-b2c1-5f3c2e7d9a10'),
      ],
      [6, 'brand_name', expect.stringContaining('Give brand_name')],
    ]);
  });

  it("runs createDeal's own checks: currency, amounts, deadlines, fee split, penalty cap", () => {
    const found = problems(
      [
        HEADER,
        sampleRow({ deal_ref: 'a', currency: 'XYZ' }),
        sampleRow({ deal_ref: 'b', total_fee: '1600.005' }),
        sampleRow({ deal_ref: 'c', due_at: '2026-03-05T15:00:00Z' }),
        sampleRow({ deal_ref: 'd', deliverable_fee: '1000.00' }),
        sampleRow({ deal_ref: 'e', late_penalty_cap_bps: '0' }),
      ].join('\n'),
    );
    expect(found.map((p) => [p.line, p.column, p.message])).toEqual([
      [2, 'currency', 'Unknown currency "XYZ"; use an ISO 4217 code such as USD'],
      [3, 'total_fee', '"1600.005" has more decimals than USD allows (2)'],
      [4, 'due_at', 'the deadline is before the scheduled slot'],
      // One 1000.00 deliverable for a 1200.00 deal: 200.00 is unaccounted for.
      [5, 'total_fee', expect.stringContaining("fall short of the deal's total by 200.00 USD")],
      [6, 'late_penalty_cap_bps', expect.stringContaining('late_penalty_cap_bps must be set')],
    ]);
  });

  it('reports every problem of a row, not only the first', () => {
    const found = problems(
      [
        HEADER,
        sampleRow({
          currency: 'XYZ',
          platform: 'myspace',
          kind: 'GIF',
          title: '   ',
          scheduled_at: '2026-03-05 16:00',
          late_penalty_cap_bps: '0',
        }),
      ].join('\n'),
    );
    expect(found.map((p) => [p.line, p.column])).toEqual([
      [2, 'scheduled_at'],
      [2, 'title'],
      [2, 'kind'],
      [2, 'platform'],
      [2, 'currency'],
      [2, 'late_penalty_cap_bps'],
    ]);
    expect(found[1].message).toBe('title must not be blank');
  });

  it('parses dates strictly: an impossible date is refused with its line and column, not moved', () => {
    const found = problems(
      [
        HEADER,
        sampleRow({ scheduled_at: '2031-02-30T10:00:00Z', due_at: '2031-02-29T10:00:00Z' }),
        sampleRow({ deal_ref: 'b', scheduled_at: '2031-03-01T24:00:00Z' }),
      ].join('\n'),
    );
    expect(found).toEqual([
      {
        line: 2,
        column: 'scheduled_at',
        message: expect.stringContaining('2031-02-30T10:00:00Z is not a real date and time'),
        reason: 'INVALID_DATE_TIME',
      },
      {
        line: 2,
        column: 'due_at',
        message: expect.stringContaining('2031-02-29T10:00:00Z is not a real date and time'),
        reason: 'INVALID_DATE_TIME',
      },
      {
        line: 3,
        column: 'scheduled_at',
        message: expect.stringContaining('not a real date and time'),
        reason: 'INVALID_DATE_TIME',
      },
    ]);
  });

  it('refuses a brand_name that is a brand with an account, naming its id', () => {
    // claimedBrands comes from the database, matched trimmed and in any case (see the e2e spec).
    const found = problems(
      [
        HEADER,
        sampleRow({ brand_name: ' Globex ' }),
        // By id the same brand is fine; brand_name is then only for people reading the file.
        sampleRow({
          deal_ref: 'b',
          brand_name: 'Globex',
          brand_id: '0b9f1c1e-8d2a-4c55-9a57-6a0e3c1f2b11',
        }),
      ].join('\n'),
    );
    expect(found).toEqual([
      {
        line: 2,
        column: 'brand_name',
        message: expect.stringContaining('put 7d1f0c3e-2b4a-4c55-9a57-6a0e3c1f2b22 in brand_id'),
        reason: 'BRAND_HAS_ACCOUNT',
      },
    ]);
  });

  it('places a fee problem on the row of its deliverable', () => {
    const rows = SAMPLE.trim().split('\n');
    const found = problems([rows[0], rows[1], rows[2].replace(',400.00,', ',4OO,')].join('\n'));
    expect(found).toEqual([
      {
        line: 3,
        column: 'deliverable_fee',
        message: expect.stringContaining('"4OO" is not a plain decimal'),
        reason: 'AMOUNT_FORMAT',
      },
    ]);
  });
});

describe('export rows → CSV → import input (property)', () => {
  const slug = fc.constantFrom('instagram', 'facebook', 'youtube', 'tiktok');
  const text = fc.string({ minLength: 1, maxLength: 12 }).filter((value) => value.trim() !== '');
  const instant = fc
    .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) })
    .map((ms) => new Date(ms).toISOString());
  const count = fc.integer({ min: 0, max: 365 }).map(String);
  const deal: fc.Arbitrary<ExportDeal> = fc.record({
    ref: fc.uuid(),
    title: text,
    brandName: text,
    brandId: fc.constantFrom('', '0b9f1c1e-8d2a-4c55-9a57-6a0e3c1f2b11'),
    currency: fc.constantFrom('USD', 'JPY', 'KWD'),
    totalFee: fc.constantFrom('0', '10', '1600'),
    status: fc.constantFrom('DRAFT', 'ACTIVE'),
    signedOn: fc.constantFrom('', '2026-02-20'),
    netPaymentDays: count,
    latePenaltyBpsPerDay: count,
    latePenaltyCapBps: count,
    killAfterDaysLate: fc.oneof(fc.constant(''), count),
    killFeeBps: count,
    forceMajeure: fc.constantFrom('true', 'false'),
    alternatePlatforms: fc.uniqueArray(slug, { maxLength: 3 }),
    notes: fc.string({ maxLength: 20 }),
    sharedNotes: fc.string({ maxLength: 20 }),
    deliverables: fc.array(
      fc.record({
        title: text,
        kind: fc.constantFrom('POST', 'REEL', 'LIVE'),
        platform: slug,
        scheduledAt: instant,
        durationMinutes: count,
        dueAt: instant,
        fee: fc.constantFrom('0', '5'),
        timing: fc.constantFrom('FLEXIBLE', 'FIXED'),
      }),
      { maxLength: 3 },
    ),
  });

  it('reads every exported value back into the createDeal input it came from', () => {
    fc.assert(
      fc.property(fc.uniqueArray(deal, { selector: (d) => d.ref, maxLength: 4 }), (exported) => {
        const csv = stringifyDealsCsv(exported.flatMap(dealToRows));
        const { groups, problems: found } = group(csv);
        expect(found).toEqual([]);
        expect(groups.map((g) => g.ref)).toEqual(exported.map((d) => d.ref));
        groups.forEach(({ draft }, index) => {
          const source = exported[index];
          expect(draft.title).toBe(source.title);
          expect(draft.brandId).toBe(source.brandId || undefined);
          expect(draft.brandName).toBe(source.brandId ? undefined : source.brandName);
          expect(draft.totalFee).toBe(source.totalFee);
          expect(draft.signedOn).toBe(source.signedOn || undefined);
          expect(draft.terms?.killAfterDaysLate).toBe(
            source.killAfterDaysLate === '' ? undefined : Number(source.killAfterDaysLate),
          );
          expect(draft.terms?.forceMajeure).toBe(source.forceMajeure === 'true');
          expect(draft.alternatePlatformSlugs ?? []).toEqual(source.alternatePlatforms);
          expect(draft.notes ?? '').toBe(source.notes);
          expect(draft.sharedNotes ?? '').toBe(source.sharedNotes);
          expect(
            (draft.deliverables ?? []).map((d) => [
              d.title,
              d.kind,
              d.platformSlug,
              d.scheduledAt?.toISOString(),
              String(d.durationMinutes),
              d.dueAt?.toISOString(),
              d.fee,
              d.timing,
            ]),
          ).toEqual(
            source.deliverables.map((d) => [
              d.title,
              d.kind,
              d.platform,
              d.scheduledAt,
              d.durationMinutes,
              d.dueAt,
              d.fee,
              d.timing,
            ]),
          );
        });
      }),
      { numRuns: 200 },
    );
  });
});
