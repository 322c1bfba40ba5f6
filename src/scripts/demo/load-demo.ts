import type { INestApplicationContext, Type } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuthService } from '../../auth/auth.service';
import { CreateAccessTokenInput, SignUpInput } from '../../auth/dto/auth.input';
import { requireAdmin, requireCreator } from '../../auth/require-role';
import type { Viewer } from '../../auth/viewer';
import { BrandsService } from '../../brands/brands.service';
import { CreateBrandInvitationInput } from '../../brands/dto/brand-invitation.input';
import { InputValidationPipe } from '../../common/errors/input-validation.pipe';
import { formatMoney } from '../../common/money';
import { DealsService } from '../../deals/deals.service';
import { CreateDealInput } from '../../deals/dto/deal.input';
import { DeliverablesService } from '../../deals/deliverables.service';
import { MarkDeliverablePostedInput } from '../../deals/dto/deliverable.input';
import type { ImpactOutcome } from '../../impact/engine';
import { ImpactService } from '../../impact/impact.service';
import { RecordOutageInput } from '../../outages/dto/outage.input';
import { OutagesService } from '../../outages/outages.service';
import { UpsertPlatformAccountInput } from '../../platforms/dto/platform.input';
import { PlatformAccountsService } from '../../platforms/platform-accounts.service';
import { RecordPaymentInput, WriteOffReceivableInput } from '../../receivables/dto/payment.input';
import { ReceivablesService } from '../../receivables/receivables.service';
import {
  buildDemoData,
  DEMO_ADMIN_EMAIL,
  DEMO_PASSWORD,
  SEEDED_PLATFORMS,
  type BrandRefSpec,
  type DealSpec,
} from './demo-data';

/** The database already holds data; nothing was changed. */
export class DemoRefusedError extends Error {
  override name = 'DemoRefusedError';
}

/** A step of the load failed; `cause` is the service's own error. */
export class DemoStepError extends Error {
  override name = 'DemoStepError';

  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Runs one step, naming it in any error it throws. */
async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof DemoStepError ? error : new DemoStepError(label, error);
  }
}

export interface LoadDemoOptions {
  /** Empty every application table first (keeps migrations and the seeded platform catalog). */
  reset?: boolean;
  /** Places the upcoming deliverables (from the start of this day, UTC); default now. */
  now?: Date;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface DemoAccount {
  key: string;
  email: string;
  role: 'ADMIN' | 'CREATOR' | 'BRAND';
  /** Display name for a creator, brand name(s) for a brand member. */
  label: string;
}

export interface DemoToken {
  email: string;
  label: string;
  token: string;
}

export interface DemoOutage {
  key: string;
  id: string;
  title: string;
  platforms: string[];
  startsAt: Date;
  endsAt: Date;
  severity: string;
  degradationBps: number;
  /** Per outcome, as the admin sees it. */
  counts: Record<ImpactOutcome, number>;
  /** "1055.00 USD", one per currency with anything lost. */
  lost: string[];
}

export interface DemoCounts {
  users: number;
  admins: number;
  creators: number;
  brandUsers: number;
  brands: number;
  unclaimedBrands: number;
  brandsWithSeveralMembers: number;
  platformAccounts: number;
  deals: number;
  dealsByStatus: Record<string, number>;
  dealCurrencies: string[];
  deliverables: number;
  deliverablesByStatus: Record<string, number>;
  upcomingDeliverables: number;
  outages: number;
  /** Ledger entries (all PAYMENTs). */
  payments: number;
  writeOffs: number;
}

export interface DemoResult {
  password: string;
  accounts: DemoAccount[];
  tokens: { admin: DemoToken; creator: DemoToken; brand: DemoToken };
  outages: DemoOutage[];
  counts: DemoCounts;
  /** Tables emptied by --reset (empty without it). */
  resetTables: string[];
  /** Tables --reset left alone: the catalog and the append-only ones (empty without it). */
  keptTables: string[];
  /** Start of the day the upcoming deliverables are placed from. */
  anchor: Date;
  elapsedMs: number;
}

/**
 * Tables --reset keeps: the migration log, the seeded platform catalog (trimmed back to the seed)
 * and the service's own signing keys. Tables that refuse TRUNCATE (a trigger makes them
 * append-only, like the audit trail) are kept as well: the demo never works around that guard.
 */
const KEPT_TABLES = ['migrations', 'platforms', 'platform_dependencies', 'app_secrets'];

interface Account extends DemoAccount {
  token: string;
  viewer: Viewer;
}

/**
 * Loads the demo data set through the application's own services, so every rule applies:
 * inputs are validated by the same pipe as the GraphQL layer, resolvers' role checks are repeated
 * (`requireCreator`, `requireAdmin`), fees are split by DealsService, tenancy by the services.
 * Each service call is its own transaction; any error stops the load and propagates.
 *
 * @throws DemoRefusedError when the database already has users (demo or not) and `reset` is off.
 */
export async function loadDemo(
  app: INestApplicationContext,
  options: LoadDemoOptions = {},
): Promise<DemoResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const dataSource = app.get(DataSource);
  const auth = app.get(AuthService);
  const brands = app.get(BrandsService);
  const deals = app.get(DealsService);
  const deliverables = app.get(DeliverablesService);
  const accountsService = app.get(PlatformAccountsService);
  const outagesService = app.get(OutagesService);
  const impact = app.get(ImpactService);
  const receivables = app.get(ReceivablesService);
  const pipe = new InputValidationPipe();

