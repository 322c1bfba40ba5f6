import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DataSource } from 'typeorm';
import { allMigrations } from '../../migrations';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { EMBEDDED_EXTENSIONS } from '../../src/database/embedded-template';
import { FixedClock } from '../../src/infrastructure/clock';
import { ChildService } from '../support/spawn-app';
import { TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * A database populated by the previous release (e91eb9a), upgraded by the current migrations:
 * every row survives, the data migrations transform what they document, and the API answers
 * what that release answered. The API changed in issues 11 and 13, so values are compared, not
 * shapes: the current answers are asked with aliases for renamed fields and folded back into the
 * release's shape (`inReleaseShape`). What differs on purpose, applied to the release's answers:
 * - Deal.notes is private to the deal's creator (issue 11): null for administrators and brands.
 * - A PLANNED deliverable of an ACTIVE deal past its deadline is OVERDUE (issue 11), unless LOST.
 * - DeliverableImpact/ReportDeliverable money parts that do not apply to the outcome are null,
 *   not zero; delayMinutes is null for LOST and AT_RISK (issue 11).
 * - The exposure's percentage strings (`share`) are gone; `shareBps` stays (issue 13).
 * The fixture and how it was made: test/fixtures/upgrade/README.md.
 */
const onServer = Boolean(process.env.DATABASE_URL);
const ROOT = resolve(__dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/upgrade');
const RELEASE = 'e91eb9a';

const releaseMigrations = readFileSync(join(FIXTURE, `${RELEASE}.migrations.txt`), 'utf8')
  .split('\n')
  .filter(Boolean);
const answers = JSON.parse(readFileSync(join(FIXTURE, `${RELEASE}.answers.json`), 'utf8'));

/**
 * Every migration after the release, and what this spec checks of it. A new migration fails the
 * first test until it is added here with its checks: the upgrade path is part of its review.
 */
const COVERED_MIGRATIONS: Record<string, string> = {
  DealSharedNotes1764979200000:
    'deals.shared_notes is empty for every existing deal, notes unchanged',
  ChangeFeed1765065600000:
    'webhook_events: deal_id backfilled from the deliverable, actor_user_id null, one txid',
  DeliverableBrand1765159200000:
    "deliverables.brand_id backfilled from each deliverable's deal; no existing value changes",
  Receivables1765245600000:
    'deals: no deposit (0 bps, 0 days), activated_at = created_at for ACTIVE and COMPLETED deals; empty payment ledger',
  BrandActions1765332000000:
    'deals: no approval required (48 h lead); no reschedule proposals, no drafts',
};

/** Tables whose rows the app itself may add while serving the checks (sign-in, audit). */
const GROWS_WHILE_SERVING = new Set(['access_tokens', 'app_secrets', 'audit_entries']);

/** Per table: row count and a checksum of the columns the release had, in a stable order. */
type Snapshot = Record<string, { rows: number; checksum: string }>;

async function tableColumns(dataSource: DataSource): Promise<Record<string, string[]>> {
  const rows: Array<{ table_name: string; column_name: string }> = await dataSource.query(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> 'migrations'
      ORDER BY table_name, ordinal_position`,
  );
  const columns: Record<string, string[]> = {};
  for (const row of rows) (columns[row.table_name] ??= []).push(row.column_name);
  return columns;
}

async function snapshot(
  dataSource: DataSource,
  columns: Record<string, string[]>,
): Promise<Snapshot> {
  const result: Snapshot = {};
  for (const [table, names] of Object.entries(columns)) {
    const list = names.map((name) => `"${name}"`).join(', ');
    const [row]: Array<{ rows: string | number; checksum: string | null }> = await dataSource.query(
      `SELECT count(*) AS rows, md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), ''))
           AS checksum FROM (SELECT ${list} FROM "${table}") r`,
    );
    result[table] = { rows: Number(row.rows), checksum: row.checksum ?? '' };
  }
  return result;
}

/** Connects to the database for set-up and inspection only (no entities, no app). */
async function connect(
  target: { url: string } | { pglite: PGlite },
  migrations: typeof allMigrations,
): Promise<DataSource> {
  const options = buildDataSourceOptions(
    { DATABASE_URL: 'url' in target ? target.url : undefined, DATABASE_POOL_SIZE: 1 },
    'pglite' in target ? target.pglite : null,
  );
  const dataSource = new DataSource({ ...options, migrations });
  return dataSource.initialize();
}

// The release's queries (record-e91eb9a.mjs) asked of the current schema: aliases give the
// renamed fields their old names, `nodes` of a connection stands for the old list.
const M = 'amount currency minor';
const TOTALS = `currency delayed { ${M} } lost { ${M} } retained { ${M} } recoverable { ${M} }
  atRisk { ${M} } platformIncomeLost { ${M} } byOutcome { outcome deliverableCount }`;
const DEAL = `id title status currency signedOn notes createdAt updatedAt version totalFee { ${M} }
  terms { netPaymentDays latePenaltyBpsPerDay latePenaltyCapBps killAfterDaysLate killFeeBps forceMajeure }
  alternatePlatforms { slug } brand { id name } creator { id } impact { ${TOTALS} }
  deliverables { id title kind timing status platform { slug } scheduledAt dueAt slotEndsAt
    durationMinutes fee { ${M} } postedAt postUrl version createdAt updatedAt
    risk { level explanation provisional suggestedPlatform { slug } suggestedSlot: suggestedSlotAt
      outages { id } } }`;
const PAGE = 'first: 100';
const IMPACT = `asOf: evaluatedAt provisional simulated
  window { title startsAt endsAt severity degradationBps }
  directPlatforms { slug } affectedPlatforms { slug } totals { ${TOTALS} }
  byCreator(${PAGE}) { nodes { creatorId totals { ${TOTALS} } } }
  byBrand(${PAGE}) { nodes { brandId totals { ${TOTALS} } } }
  byPlatform(${PAGE}) { nodes { platformId totals { ${TOTALS} } } }
  byDeal(${PAGE}) { nodes { dealId totals { ${TOTALS} } } }
  platformIncome(${PAGE}) { nodes { creatorId platformId downtimeMinutes explanation factorBps
    loss { ${M} } } }
  deliverables(${PAGE}) { totalCount edges { node { outcome explanation provisional
    fee { ${M} } delayed { ${M} } lost { ${M} } retained { ${M} } recoverable { ${M} } atRisk { ${M} }
    delayMinutes daysLate penaltyBps suggestedPlatform { slug } suggestedSlot: suggestedSlotAt
    effectiveDeadline: effectiveDeadlineAt originalPaymentDue: originalPaymentDueAt
    newPaymentDue: newPaymentDueAt deliverable { id } } } }`;
const REPORT = `asOf: evaluatedAt kind title provisional period { from: startsAt to: endsAt }
  platformFilter { slug } viewer { role description seesPlatformIncome } totals { ${TOTALS} }
  recommendations { text }
  outages(${PAGE}) { nodes { id title severity degradationBps startsAt endsAt ongoing provisional
    countedUntil: countedUntilAt deliverablesHit directPlatforms { slug } dependentPlatforms { slug } } }
  byCreator(${PAGE}) { nodes { creatorId creatorName totals { ${TOTALS} } } }
  byBrand(${PAGE}) { nodes { brandId brandName totals { ${TOTALS} } } }
  byDeal(${PAGE}) { nodes { dealId dealTitle creatorId creatorName brandId brandName
    totals { ${TOTALS} } terms { netPaymentDays latePenaltyBpsPerDay latePenaltyCapBps
      killAfterDaysLate killFeeBps forceMajeure alternatePlatforms { slug } } } }
  byPlatform(${PAGE}) { nodes { platform { slug } totals { ${TOTALS} } } }
  deliverables(${PAGE}) { nodes { deliverableId outageId outageIds dealId dealTitle creatorId
    creatorName brandId brandName title kind timing currency platform { slug } scheduledAt dueAt
    slotEnd: slotEndsAt durationMinutes outcome explanation provisional fee { ${M} }
    delayed { ${M} } lost { ${M} } retained { ${M} } recoverable { ${M} } atRisk { ${M} }
    lostWithForceMajeure { ${M} } delayMinutes daysLate penaltyBps suggestedPlatform { slug }
    suggestedSlot: suggestedSlotAt effectiveDeadline: effectiveDeadlineAt
    originalPaymentDue: originalPaymentDueAt newPaymentDue: newPaymentDueAt downThrough { slug } } }
  platformIncome(${PAGE}) { nodes { accountId creatorId creatorName downtimeMinutes explanation
    factorBps loss { ${M} } outageIds platform { slug } } }`;
const EXPOSURE = `from: startsAt to: endsAt advice { text } currencies { currency total { ${M} }
  deliverableCount concentrationIndex
  byProvider(${PAGE}) { nodes { provider { slug } amount { ${M} } shareBps deliverableCount
    dealsWithoutAlternates whatIf { startsAt endsAt deliverablesHit totals { ${TOTALS} } } } }
  byPlatform(${PAGE}) { nodes { platform { slug } amount { ${M} } shareBps deliverableCount } } }`;

const OUTCOME_COUNT_NAMES: Record<string, string> = {
  LOST: 'lost',
  LATE: 'late',
  DELAYED: 'delayed',
  AT_RISK: 'atRisk',
  RECOVERABLE: 'recoverable',
};

/**
 * A current answer in the release's shape: connections back to lists, `byOutcome` back to
 * `counts`, `{ text }` lists back to strings.
 */
function inReleaseShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inReleaseShape);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0] === 'nodes') return inReleaseShape(object.nodes);
  if (keys.length === 1 && keys[0] === 'text') return object.text;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(object)) {
    if (key === 'byOutcome') {
      result.counts = Object.fromEntries(
        (field as Array<{ outcome: string; deliverableCount: number }>).map((entry) => [
          OUTCOME_COUNT_NAMES[entry.outcome],
          entry.deliverableCount,
        ]),
      );
    } else {
      result[key] = inReleaseShape(field);
    }
  }
  return result;
}

/**
 * What the API answers differently on purpose (issue 11 and 13), applied to the release's answer.
 * Each entry: where, what, and why.
 */
const INTENTIONAL = {
  /** Deal.notes: private to the deal's creator since issue 11 (administrators get null). */
  adminNotes: (deal: any) => ({ ...deal, notes: null }),
  /** PlatformShare.share / ProviderShare.share: percentage strings removed (issue 13); shareBps stays. */
  noShareStrings: (share: any) => {
    const { share: _removed, ...rest } = share;
    return rest;
  },
};

/** Per money part of a deliverable's impact, the outcomes it applies to (issue 11: null otherwise). */
const PART_OUTCOMES: Record<string, string[]> = {
  atRisk: ['AT_RISK'],
  delayed: ['DELAYED', 'LATE'],
  lost: ['LOST', 'LATE'],
  recoverable: ['RECOVERABLE'],
  retained: ['LOST'],
};

/**
 * DeliverableImpact and ReportDeliverable: a money part that does not apply to the outcome is
 * null instead of a zero amount, and delayMinutes null for LOST and AT_RISK instead of 0
 * (issue 11, documented on each field). Only zeros may become null.
 */
function partsForOutcome(row: any): any {
  const result = { ...row };
  for (const [part, outcomes] of Object.entries(PART_OUTCOMES)) {
    if (!outcomes.includes(row.outcome)) {
      expect(row[part].minor).toBe('0');
      result[part] = null;
    }
  }
  if (['LOST', 'AT_RISK'].includes(row.outcome)) {
    expect(row.delayMinutes).toBe(0);
    result.delayMinutes = null;
  }
  return result;
}

function releaseImpact(impact: any): any {
  return {
    ...impact,
    deliverables: {
      ...impact.deliverables,
      edges: impact.deliverables.edges.map((edge: any) => ({ node: partsForOutcome(edge.node) })),
    },
  };
}

function releaseReport(report: any): any {
  return { ...report, deliverables: report.deliverables.map(partsForOutcome) };
}

/**
 * Deliverable.risk: a planned deliverable of an active deal whose deadline passed before "now" is
 * OVERDUE unless already LOST (issue 11),
 * its explanation prefixed with the deadline and the standing it had before; it suggests no slot.
 */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function releaseDeal(deal: any, now: string): any {
  return {
    ...deal,
    deliverables: deal.deliverables.map((deliverable: any) => {
      const { risk } = deliverable;
      const overdue =
        deliverable.status === 'PLANNED' && deal.status === 'ACTIVE' && deliverable.dueAt < now;
      // OVERDUE outranks every outcome but LOST.
      if (!overdue || risk.level === 'LOST') return deliverable;
      const before = risk.explanation ? ` Before that, ${risk.level}: ${risk.explanation}` : '';
      return {
        ...deliverable,
        risk: {
          ...risk,
          level: 'OVERDUE',
          // "Deadline passed on …" or, extended under force majeure, "Deadline (due … + …) passed on …".
          explanation: expect.stringMatching(
            new RegExp(
              `^Deadline .*passed on .* UTC without a post → OVERDUE\\.${escapeRegExp(before)}$`,
            ),
          ),
          suggestedPlatform: null,
          suggestedSlot: null,
        },
      };
    }),
  };
}

function releaseExposure(exposure: any): any {
  return {
    ...exposure,
    currencies: exposure.currencies.map((currency: any) => ({
      ...currency,
      byProvider: currency.byProvider.map(INTENTIONAL.noShareStrings),
      byPlatform: currency.byPlatform.map(INTENTIONAL.noShareStrings),
    })),
  };
}

describe(`upgrading a database from release ${RELEASE} (${onServer ? 'PostgreSQL server' : 'embedded engine'})`, () => {
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  let t: TestApp;
  let before: Snapshot;
  let releaseColumns: Record<string, string[]>;
  let appClosed = false;

  /** Opens the database behind the app's back (the app must be closed on the embedded engine). */
  async function inspect<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
    const pglite = dataDir
      ? await PGlite.create(dataDir, { extensions: EMBEDDED_EXTENSIONS })
      : undefined;
    const dataSource = await connect(
      pglite ? { pglite } : { url: database!.databaseUrl! },
      allMigrations,
    );
    try {
      return await work(dataSource);
    } finally {
      await dataSource.destroy();
      await pglite?.close();
    }
  }

  async function startApp(): Promise<TestApp> {
    return TestApp.start(
      {
        ...(dataDir ? { DATA_DIR: dataDir } : {}),
        // The release's answers were recorded with generous limits; the checks ask as much.
        GRAPHQL_MAX_COST: '1000000',
        RATE_LIMIT_COST_PER_MINUTE: '100000000',
        RATE_LIMIT_COST_PER_MINUTE_PER_IP: '100000000',
      },
      {
        ...(database ? { database, keepDatabase: true } : {}),
        // What the release called "now" (Deal.impact, Deliverable.risk, exposure).
        clock: new FixedClock(answers.capturedAt),
      },
    );
  }

  beforeAll(async () => {
    // The release's schema: exactly its migrations, then its data.
    const previous = allMigrations.filter((migration) =>
      releaseMigrations.includes(migration.name),
    );
    expect(previous.map((migration) => migration.name)).toEqual(releaseMigrations);
    let pglite: PGlite | undefined;
    if (onServer) {
      database = await createTestDatabase();
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'deal-ledger-upgrade-'));
      // Not openEmbeddedPostgres: a new folder would start from the current, migrated image.
      pglite = await PGlite.create(dataDir, { extensions: EMBEDDED_EXTENSIONS });
    }
    const setup = await connect(pglite ? { pglite } : { url: database!.databaseUrl! }, previous);
    try {
      await setup.runMigrations({ transaction: 'all' });
      await setup.query(readFileSync(join(FIXTURE, `${RELEASE}.sql`), 'utf8'));
      releaseColumns = await tableColumns(setup);
      before = await snapshot(setup, releaseColumns);
    } finally {
      await setup.destroy();
      await pglite?.close();
    }
    // The upgrade: the current app starts on it and runs the pending migrations.
    t = await startApp();
  });

  afterAll(async () => {
    if (!appClosed) await t?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs every migration after the release, each one covered here', async () => {
    const applied: Array<{ name: string }> = await t.sql(`SELECT name FROM migrations ORDER BY id`);
    expect(applied.map((row) => row.name)).toEqual(allMigrations.map((m) => m.name));
    const added = allMigrations
      .map((migration) => migration.name)
      .filter((name) => !releaseMigrations.includes(name));
    expect(added).toEqual(Object.keys(COVERED_MIGRATIONS));
  });

  it('keeps every row and every value the release stored', async () => {
    expect(before.deals.rows).toBe(answers.deals.length);
    expect(before.deliverables.rows).toBeGreaterThan(100);
    const after = await snapshot(t.dataSource, releaseColumns);
    for (const table of GROWS_WHILE_SERVING) {
      expect(after[table].rows).toBeGreaterThanOrEqual(before[table].rows);
      delete after[table];
    }
    const expected = Object.fromEntries(
      Object.entries(before).filter(([table]) => !GROWS_WHILE_SERVING.has(table)),
    );
    expect(after).toEqual(expected);
  });

  it("answers every deal's figures as the release did", async () => {
    expect(answers.deals.length).toBeGreaterThan(30);
    for (const expected of answers.deals) {
      const { deal } = await t.gqlOk(
        `query($id: ID!) { deal(id: $id) { ${DEAL} } }`,
        { id: expected.id },
        answers.tokens.admin,
      );
      expect(inReleaseShape(deal)).toEqual(
        releaseDeal(INTENTIONAL.adminNotes(expected), answers.capturedAt),
      );
    }
  });

  it("answers every outage's impact and report as the release did", async () => {
    expect(answers.outages.length).toBe(3);
    const { outages } = await t.gqlOk(
      `{ outages(first: 100) { edges { node { id title severity degradationBps startsAt endsAt
        ongoing source externalId version platforms { slug } } } } }`,
      {},
      answers.tokens.admin,
    );
    expect(outages.edges.map((edge: any) => edge.node)).toEqual(answers.outages);
    for (const outage of answers.outages) {
      const variables = { id: outage.id, asOf: answers.asOf };
      const { outageImpact } = await t.gqlOk(
        `query($id: ID!, $asOf: DateTime) { outageImpact(outageId: $id, asOf: $asOf) { ${IMPACT} } }`,
        variables,
        answers.tokens.admin,
      );
      expect(inReleaseShape(outageImpact)).toEqual(releaseImpact(answers.outageImpacts[outage.id]));
      const { outageReport } = await t.gqlOk(
        `query($id: ID!, $asOf: DateTime) { outageReport(outageId: $id, asOf: $asOf) { ${REPORT} } }`,
        variables,
        answers.tokens.admin,
      );
      expect(inReleaseShape(outageReport)).toEqual(releaseReport(answers.outageReports[outage.id]));
    }
  });

  it('answers the period reports and the exposure as the release did', async () => {
    for (const { from, to, platform, report } of answers.periodReports) {
      const { periodReport } = await t.gqlOk(
        `query($from: DateTime!, $to: DateTime!, $platformSlug: String, $asOf: DateTime) {
          periodReport(from: $from, to: $to, platformSlug: $platformSlug, asOf: $asOf) { ${REPORT} } }`,
        { from, to, platformSlug: platform ?? null, asOf: answers.asOf },
        answers.tokens.admin,
      );
      expect(inReleaseShape(periodReport)).toEqual(releaseReport(report));
    }
    const { exposure } = await t.gqlOk(
      `query($from: DateTime!, $to: DateTime!) { exposure(from: $from, to: $to) { ${EXPOSURE} } }`,
      answers.exposureWindow,
      answers.tokens.admin,
    );
    expect(inReleaseShape(exposure)).toEqual(releaseExposure(answers.exposure));
  });

  it("keeps accounts: the release's passwords and access tokens, and what each role may see", async () => {
    const meta2021 = answers.outages.find((outage: any) =>
      outage.startsAt.startsWith('2021-10-04'),
    );
    for (const role of ['creator', 'brand'] as const) {
      const expected = answers.scoped[role];
      const seen = await t.gqlOk(
        `query($id: ID!, $asOf: DateTime) { me { id email role }
          deals(first: 100) { totalCount edges { node { id notes } } }
          outageImpact(outageId: $id, asOf: $asOf) { totals { ${TOTALS} }
            deliverables(first: 100) { totalCount } } }`,
        { id: meta2021.id, asOf: answers.asOf },
        answers.tokens[role],
      );
      expect(inReleaseShape(seen)).toEqual(
        role === 'brand'
          ? // Deal.notes: a brand member reads null, not the creator's private text (issue 11).
            {
              ...expected,
              deals: {
                ...expected.deals,
                edges: expected.deals.edges.map((edge: any) => ({
                  node: { ...edge.node, notes: null },
                })),
              },
            }
          : expected,
      );
      // The release's password hash signs in as well.
      const { signIn } = await t.gqlOk(
        `mutation($input: SignInInput!) { signIn(input: $input) { token user { id } } }`,
        { input: { email: expected.me.email, password: 'ledger-demo-password' } },
      );
      expect(signIn.user.id).toBe(expected.me.id);
    }
  });

  it('splits the notes as DealSharedNotes documents: existing notes stay private', async () => {
    const deals: Array<{ notes: string; shared_notes: string }> = await t.sql(
      `SELECT notes, shared_notes FROM deals`,
    );
    expect(deals.filter((deal) => deal.notes !== '').length).toBeGreaterThanOrEqual(2);
    expect(deals.every((deal) => deal.shared_notes === '')).toBe(true);

    // Through the API: the creator still reads her notes; a brand sees only the (empty) shared ones.
    const withNotes = answers.scoped.creator.deals.edges
      .map((edge: any) => edge.node)
      .filter((deal: any) => deal.notes !== '');
    expect(withNotes.length).toBeGreaterThan(0);
    for (const deal of withNotes) {
      const seen = await t.gqlOk(
        `query($id: ID!) { deal(id: $id) { notes sharedNotes } }`,
        { id: deal.id },
        answers.tokens.creator,
      );
      expect(seen.deal).toEqual({ notes: deal.notes, sharedNotes: '' });
    }
  });

  it('backfills the change feed columns as ChangeFeed documents', async () => {
    const events: Array<{
      type: string;
      deliverable_id: string | null;
      deal_id: string | null;
      expected_deal_id: string | null;
      actor_user_id: string | null;
      txid: string;
    }> = await t.sql(
      `SELECT e.type, e.deliverable_id, e.deal_id, d.deal_id AS expected_deal_id,
              e.actor_user_id, e.txid::text AS txid
         FROM webhook_events e LEFT JOIN deliverables d ON d.id = e.deliverable_id`,
    );
    expect(events.length).toBe(before.webhook_events.rows);
    const withDeliverable = events.filter((event) => event.deliverable_id !== null);
    expect(withDeliverable.length).toBeGreaterThan(0);
    for (const event of withDeliverable) expect(event.deal_id).toBe(event.expected_deal_id);
    expect(events.filter((e) => e.deliverable_id === null).every((e) => e.deal_id === null)).toBe(
      true,
    );
    expect(events.every((event) => event.actor_user_id === null)).toBe(true);
    // Every row the release wrote gets the upgrade's own transaction id.
    expect(new Set(events.map((event) => event.txid)).size).toBe(1);
  });

  // Last: it stops the app, so that the commands have the (embedded) database to themselves.
  it('reverts the newest migration on the populated database, and re-running it restores the state', async () => {
    await t.close();
    appClosed = true;
    const newest = allMigrations[allMigrations.length - 1].name;
    // Everything but txid, which records the transaction that wrote a row (or ran the migration).
    const everything = (dataSource: DataSource) =>
      tableColumns(dataSource).then((columns) => {
        columns.webhook_events = columns.webhook_events.filter((column) => column !== 'txid');
        return snapshot(dataSource, columns);
      });
    const upgraded = await inspect(everything);

    const revert = await migrate('revert');
    expect(revert.output).toContain(`Reverted ${newest}`);
    await inspect(async (dataSource) => {
      const applied: Array<{ name: string }> = await dataSource.query(
        `SELECT name FROM migrations`,
      );
      expect(applied.map((row) => row.name)).not.toContain(newest);
      // The release's rows are all still there, unchanged.
      const reverted = await snapshot(dataSource, releaseColumns);
      for (const table of Object.keys(before)) {
        if (GROWS_WHILE_SERVING.has(table)) continue;
        expect({ table, ...reverted[table] }).toEqual({ table, ...before[table] });
      }
    });

    const run = await migrate('run');
    expect(run.output).toContain(`Applied  ${newest}`);
    expect(await inspect(everything)).toEqual(upgraded);
  });

  /** `npm run migration:<command>` as an operator runs it: the built script, the app's settings. */
  async function migrate(command: 'revert' | 'run'): Promise<{ output: string }> {
    const child = ChildService.spawn(
      `migrate ${command}`,
      process.execPath,
      [join(ROOT, 'dist/src/scripts/migrate.js'), command],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          ...(dataDir ? { DATA_DIR: dataDir } : { DATABASE_URL: database!.databaseUrl! }),
        },
      },
    );
    const exit = await child.waitForExit(60_000);
    // The output is in the diff when this fails.
    expect({ ...exit, output: child.output }).toMatchObject({ code: 0, signal: null });
    return { output: child.output };
  }
});
