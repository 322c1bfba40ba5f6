import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { AppError } from '../../src/common/errors/app-error';
import { AuthService } from '../../src/auth/auth.service';
import { BrandsService } from '../../src/brands/brands.service';
import { FixedClock } from '../../src/infrastructure/clock';
import { DEALS_CSV_COLUMNS } from '../../src/integrations/csv/deals-csv.columns';
import { parseDealsCsv } from '../../src/integrations/csv/deals-csv.format';
import { groupDealRows } from '../../src/integrations/csv/deals-csv.mapping';
import { DealsImportService } from '../../src/integrations/csv/deals-import.service';
import { describeProblems, importDealsFile, parseImportArgs } from '../../src/scripts/import-deals';
import { expectError, expectUserError } from '../support/errors';
import {
  CREATE_DEAL,
  createDeal,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

const SAMPLE_PATH = join(__dirname, '../../docs/deals-sample.csv');
const SAMPLE = readFileSync(SAMPLE_PATH, 'utf8');
const MAX_ROWS = 40;

// The query cost counts the import's deals as 50 and Deal.deliverables as 10: this whole answer
// is about 6 000, well under GRAPHQL_MAX_COST (15 000).
const IMPORT = `mutation Import($csv: String!, $dryRun: Boolean) {
  importDeals(input: { csv: $csv, dryRun: $dryRun }) {
    userErrors { field code message }
    dealsImport {
    dryRun dealCount deliverableCount totals { amount currency }
    deals {
      ref line title deliverableCount totalFee { amount currency }
      deal {
        id title status currency signedOn notes
        brand { name }
        alternatePlatforms { slug }
        terms { netPaymentDays latePenaltyBpsPerDay latePenaltyCapBps killAfterDaysLate killFeeBps forceMajeure }
        deliverables { title kind timing scheduledAt dueAt fee { amount } platform { slug } }
      }
    }
    }
  }
}`;

const LINK = `query { dealsExportLink { url expiresAt } }`;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * A CSV of `deals` deals of two deliverables each, as a first import has them: a brand named (in
 * two cases, so created once), a claimed brand by id, alternates, fees given and not. Two deals
 * have every kind of row already.
 */
function generatedCsv(deals: number, claimedBrandId: string): string {
  const rows = [DEALS_CSV_COLUMNS.join(',')];
  for (let deal = 1; deal <= deals; deal += 1) {
    // The first deal (of every five) names a claimed brand by id, the others by name.
    const brandId = deal % 5 === 1 ? claimedBrandId : '';
    const brandName = brandId ? '' : deal % 2 === 0 ? 'Bulk Brand' : 'BULK brand';
    for (const post of [1, 2]) {
      const at = `2030-0${1 + (deal % 9)}-1${post}T10:00:00Z`;
      const cells: Record<string, string> = {
        deal_ref: `d${deal}`,
        title: `Bulk ${deal}`,
        brand_name: brandName,
        brand_id: brandId,
        currency: 'USD',
        total_fee: '100.00',
        status: 'DRAFT',
        alternate_platforms: deal % 3 === 2 ? 'tiktok;youtube' : '',
        deliverable_title: `Post ${post}`,
        kind: 'POST',
        platform: post === 1 ? 'instagram' : 'youtube',
        scheduled_at: at,
        due_at: at,
        deliverable_fee: deal % 2 === 0 && post === 1 ? '30.00' : '',
      };
      rows.push(DEALS_CSV_COLUMNS.map((column) => cells[column] ?? '').join(','));
    }
  }
  return `${rows.join('\n')}\n`;
}

/** The creator profile of a creator account. */
async function creatorIdOf(t: TestApp, account: Account): Promise<string> {
  const [{ id }] = await t.sql(`SELECT id FROM creators WHERE user_id = $1`, [account.userId]);
  return id;
}

/** Rows of a CSV as objects, with each deal_ref replaced by the deal's ordinal in the file. */
function normalised(csv: string): Array<Record<string, string>> {
  const records = parse<Record<string, string>>(csv, { columns: true, bom: true });
  const ordinals = new Map<string, string>();
  return records.map((record) => {
    if (!ordinals.has(record.deal_ref)) ordinals.set(record.deal_ref, `#${ordinals.size + 1}`);
    return { ...record, deal_ref: ordinals.get(record.deal_ref)! };
  });
}

describe('deals as CSV: importDeals, npm run import:deals, GET /exports/deals.csv', () => {
  // The app's "now": export links expire REPORT_LINK_HOURS (24) after it.
  const NOW = '2031-06-01T12:00:00.000Z';
  const clock = new FixedClock(NOW);
  let t: TestApp;
  let admin: Account;

  async function counts() {
    const [row] = await t.sql(
      `SELECT (SELECT count(*) FROM deals)::int AS deals, (SELECT count(*) FROM deliverables)::int AS deliverables,
              (SELECT count(*) FROM brands)::int AS brands, (SELECT count(*) FROM audit_entries)::int AS audit`,
    );
    return row;
  }

  /**
   * Everything the account's deals wrote (deals, brands, deliverables, alternates in order, change
   * feed and audit trail, each in the order written), with ids replaced by what they stand for.
   */
  async function rowsWrittenBy(account: Account) {
    const creatorId = await creatorIdOf(t, account);
    const deals = await t.sql(
      `SELECT d.id, d.title, to_jsonb(d) - 'created_at' - 'updated_at' AS row
         FROM deals d WHERE d.creator_id = $1 ORDER BY d.title`,
      [creatorId],
    );
    const dealIds = deals.map((deal) => deal.id);
    const brands = await t.sql(
      `SELECT b.id, b.name, b.created_by_creator_id FROM brands b
        WHERE b.created_by_creator_id = $1 OR b.id IN (SELECT brand_id FROM deals WHERE id = ANY($2::uuid[]))
        ORDER BY b.name`,
      [creatorId, dealIds],
    );
    const deliverables = await t.sql(
      `SELECT x.id, d.title || ' / ' || x.title AS name, to_jsonb(x) - 'created_at' - 'updated_at' AS row
         FROM deliverables x JOIN deals d ON d.id = x.deal_id
        WHERE x.deal_id = ANY($1::uuid[]) ORDER BY d.title, x.scheduled_at, x.title`,
      [dealIds],
    );
    const alternates = await t.sql(
      `SELECT a.deal_id, a.position, p.slug FROM deal_alternate_platforms a JOIN platforms p ON p.id = a.platform_id
         JOIN deals d ON d.id = a.deal_id WHERE a.deal_id = ANY($1::uuid[]) ORDER BY d.title, a.position`,
      [dealIds],
    );
    const events = await t.sql(
      `SELECT type, outage_id, deliverable_id, deal_id, actor_user_id, data, reevaluate, parent_id,
              fanned_out_at IS NOT NULL AS fanned_out
         FROM webhook_events WHERE deal_id = ANY($1::uuid[]) ORDER BY seq`,
      [dealIds],
    );
    const audit = await t.sql(
      `SELECT actor_user_id, operation, entity_type, entity_id, deal_id, changes
         FROM audit_entries WHERE deal_id = ANY($1::uuid[]) ORDER BY seq`,
      [dealIds],
    );
    const names = new Map<string, string>([
      [creatorId, 'creator'],
      [account.userId, 'user'],
      ...deals.map((deal): [string, string] => [deal.id, `deal ${deal.title}`]),
      ...deliverables.map((row): [string, string] => [row.id, `deliverable ${row.name}`]),
      ...brands
        .filter((brand) => brand.created_by_creator_id === creatorId)
        .map((brand): [string, string] => [brand.id, `own brand ${brand.name}`]),
    ]);
    const written = { deals, brands, deliverables, alternates, events, audit };
    return JSON.parse(JSON.stringify(written).replace(UUID, (id) => names.get(id) ?? id));
  }

  async function exportCsv(token: string): Promise<string> {
    const response = await t
      .http()
      .get('/exports/deals.csv')
      .set('authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    return response.text;
  }

  beforeAll(async () => {
    t = await TestApp.start(
      { DEALS_CSV_MAX_ROWS: String(MAX_ROWS), DEALS_CSV_MAX_BYTES: '20000' },
      { clock },
    );
    admin = await signUpAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('docs/integrations.md shows docs/deals-sample.csv exactly', () => {
    const page = readFileSync(join(__dirname, '../../docs/integrations.md'), 'utf8');
    expect(page).toContain(`\`\`\`csv\n${SAMPLE}\`\`\``);
  });

  it('checks the sample on a dry run without writing, then imports it as is', async () => {
    const maya = await signUpCreator(t);
    const before = await counts();
    const dry = (await t.gqlOk(IMPORT, { csv: SAMPLE, dryRun: true }, maya.token)).importDeals
      .dealsImport;
    expect(dry).toMatchObject({
      dryRun: true,
      dealCount: 2,
      deliverableCount: 4,
      totals: [
        { amount: '150000', currency: 'JPY' },
        { amount: '1600.00', currency: 'USD' },
      ],
    });
    expect(dry.deals.map((d: any) => [d.ref, d.line, d.deal])).toEqual([
      ['spring', 2, null],
      ['tokyo', 4, null],
    ]);
    expect(await counts()).toEqual(before);

    const done = (await t.gqlOk(IMPORT, { csv: SAMPLE }, maya.token)).importDeals.dealsImport;
    expect(done).toMatchObject({ dryRun: false, dealCount: 2, deliverableCount: 4 });
    const [spring, tokyo] = done.deals.map((d: any) => d.deal);
    expect(spring).toMatchObject({
      title: 'Spring launch',
      status: 'ACTIVE',
      currency: 'USD',
      signedOn: '2026-02-20',
      notes: 'Usage rights: 12 months, paid social only',
      brand: { name: 'Acme Sportswear' },
      alternatePlatforms: [{ slug: 'youtube' }, { slug: 'tiktok' }],
      terms: {
        netPaymentDays: 30,
        latePenaltyBpsPerDay: 250,
        latePenaltyCapBps: 1500,
        killAfterDaysLate: 5,
        killFeeBps: 0,
        forceMajeure: false,
      },
    });
    expect(
      spring.deliverables.map((d: any) => [d.title, d.platform.slug, d.scheduledAt, d.fee.amount]),
    ).toEqual([
      ['Launch reel', 'instagram', '2026-03-05T16:00:00.000Z', '1200.00'],
      // 17:30 at +01:00.
      ['Launch live', 'facebook', '2026-03-05T16:30:00.000Z', '400.00'],
    ]);
    // No fees given: the 150000 JPY total is shared evenly; omitted terms take their defaults.
    expect(tokyo.deliverables.map((d: any) => d.fee.amount)).toEqual(['75000', '75000']);
    expect(tokyo.terms).toEqual({
      netPaymentDays: 45,
      latePenaltyBpsPerDay: 0,
      latePenaltyCapBps: 0,
      killAfterDaysLate: null,
      killFeeBps: 0,
      forceMajeure: true,
    });
    expect(tokyo.status).toBe('DRAFT');
    // The audit trail has every deal and deliverable, under the import's name.
    const audit = await t.sql(
      `SELECT entity_type, count(*)::int AS n FROM audit_entries
        WHERE operation = 'importDeals' AND actor_user_id = $1 GROUP BY entity_type ORDER BY entity_type`,
      [maya.userId],
    );
    expect(audit).toEqual([
      { entity_type: 'DEAL', n: 2 },
      { entity_type: 'DELIVERABLE', n: 4 },
    ]);
  });

  it('a retried import with the same Idempotency-Key replays the first answer and writes once', async () => {
    const lena = await signUpCreator(t);
    const send = () =>
      t
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${lena.token}`)
        .set('idempotency-key', 'csv-import-retry-1')
        .send({ query: IMPORT, variables: { csv: SAMPLE } });
    const before = await counts();
    const first = await send();
    const second = await send();
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.importDeals.userErrors).toEqual([]);
    expect(first.body.data.importDeals.dealsImport.dealCount).toBe(2);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.data).toEqual(first.body.data);
    const after = await counts();
    expect(after.deals - before.deals).toBe(2);
    expect(after.deliverables - before.deliverables).toBe(4);
  });

  it('refuses a file with bad rows, listing every problem by line and column, and writes nothing', async () => {
    const maya = await signUpCreator(t);
    const lines = SAMPLE.trimEnd().split('\n');
    const bad = [
      lines[0],
      lines[1].replace('Launch reel,REEL,instagram', 'Launch reel,GIF,myspace'),
      lines[2].replace('2026-03-05T17:30:00+01:00', 'next tuesday'),
      lines[3].replace('Kumo Tea,,JPY', 'Kumo Tea,,XXX'),
      lines[4].replace('Kumo Tea,,JPY', 'Kumo Tea,,XXX'),
    ].join('\n');
    const before = await counts();
    const response = await t.gql(IMPORT, { csv: bad }, maya.token);
    // Every problem, every row's and every one of a row, as a user error whose field runs into
    // the file: input.csv.<line>.<column>.
    const userErrors = expectUserError(response, 'importDeals', 'CSV_INVALID');
    const at = (line: string, column: string, code: string, message: RegExp) => ({
      field: ['input', 'csv', line, column],
      code,
      message: expect.stringMatching(message),
    });
    expect(userErrors).toEqual([
      at('2', 'kind', 'CSV_INVALID', /^line 2: kind: kind must be one of the following/),
      at('2', 'platform', 'CSV_INVALID', /^line 2: platform: Unknown platform "myspace"; see/),
      at(
        '3',
        'scheduled_at',
        'INVALID_DATE_TIME',
        /^line 3: scheduled_at: scheduled_at must be an ISO 86/,
      ),
      at('4', 'currency', 'UNKNOWN_CURRENCY', /^line 4: currency: Unknown currency "XXX"; use an/),
    ]);
    expect(await counts()).toEqual(before);
  });

  it('rolls back every deal when one fails while writing', async () => {
    const maya = await signUpCreator(t);
    // Every row passes the checks; the database then refuses the second deal, after the first
    // one is written in the same transaction (a constraint stands in for a late failure).
    await t.sql(
      `ALTER TABLE deals ADD CONSTRAINT test_no_tokyo CHECK (title <> 'Tokyo pop-up') NOT VALID`,
    );
    try {
      const before = await counts();
      const response = await t.gql(IMPORT, { csv: SAMPLE }, maya.token);
      expect(expectUserError(response, 'importDeals', 'INVALID_VALUE')).toHaveLength(1);
      expect(await counts()).toEqual(before);
    } finally {
      await t.sql(`ALTER TABLE deals DROP CONSTRAINT test_no_tokyo`);
    }
  });

  it('writes exactly what createDeal writes for the same deals, one after another', async () => {
    const globex = await signUpBrand(t, 'Globex Equivalent');
    const lines = SAMPLE.trimEnd().split('\n');
    const more = [
      // The first deal's brand again, in another case: reused, as createDeal would.
      'encore,Spring encore,ACME SPORTSWEAR,,USD,300.00,DRAFT,,,,,,,,tiktok,,Encore post,POST,instagram,2026-05-01T10:00:00Z,,2026-05-02T10:00:00Z,,',
      // A claimed brand by id, and no deliverables.
      `retainer,Globex retainer,,${globex.brandId},EUR,500.00,ACTIVE,2026-01-01,,,,,,,facebook;email;youtube,Paid quarterly,,,,,,,,`,
    ];
    const csv = [...lines, ...more].join('\n');
    const importer = await signUpCreator(t);
    const imported = (await t.gqlOk(IMPORT, { csv }, importer.token)).importDeals.dealsImport;
    expect(imported).toMatchObject({ dealCount: 4, deliverableCount: 5 });

    // The same deals through createDeal: the very inputs the file maps to, in the file's order.
    const parsed = parseDealsCsv(csv, { maxBytes: 20_000, maxRows: MAX_ROWS });
    if (!parsed.ok) throw new Error('the CSV does not parse');
    const { groups, problems } = groupDealRows(parsed.rows);
    expect(problems).toEqual([]);
    const creator = await signUpCreator(t);
    for (const { draft } of groups) {
      await t.gqlOk(CREATE_DEAL, { input: JSON.parse(JSON.stringify(draft)) }, creator.token);
    }

    const fromImport = await rowsWrittenBy(importer);
    const fromCreateDeal = await rowsWrittenBy(creator);
    expect(fromImport.deals).toHaveLength(4);
    expect(fromImport.events).toHaveLength(5);
    expect(fromImport.audit).toHaveLength(4 + 5);
    expect(new Set(fromImport.audit.map((entry: any) => entry.operation))).toEqual(
      new Set(['importDeals']),
    );
    expect(new Set(fromCreateDeal.audit.map((entry: any) => entry.operation))).toEqual(
      new Set(['createDeal']),
    );
    const anyOperation = (written: any) => ({
      ...written,
      audit: written.audit.map((entry: any) => ({ ...entry, operation: 'OPERATION' })),
    });
    expect(anyOperation(fromImport)).toEqual(anyOperation(fromCreateDeal));
    // Two brands named (Acme once, in two cases; Kumo Tea), Globex by id.
    expect(fromImport.brands.map((brand: any) => brand.id)).toEqual([
      'own brand Acme Sportswear',
      globex.brandId,
      'own brand Kumo Tea',
    ]);
    expect(fromImport.alternates.map((row: any) => [row.deal_id, row.position, row.slug])).toEqual([
      ['deal Globex retainer', 0, 'facebook'],
      ['deal Globex retainer', 1, 'email'],
      ['deal Globex retainer', 2, 'youtube'],
      ['deal Spring encore', 0, 'tiktok'],
      ['deal Spring launch', 0, 'youtube'],
      ['deal Spring launch', 1, 'tiktok'],
    ]);
  });

  it('imports in the same number of statements whatever the number of deals', async () => {
    const globex = await signUpBrand(t, 'Globex Bulk');
    const few = await signUpCreator(t);
    const many = await signUpCreator(t);
    const importCounted = async (account: Account, deals: number): Promise<number> => {
      await t.gqlOk(`query { me { id } }`, {}, account.token); // warm up per-token caches
      const csv = generatedCsv(deals, globex.brandId!);
      return t.countQueries(async () => {
        const done = await t.gqlOk(IMPORT, { csv }, account.token);
        expect(done.importDeals.dealsImport).toMatchObject({
          dealCount: deals,
          deliverableCount: 2 * deals,
        });
      });
    };
    const fewStatements = await importCounted(few, 2);
    const manyStatements = await importCounted(many, MAX_ROWS / 2);
    expect(manyStatements).toBe(fewStatements);
  });

  it('refuses files past the row and byte limits, and non-creators', async () => {
    const maya = await signUpCreator(t);
    const header = SAMPLE.split('\n')[0];
    const row = SAMPLE.split('\n')[4];
    const tooManyRows = [header, ...Array.from({ length: MAX_ROWS + 1 }, () => row)].join('\n');
    const rows = await t.gql(IMPORT, { csv: tooManyRows, dryRun: true }, maya.token);
    const [rowsError, ...otherRowsErrors] = expectUserError(
      rows,
      'importDeals',
      'CSV_TOO_LARGE',
      'input.csv',
    );
    expect(otherRowsErrors).toEqual([]);
    expect(rowsError.message).toContain(`more than ${MAX_ROWS} rows`);
    // Exactly at the limit is fine: one deal whose 40 deliverables share its total.
    const atLimit = [header, ...Array.from({ length: MAX_ROWS }, () => row)].join('\n');
    const accepted = await t.gqlOk(IMPORT, { csv: atLimit, dryRun: true }, maya.token);
    expect(accepted.importDeals.dealsImport).toMatchObject({
      dealCount: 1,
      deliverableCount: MAX_ROWS,
    });

    const tooManyBytes = `${header}\n${'x'.repeat(20_001)}`;
    const bytes = await t.gql(IMPORT, { csv: tooManyBytes }, maya.token);
    const [bytesError, ...otherBytesErrors] = expectUserError(
      bytes,
      'importDeals',
      'CSV_TOO_LARGE',
      'input.csv',
    );
    expect(otherBytesErrors).toEqual([]);
    expect(bytesError.message).toContain('at most 20000 are accepted');

    const brand = await signUpBrand(t, 'Some Brand');
    expectError(await t.gql(IMPORT, { csv: SAMPLE }, brand.token), 'FORBIDDEN');
    expectError(await t.gql(IMPORT, { csv: SAMPLE }), 'UNAUTHENTICATED');
  });

  it('exports deals in the import layout, and an export re-imports to an identical export', async () => {
    const maya = await signUpCreator(t);
    const claimed = await signUpBrand(t, 'Globex Claimed');
    await createDeal(t, maya.token, {
      title: 'Globex summer',
      brandId: claimed.brandId,
      brandName: undefined,
      signedOn: '2030-01-15',
      notes: 'Line one, with a comma\nLine two "quoted"\r\n=not a formula',
      sharedNotes: '+shared with Globex, "quoted"',
      alternatePlatformSlugs: ['youtube', 'tiktok'],
    });
    await createDeal(t, maya.token, {
      title: '=HYPERLINK("http://evil.example")',
      brandName: '-Minus Brand',
      status: 'DRAFT',
      terms: { netPaymentDays: 0, forceMajeure: true },
      deliverables: [
        {
          platformSlug: 'youtube',
          kind: 'LIVE',
          title: '@everyone stream',
          scheduledAt: '2030-05-01T18:00:00+02:00',
          durationMinutes: 90,
          dueAt: '2030-05-01T20:00:00+02:00',
          timing: 'FIXED',
        },
        {
          platformSlug: 'email',
          kind: 'NEWSLETTER',
          title: 'Recap — été',
          scheduledAt: '2030-05-02T08:00:00Z',
          dueAt: '2030-05-03T08:00:00Z',
        },
      ],
    });
    await createDeal(t, maya.token, {
      title: 'Tokyo retainer',
      brandName: 'Kumo Tea',
      currency: 'JPY',
      totalFee: '100000',
      deliverables: [],
    });

    const first = await exportCsv(maya.token);
    const header = first.split('\r\n')[0];
    expect(header).toBe(DEALS_CSV_COLUMNS.join(','));
    // Formula-looking text is guarded; numbers and dates are not.
    expect(first).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(first).toContain(`'-Minus Brand`);
    expect(first).toContain(`'@everyone stream`);
    const rows = normalised(first);
    expect(rows.map((r) => [r.deal_ref, r.title, r.brand_id, r.deliverable_fee])).toEqual([
      // Ordered by title: "'=…" after the guard is still "=…" in the database, which sorts first.
      ['#1', '\'=HYPERLINK("http://evil.example")', '', '800.00'],
      ['#1', '\'=HYPERLINK("http://evil.example")', '', '800.00'],
      ['#2', 'Globex summer', claimed.brandId, '400.00'],
      ['#2', 'Globex summer', claimed.brandId, '1200.00'],
      ['#3', 'Tokyo retainer', '', ''],
    ]);
    expect(rows[2]).toMatchObject({
      notes: 'Line one, with a comma\nLine two "quoted"\r\n=not a formula',
      shared_notes: '\'+shared with Globex, "quoted"',
      alternate_platforms: 'youtube;tiktok',
      signed_on: '2030-01-15',
      kill_after_days_late: '5',
      force_majeure: 'false',
      scheduled_at: '2030-03-05T15:30:00.000Z',
    });
    expect(rows[0]).toMatchObject({
      scheduled_at: '2030-05-01T16:00:00.000Z',
      duration_minutes: '90',
      kill_after_days_late: '',
    });

    // Into a fresh creator: the same deals, so the same export apart from deal_ref.
    const noor = await signUpCreator(t);
    const imported = (await t.gqlOk(IMPORT, { csv: first }, noor.token)).importDeals.dealsImport;
    expect(imported).toMatchObject({ dealCount: 3, deliverableCount: 4 });
    const second = await exportCsv(noor.token);
    expect(normalised(second)).toEqual(rows);
    expect(second).not.toBe(first); // the refs (deal ids) differ
    expect(second.replace(/^[0-9a-f-]{36},/gm, '')).toBe(first.replace(/^[0-9a-f-]{36},/gm, ''));
  });

  it('exports what the caller may see: own deals, a brand its deals, an admin all', async () => {
    const creatorA = await signUpCreator(t);
    const creatorB = await signUpCreator(t);
    const brand = await signUpBrand(t, 'Initech Visible');
    await createDeal(t, creatorA.token, {
      title: 'A with Initech',
      brandId: brand.brandId,
      brandName: undefined,
    });
    await createDeal(t, creatorA.token, { title: 'A private', brandName: 'Hidden Co' });
    await createDeal(t, creatorB.token, {
      title: 'B with Initech',
      brandId: brand.brandId,
      brandName: undefined,
    });

    const titles = async (token: string) => [
      ...new Set(normalised(await exportCsv(token)).map((r) => r.title)),
    ];
    expect(await titles(creatorA.token)).toEqual(['A private', 'A with Initech']);
    expect(await titles(brand.token)).toEqual(['A with Initech', 'B with Initech']);
    const all = await titles(admin.token);
    expect(all).toEqual(expect.arrayContaining(['A private', 'A with Initech', 'B with Initech']));
    const [{ n }] = await t.sql(`SELECT count(DISTINCT title)::int AS n FROM deals`);
    expect(all).toHaveLength(n);
  });

  it('exports in the same number of statements whatever the number of deals', async () => {
    const few = await signUpCreator(t);
    const many = await signUpCreator(t);
    await createDeal(t, few.token, { title: 'Only one' });
    for (const title of ['One', 'Two', 'Three', 'Four']) {
      await createDeal(t, many.token, { title, alternatePlatformSlugs: ['youtube'] });
    }
    await exportCsv(few.token); // warm up per-token caches
    await exportCsv(many.token);
    const fewQueries = await t.countQueries(() => exportCsv(few.token));
    const manyQueries = await t.countQueries(() => exportCsv(many.token));
    expect(manyQueries).toBe(fewQueries);
  });

  it('serves a signed link without a token, and refuses a tampered, expired or missing one', async () => {
    const maya = await signUpCreator(t);
    await createDeal(t, maya.token, { title: 'Linked deal' });
    const link = (await t.gqlOk(LINK, {}, maya.token)).dealsExportLink;
    const url = new URL(link.url);
    expect(url.pathname).toBe('/exports/deals.csv');
    expect(link.expiresAt).toBe('2031-06-02T12:00:00.000Z'); // 24 h after the clock's now

    const opened = await t.http().get(`${url.pathname}${url.search}`);
    expect(opened.status).toBe(200);
    expect(opened.headers['content-type']).toContain('text/csv');
    expect(opened.headers['content-disposition']).toContain('attachment');
    expect(opened.headers['cache-control']).toBe('private, no-store');
    expect(opened.text).toBe(await exportCsv(maya.token));

    const tampered = new URL(link.url);
    tampered.searchParams.set('u', admin.userId);
    const refused = await t.http().get(`${tampered.pathname}${tampered.search}`);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'This export link is not valid',
    });
    // A report link's signature does not open the export (the path is signed).
    const report = await t.gqlOk(
      `query { reportLink(input: { from: "2030-01-01T00:00:00Z", to: "2030-02-01T00:00:00Z", format: CSV }) { url } }`,
      {},
      maya.token,
    );
    const reportUrl = new URL(report.reportLink.url);
    expect((await t.http().get(`${reportUrl.pathname}${reportUrl.search}`)).status).toBe(200);
    const swapped = await t.http().get(`/exports/deals.csv${reportUrl.search}`);
    expect(swapped.status).toBe(401);
    expect(swapped.body.error.message).toBe('This export link is not valid');

    // Open until the clock reaches its expiry, then refused as expired.
    try {
      clock.set(new Date(Date.parse(link.expiresAt) - 1));
      expect((await t.http().get(`${url.pathname}${url.search}`)).status).toBe(200);
      clock.set(link.expiresAt);
      const expired = await t.http().get(`${url.pathname}${url.search}`);
      expect(expired.status).toBe(401);
      expect(expired.body.error.message).toBe('This export link has expired');
    } finally {
      clock.set(NOW);
    }

    const anonymous = await t.http().get('/exports/deals.csv');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect(anonymous.body.error.message).toMatch(/dealsExportLink/);
    const badToken = await t
      .http()
      .get('/exports/deals.csv')
      .set('authorization', 'Bearer not-a-token');
    expect(badToken.status).toBe(401);
  });

  it('npm run import:deals: the same import from a file, as the creator named by email', async () => {
    expect(parseImportArgs(['deals.csv', '--creator', 'a@b.c', '--dry-run'])).toEqual({
      file: 'deals.csv',
      creator: 'a@b.c',
      dryRun: true,
    });
    expect(parseImportArgs(['deals.csv'])).toBeNull();
    expect(parseImportArgs(['a.csv', 'b.csv', '--creator', 'a@b.c'])).toBeNull();

    const maya = await signUpCreator(t);
    const before = await counts();
    const dry = await importDealsFile(t.app, {
      file: SAMPLE_PATH,
      creator: maya.email,
      dryRun: true,
    });
    expect([dry.dealCount, dry.deliverableCount]).toEqual([2, 4]);
    expect(await counts()).toEqual(before);
    const done = await importDealsFile(t.app, {
      file: SAMPLE_PATH,
      creator: maya.email.toUpperCase(),
      dryRun: false,
    });
    expect(done.deals.map((d) => d.deal?.title)).toEqual(['Spring launch', 'Tokyo pop-up']);
    expect((await counts()).deals).toBe(before.deals + 2);

    const brand = await signUpBrand(t, 'Not A Creator');
    await expect(
      importDealsFile(t.app, { file: SAMPLE_PATH, creator: brand.email, dryRun: false }),
    ).rejects.toThrow(/brand account/);
    await expect(
      importDealsFile(t.app, { file: SAMPLE_PATH, creator: 'nobody@example.com', dryRun: false }),
    ).rejects.toThrow(/No account/);

    const badFile = join(mkdtempSync(join(tmpdir(), 'deals-csv-')), 'bad.csv');
    writeFileSync(badFile, SAMPLE.replace('1200.00,FLEXIBLE', '1200.001,FLEXIBLE'));
    const error = await importDealsFile(t.app, {
      file: badFile,
      creator: maya.email,
      dryRun: false,
    }).catch((caught: AppError) => caught);
    expect(describeProblems(error as AppError)).toBe(
      'Nothing was imported; 1 problem(s):\n  line 2, deliverable_fee: "1200.001" has more decimals than USD allows (2)',
    );
  });
});

// Its own database: the sample's brand gets an account here, which would change the other tests.
describe('deals CSV import: strict cells and brands with an account', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.close();
  });

  it('re-checks while writing: a brand claimed since the checks refuses its deal, on its line, and nothing is written', async () => {
    const noor = await signUpCreator(t);
    const recheck = await signUpBrand(t, 'Recheck Tea');
    const csv = SAMPLE.replaceAll('Acme Sportswear', 'Fresh Label').replaceAll(
      'Kumo Tea',
      'Recheck Tea',
    );
    const count = () =>
      t.sql(`SELECT (SELECT count(*) FROM deals) AS deals, (SELECT count(*) FROM brands) AS brands,
                    (SELECT count(*) FROM webhook_events) AS events, (SELECT count(*) FROM audit_entries) AS audit`);
    const before = await count();
    // The checks before the transaction find no brand with an account, as if Recheck Tea had
    // signed up in between; the transaction's own check must still refuse the second deal.
    const brands = t.app.get(BrandsService);
    const claimed = jest.spyOn(brands, 'claimedBrandsNamed').mockResolvedValueOnce(new Map());
    try {
      const response = await t.gql(IMPORT, { csv }, noor.token);
      expect(expectUserError(response, 'importDeals', 'BRAND_HAS_ACCOUNT')).toEqual([
        {
          field: ['input', 'csv', '4', 'brand_name'],
          code: 'BRAND_HAS_ACCOUNT',
          message: `line 4: brand_name: The brand "Recheck Tea" has an account on Deal Ledger: pass brandId ${recheck.brandId} instead of brandName, so that the brand sees the deal`,
        },
      ]);
      expect(claimed).toHaveBeenCalledTimes(2);
    } finally {
      claimed.mockRestore();
    }
    expect(await count()).toEqual(before);
  });

  it('resolves the brands of many deals at once as it would one deal after another', async () => {
    const claimed = await signUpBrand(t, 'Batch Claimed');
    const refs = [
      { brandName: ' New Label ' },
      { brandName: 'NEW LABEL' },
      { brandName: '   ' },
      { brandId: 'nope' },
      { brandId: claimed.brandId!.toUpperCase() },
      { brandName: 'batch claimed' },
      { brandId: '00000000-0000-4000-8000-000000000000' },
      {},
      { brandName: 'Other Label' },
    ];
    const brands = t.app.get(BrandsService);
    const outcome = (result: unknown) =>
      result instanceof Error
        ? { error: result.message, details: (result as AppError).details }
        : { name: (result as { name: string }).name, id: (result as { id: string }).id };
    const [first, second] = [await signUpCreator(t), await signUpCreator(t)];
    const [firstId, secondId] = [await creatorIdOf(t, first), await creatorIdOf(t, second)];
    const batched = await t.dataSource.transaction(async (manager) =>
      (await brands.findOrCreateForDeals(manager, firstId, refs, 'input')).map(outcome),
    );
    const oneByOne = await t.dataSource.transaction(async (manager) => {
      const results = [];
      for (const ref of refs) {
        const result = await brands
          .findOrCreateForDeal(manager, secondId, ref, 'input')
          .catch((error: unknown) => error);
        results.push(outcome(result));
      }
      return results;
    });
    // Each creator's own new brands differ by id; the same reference reuses the same one.
    const sameness = (results: Array<Record<string, unknown>>) =>
      results.map((result) =>
        result.id && result.id !== claimed.brandId
          ? { ...result, id: results.findIndex((other) => other.id === result.id) }
          : result,
      );
    expect(sameness(batched)).toEqual(sameness(oneByOne));
    expect(batched.map((result) => result.name ?? result.details.reason)).toEqual([
      'New Label',
      'New Label',
      'INVALID_BRAND_NAME',
      'UNKNOWN_BRAND',
      'Batch Claimed',
      'BRAND_HAS_ACCOUNT',
      'UNKNOWN_BRAND',
      'BRAND_REF_REQUIRED',
      'Other Label',
    ]);
    // Only the names given create brands, once each.
    expect(
      await t.sql(`SELECT name FROM brands WHERE created_by_creator_id = $1 ORDER BY name`, [
        firstId,
      ]),
    ).toEqual([{ name: 'New Label' }, { name: 'Other Label' }]);
  });

  it('parses dates strictly, refuses NUL and lone surrogates, and a brand with an account by name', async () => {
    const maya = await signUpCreator(t);
    const acme = await signUpBrand(t, 'Acme Sportswear');
    const lines = SAMPLE.trimEnd().split('\n');
    const before = await t.sql(
      `SELECT (SELECT count(*) FROM deals) AS deals, (SELECT count(*) FROM brands) AS brands`,
    );
    const dates = [
      lines[0],
      lines[1].replace('2026-03-05T16:00:00Z', '2031-02-30T16:00:00Z'),
      lines[2],
      lines[3],
      lines[4],
    ].join('\n');
    const refused = await t.gql(IMPORT, { csv: dates, dryRun: true }, maya.token);
    // The sample names Acme Sportswear: now a brand with an account, it must come by id.
    expect(expectUserError(refused, 'importDeals', 'INVALID_DATE_TIME')).toEqual([
      {
        field: ['input', 'csv', '2', 'scheduled_at'],
        code: 'INVALID_DATE_TIME',
        message: expect.stringContaining('2031-02-30T16:00:00Z is not a real date and time'),
      },
      {
        field: ['input', 'csv', '2', 'brand_name'],
        code: 'BRAND_HAS_ACCOUNT',
        message: expect.stringContaining(`put ${acme.brandId} in brand_id`),
      },
    ]);
    // NUL characters and lone surrogates never reach the database (the service parses the same
    // text a GraphQL request or the command line hands it).
    const imports = t.app.get(DealsImportService);
    const viewer = (await t.app.get(AuthService).viewerForUser(maya.userId))!;
    const bad = [
      lines[0],
      ...lines.slice(3).map((line) => line.replace('Pop-up short', 'Pop-up\u0000short')),
      lines[3].replace('tokyo,Tokyo pop-up', 'osaka,Osaka \uD83D pop-up'),
    ].join('\n');
    const error = await imports.import(viewer, bad, { dryRun: true }).then(
      () => null,
      (caught: AppError) => caught,
    );
    expect(error?.details.problems).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'deliverable_title',
        reason: 'INVALID_CHARACTER',
      }),
      expect.objectContaining({ line: 4, column: 'title', reason: 'INVALID_CHARACTER' }),
    ]);
    expect(
      await t.sql(
        `SELECT (SELECT count(*) FROM deals) AS deals, (SELECT count(*) FROM brands) AS brands`,
      ),
    ).toEqual(before);
  });
});