  /** The GraphQL layer's validation and transformation, applied to a service input. */
  const validated = async <T extends object>(type: Type<T>, value: T, name = 'input') =>
    (await pipe.transform(value, { type: 'body', metatype: type, data: name })) as T;

  let resetTables: string[] = [];
  let keptTables: string[] = [];
  if (options.reset) {
    ({ emptied: resetTables, kept: keptTables } = await resetDatabase(dataSource));
    log(`Emptied ${resetTables.length} tables (kept ${keptTables.join(', ')}).`);
  } else {
    await refuseUnlessEmpty(dataSource);
  }

  const anchor = startOfUtcDay(options.now ?? new Date());
  const data = buildDemoData(anchor);
  const accounts = new Map<string, Account>();
  const brandIds = new Map<string, string>();

  const account = (key: string): Account => {
    const found = accounts.get(key);
    if (!found) throw new Error(`demo data: no account "${key}"`);
    return found;
  };
  const refreshViewer = async (key: string): Promise<void> => {
    const entry = account(key);
    entry.viewer = await viewerFor(auth, entry.token);
  };
  const signUp = async (
    key: string,
    input: SignUpInput,
    role: DemoAccount['role'],
    label: string,
  ): Promise<Account> => {
    const issued = await step(`signing up ${input.email}`, async () =>
      auth.signUp(await validated(SignUpInput, input)),
    );
    const entry: Account = {
      key,
      email: issued.user.email,
      role,
      label,
      token: issued.token,
      viewer: await viewerFor(auth, issued.token),
    };
    accounts.set(key, entry);
    return entry;
  };

  // The first user on an empty database becomes its administrator.
  log('Signing up the administrator, creators and brands…');
  const admin = await signUp(
    'ops',
    { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD, role: 'BRAND' },
    'ADMIN',
    'administrator (no brand, no creator profile)',
  );
  if (!admin.viewer.isAdmin) {
    throw new Error(`${DEMO_ADMIN_EMAIL} did not become the administrator`);
  }

  for (const spec of data.brandUsers) {
    const entry = await signUp(
      spec.key,
      { email: spec.email, password: DEMO_PASSWORD, role: 'BRAND', brandName: spec.brandName },
      'BRAND',
      spec.brandName,
    );
    brandIds.set(spec.key, entry.viewer.brandIds[0]);
  }

  for (const spec of data.creators) {
    const entry = await signUp(
      spec.key,
      {
        email: spec.email,
        password: DEMO_PASSWORD,
        role: 'CREATOR',
        displayName: spec.displayName,
        homeCurrency: spec.homeCurrency,
        timeZone: spec.timeZone,
      },
      'CREATOR',
      `${spec.displayName} (${spec.homeCurrency}, ${spec.timeZone})`,
    );
    const creatorId = requireCreator(entry.viewer);
    for (const [platformSlug, handle, followers, dailyEarnings] of spec.accounts) {
      await step(`${spec.email}'s ${platformSlug} account`, async () =>
        accountsService.upsert(
          creatorId,
          await validated(UpsertPlatformAccountInput, {
            platformSlug,
            handle,
            followers,
            dailyEarnings: { amount: dailyEarnings, currency: spec.homeCurrency },
          }),
        ),
      );
    }
  }

  // Deals that name a brand come first: a named brand must exist before it can be claimed, and
  // other creators can only pick it once it is.
  const namesBrand = (spec: DealSpec) => 'name' in spec.brand;
  const createDeals = async (specs: DealSpec[]) => {
    for (const spec of specs) await step(`deal "${spec.title}"`, () => createDeal(spec));
  };
  const createDeal = async (spec: DealSpec): Promise<void> => {
    const owner = account(spec.creator);
    const input = await validated(CreateDealInput, {
      title: spec.title,
      ...brandInput(spec.brand, brandIds),
      currency: spec.currency,
      totalFee: spec.totalFee,
      status: spec.status === 'DRAFT' ? 'DRAFT' : 'ACTIVE',
      signedOn: spec.signedOn,
      terms: spec.terms,
      alternatePlatformSlugs: spec.alternates,
      notes: spec.notes,
      sharedNotes: spec.sharedNotes,
      deliverables: spec.deliverables.map((d) => ({
        platformSlug: d.platform,
        kind: d.kind,
        title: d.title,
        scheduledAt: d.at,
        durationMinutes: d.minutes,
        dueAt: d.due,
        fee: d.fee,
        timing: d.timing,
      })),
    });
    const deal = await deals.create(owner.viewer, input);
    if ('name' in spec.brand && spec.brand.key) brandIds.set(spec.brand.key, deal.brandId);

    const settled = spec.deliverables.filter((d) => d.posted || d.cancelled);
    const payments = spec.payments ?? [];
    const writeOffs = spec.writeOffs ?? [];
    if (settled.length + payments.length + writeOffs.length > 0) {
      const page = await deliverables.list(owner.viewer, {
        first: 100,
        filter: { dealId: deal.id },
      });
      const idByTitle = new Map(page.edges.map(({ node }) => [node.title, node.id]));
      const idOf = (title: string): string => {
        const id = idByTitle.get(title);
        if (!id) throw new Error(`demo data: "${title}" was not created on "${spec.title}"`);
        return id;
      };
      for (const d of settled) {
        const id = idOf(d.title);
        if (d.posted) {
          const url = `https://posts.example/${spec.creator}/${slugify(d.title)}`;
          await deliverables.markPosted(
            owner.viewer,
            id,
            await validated(MarkDeliverablePostedInput, { id, postedAt: d.posted, url }),
          );
        } else {
          await deliverables.cancel(owner.viewer, id);
        }
      }
      // Payments once the posts are up, as the recordPayment mutation takes them (the app's
      // clock refuses one received in the future); write-offs last, at the app's "now".
      for (const payment of payments) {
        const input = await validated(RecordPaymentInput, {
          dealId: deal.id,
          amount: { amount: payment.amount, currency: spec.currency },
          receivedAt: payment.receivedAt,
          reference: payment.reference,
          note: payment.note,
          receivableIds: payment.pays?.map(idOf),
        });
        await receivables.recordPayment(owner.viewer, { ...input, kind: input.kind ?? 'PAYMENT' });
      }
      for (const writeOff of writeOffs) {
        const input = await validated(WriteOffReceivableInput, {
          receivableId: idOf(writeOff.deliverable),
          reason: writeOff.reason,
        });
        await receivables.writeOff(owner.viewer, input.receivableId, input.reason);
      }
    }
    if (spec.status === 'COMPLETED') await deals.setStatus(owner.viewer, deal.id, 'COMPLETED');
  };

  log('Logging deals and deliverables…');
  await createDeals(data.deals.filter(namesBrand));

  log('Inviting brand members…');
  for (const spec of data.invitations) {
    await step(`inviting ${spec.email}`, async () => {
      const brandId = brandIds.get(spec.brand);
      if (!brandId) throw new Error(`demo data: no brand "${spec.brand}" to invite to`);
      const { code } = await brands.createInvitation(
        account(spec.invitedBy).viewer,
        await validated(CreateBrandInvitationInput, { brandId, email: spec.email }),
      );
      const member = await signUp(
        spec.key,
        { email: spec.email, password: DEMO_PASSWORD, role: 'BRAND' },
        'BRAND',
        '',
      );
      const brand = await brands.acceptInvitation(member.viewer, code);
      member.label = brand.name;
      await refreshViewer(spec.key);
    });
  }

  await createDeals(data.deals.filter((spec) => !namesBrand(spec)));

  log('Recording outages…');
  requireAdmin(admin.viewer);
  const recorded: Array<{ key: string; id: string }> = [];
  for (const spec of data.outages) {
    const outage = await step(`outage "${spec.title}"`, async () =>
      outagesService.record(
        admin.viewer,
        await validated(RecordOutageInput, {
          title: spec.title,
          platformSlugs: spec.platforms,
          startsAt: spec.startsAt,
          endsAt: spec.endsAt,
          severity: spec.severity,
          degradationBps: spec.degradationBps,
          source: spec.source,
          externalId: spec.externalId,
        }),
      ),
    );
    recorded.push({ key: spec.key, id: outage.id });
  }

  log('Issuing access tokens…');
  const issueToken = async (key: string, name: string): Promise<DemoToken> => {
    const holder = account(key);
    const issued = await auth.createAccessToken(
      holder.viewer,
      await validated(CreateAccessTokenInput, { name }),
    );
    return { email: holder.email, label: holder.label, token: issued.token };
  };
  const tokens = {
    admin: await issueToken(data.tokenHolders.admin, 'demo: administrator'),
    creator: await issueToken(data.tokenHolders.creator, 'demo: creator'),
    brand: await issueToken(data.tokenHolders.brand, 'demo: brand member'),
  };

  const outages: DemoOutage[] = [];
  for (const [index, spec] of data.outages.entries()) {
    const { impact: result } = await impact.outageImpact(admin.viewer, recorded[index].id);
    const counts: Record<ImpactOutcome, number> = {
      LOST: 0,
      LATE: 0,
      DELAYED: 0,
      AT_RISK: 0,
      RECOVERABLE: 0,
    };
    for (const totals of result.totals) {
      for (const outcome of Object.keys(counts) as ImpactOutcome[]) {
        counts[outcome] += totals.counts[outcome];
      }
    }
    outages.push({
      key: spec.key,
      id: recorded[index].id,
      title: spec.title,
      platforms: spec.platforms,
      startsAt: spec.startsAt,
      endsAt: spec.endsAt,
      severity: spec.severity,
      degradationBps: spec.degradationBps ?? 10_000,
      counts,
      lost: result.totals
        .filter((totals) => totals.lost > 0n)
        .map((totals) => `${formatMoney(totals.lost, totals.currency)} ${totals.currency}`),
    });
  }

  return {
    password: DEMO_PASSWORD,
    accounts: [...accounts.values()].map(({ key, email, role, label }) => ({
      key,
      email,
      role,
      label,
    })),
    tokens,
    outages,
    counts: await countDemo(dataSource),
    resetTables,
    keptTables,
    anchor,
    elapsedMs: Date.now() - started,
  };
}

function brandInput(
  ref: BrandRefSpec,
  brandIds: ReadonlyMap<string, string>,
): { brandId?: string; brandName?: string } {
  if ('name' in ref) return { brandName: ref.name };
  const brandId = brandIds.get(ref.key);
  if (!brandId) throw new Error(`demo data: brand "${ref.key}" is not known yet`);
  return { brandId };
}

async function viewerFor(auth: AuthService, token: string): Promise<Viewer> {
  const viewer = await auth.viewerForToken(token);
  if (!viewer) throw new Error('A token just issued was not accepted');
  return viewer;
}

async function refuseUnlessEmpty(dataSource: DataSource): Promise<void> {
  const [state] = await dataSource.query<Array<{ demo: boolean; users: number }>>(
    `SELECT EXISTS (SELECT 1 FROM users WHERE email = $1) AS demo, (SELECT count(*)::int FROM users) AS users`,
    [DEMO_ADMIN_EMAIL],
  );
  if (state.demo) {
    throw new DemoRefusedError(
      `The demo data is already loaded here (${DEMO_ADMIN_EMAIL} exists); nothing was changed. ` +
        `Run "npm run demo -- --reset" to empty the database and load it again.`,
    );
  }
  if (Number(state.users) > 0) {
    throw new DemoRefusedError(
      `This database already has ${state.users} user(s) that are not demo data; nothing was ` +
        `changed, so the demo never mixes into real data. --reset would DELETE ALL OF IT first.`,
    );
  }
}

/**
 * Empties every application table in one transaction, keeping those in KEPT_TABLES and the
 * append-only ones; platforms and edges added since the migrations are removed, seeded edges
 * removed since are restored.
 */
async function resetDatabase(
  dataSource: DataSource,
): Promise<{ emptied: string[]; kept: string[] }> {
  return dataSource.transaction(async (manager: EntityManager) => {
    // tgtype bit 5 (32) marks a TRUNCATE trigger.
    const rows = await manager.query<Array<{ name: string; keep: boolean }>>(
      `SELECT c.relname AS name,
              c.relname = ANY($1::text[])
              OR EXISTS (SELECT 1 FROM pg_trigger g
                          WHERE g.tgrelid = c.oid AND (g.tgtype & 32) <> 0 AND g.tgenabled <> 'D') AS keep
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname`,
      [KEPT_TABLES],
    );
    const tables = rows.filter((row) => !row.keep).map((row) => row.name);
    const kept = rows.filter((row) => row.keep).map((row) => row.name);
    if (tables.length > 0) {
      const list = tables.map((table) => `"${table.replace(/"/g, '""')}"`).join(', ');
      await manager.query(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
    }
    const slugs = SEEDED_PLATFORMS.map(([slug]) => slug);
    const edges = SEEDED_PLATFORMS.filter(([, provider]) => provider !== null);
    const platforms = edges.map(([slug]) => slug);
    const providers = edges.map(([, provider]) => provider);
    await manager.query(
      `DELETE FROM platform_dependencies d
        USING platforms p, platforms q
        WHERE p.id = d.platform_id AND q.id = d.provider_id
          AND NOT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS s(platform, provider)
                           WHERE s.platform = p.slug AND s.provider = q.slug)`,
      [platforms, providers],
    );
    await manager.query(`DELETE FROM platforms WHERE slug <> ALL($1::text[])`, [slugs]);
    const present = await manager.query<Array<{ slug: string }>>(
      `SELECT slug FROM platforms WHERE slug = ANY($1::text[])`,
      [slugs],
    );
    const missing = slugs.filter((slug) => !present.some((row) => row.slug === slug));
    if (missing.length > 0) {
      throw new Error(`Seeded platforms are missing (${missing.join(', ')}); run the migrations`);
    }
    await manager.query(
      `INSERT INTO platform_dependencies (platform_id, provider_id)
       SELECT p.id, q.id
         FROM unnest($1::text[], $2::text[]) AS s(platform, provider)
         JOIN platforms p ON p.slug = s.platform
         JOIN platforms q ON q.slug = s.provider
       ON CONFLICT DO NOTHING`,
      [platforms, providers],
    );
    return { emptied: tables, kept };
  });
}

async function countDemo(dataSource: DataSource): Promise<DemoCounts> {
  const [row] = await dataSource.query<
    Array<{
      users: number;
      admins: number;
      creators: number;
      brand_users: number;
      brands: number;
      unclaimed_brands: number;
      shared_brands: number;
      platform_accounts: number;
      deals: number;
      deal_statuses: Record<string, number> | string;
      deal_currencies: string[] | string;
      deliverables: number;
      deliverable_statuses: Record<string, number> | string;
      upcoming: number;
      outages: number;
      payments: number;
      write_offs: number;
    }>
  >(
    `SELECT
       (SELECT count(*)::int FROM users) AS users,
       (SELECT count(*)::int FROM users WHERE is_admin) AS admins,
       (SELECT count(*)::int FROM creators) AS creators,
       (SELECT count(*)::int FROM users WHERE role = 'BRAND' AND NOT is_admin) AS brand_users,
       (SELECT count(*)::int FROM brands) AS brands,
       (SELECT count(*)::int FROM brands b
         WHERE NOT EXISTS (SELECT 1 FROM brand_members m WHERE m.brand_id = b.id)) AS unclaimed_brands,
       (SELECT count(*)::int FROM (SELECT brand_id FROM brand_members GROUP BY brand_id
                                    HAVING count(*) > 1) AS s) AS shared_brands,
       (SELECT count(*)::int FROM platform_accounts) AS platform_accounts,
       (SELECT count(*)::int FROM deals) AS deals,
       (SELECT COALESCE(json_object_agg(status, n), '{}') FROM
          (SELECT status, count(*)::int AS n FROM deals GROUP BY status) AS s) AS deal_statuses,
       (SELECT COALESCE(json_agg(DISTINCT trim(currency) ORDER BY trim(currency)), '[]')
          FROM deals) AS deal_currencies,
       (SELECT count(*)::int FROM deliverables) AS deliverables,
       (SELECT COALESCE(json_object_agg(status, n), '{}') FROM
          (SELECT status, count(*)::int AS n FROM deliverables GROUP BY status) AS s) AS deliverable_statuses,
       (SELECT count(*)::int FROM deliverables WHERE status = 'PLANNED' AND scheduled_at >= now()) AS upcoming,
       (SELECT count(*)::int FROM outages) AS outages,
       (SELECT count(*)::int FROM payments) AS payments,
       (SELECT count(*)::int FROM receivable_write_offs) AS write_offs`,
  );
  const json = <T>(value: T | string): T =>
    typeof value === 'string' ? (JSON.parse(value) as T) : value;
  return {
    users: Number(row.users),
    admins: Number(row.admins),
    creators: Number(row.creators),
    brandUsers: Number(row.brand_users),
    brands: Number(row.brands),
    unclaimedBrands: Number(row.unclaimed_brands),
    brandsWithSeveralMembers: Number(row.shared_brands),
    platformAccounts: Number(row.platform_accounts),
    deals: Number(row.deals),
    dealsByStatus: json(row.deal_statuses),
    dealCurrencies: json(row.deal_currencies),
    deliverables: Number(row.deliverables),
    deliverablesByStatus: json(row.deliverable_statuses),
    upcomingDeliverables: Number(row.upcoming),
    outages: Number(row.outages),
    payments: Number(row.payments),
    writeOffs: Number(row.write_offs),
  };
}

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
