import { containsPattern } from '../common/database/like-pattern';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { diffSnapshots } from '../audit/audit-changes';
import { recordAudit, type AuditRecord } from '../audit/audit-log';
import { dealVisibility, requireCreator } from '../auth/tenancy';
import type { Viewer } from '../auth/viewer';
import { BrandsService } from '../brands/brands.service';
import { keysetPage } from '../common/database/keyset-page';
import { runTransaction } from '../common/database/retry';
import { AppError, badInput, conflict, notFound } from '../common/errors/app-error';
import { parseMoneyInput } from '../common/graphql/money-input';
import type { Connection } from '../common/graphql/pagination';
import { formatMoney, isKnownCurrency } from '../common/money';
import { isUuid } from '../common/validation/uuid';
import { deliverableSnapshot, feeSnapshot } from './deliverable.audit';
import { DeliverableEntity } from './deliverable.entity';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';
import { PlatformEntity } from '../platforms/platform.entity';
import { dealSnapshot } from './deal.audit';
import { DealAlternatePlatformEntity, DealEntity, type DealStatus } from './deal.entity';
import { planDeliverableFees, rebalancePlannedFees } from './deal-fees';
import { canMoveDeal, isDealOpen } from './deal-status';
import type { CreateDealInput, DeliverableDraftInput, UpdateDealInput } from './dto/deal.input';
import type { DealsArgs } from './dto/deals.args';
import { refuseNulls } from '../common/validation/input-checks';

const DEFAULT_TERMS = {
  netPaymentDays: 30,
  latePenaltyBpsPerDay: 0,
  latePenaltyCapBps: 0,
  killAfterDaysLate: null as number | null,
  killFeeBps: 0,
  forceMajeure: false,
};

/** What `createDeal` settled before writing: owner, currency, total, each deliverable's fee, terms. */
export interface DealCreationPlan {
  creatorId: string;
  currency: string;
  totalFee: bigint;
  fees: bigint[];
  terms: typeof DEFAULT_TERMS;
}

/** Checks a deliverable's own fields; `field` is its input path, e.g. `input.deliverables.2`. */
export function checkDeliverableDraft(
  draft: Pick<DeliverableDraftInput, 'scheduledAt' | 'dueAt'>,
  field: string,
): void {
  if (draft.dueAt.getTime() < draft.scheduledAt.getTime()) {
    throw badInput(
      `${field}.dueAt: the deadline is before the scheduled slot`,
      [`${field}.dueAt`],
      'DEADLINE_BEFORE_SLOT',
    );
  }
}

@Injectable()
export class DealsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly brands: BrandsService,
  ) {}

  async create(viewer: Viewer, input: CreateDealInput): Promise<DealEntity> {
    const plan = this.planCreate(viewer, input);
    return runTransaction(this.dataSource, async (manager) => {
      await claimIdempotencyKey(manager);
      return this.writeDeal(manager, viewer, input, plan, 'createDeal');
    });
  }

  /**
   * `createDeal` inside the caller's transaction (an import writing many deals at once): the same
   * checks, brand and platform resolution, fee split and audit. Claims no idempotency key.
   * @param operation the audit trail's operation name.
   */
  async createInTransaction(
    manager: EntityManager,
    viewer: Viewer,
    input: CreateDealInput,
    operation = 'createDeal',
  ): Promise<DealEntity> {
    return this.writeDeal(manager, viewer, input, this.planCreate(viewer, input), operation);
  }

  /**
   * The checks `createDeal` makes before touching the database (brand reference, currency,
   * amounts, deadlines, fee split, terms); throws the first failure as BAD_USER_INPUT with
   * `input.*` field paths.
   */
  planCreate(viewer: Viewer, input: CreateDealInput): DealCreationPlan {
    const { plan, problems } = this.assessCreate(viewer, input);
    if (problems.length > 0 || !plan) throw problems[0];
    return plan;
  }

  /**
   * Every failure `planCreate` would find, not only the first (a CSV import reports them all).
   * Tolerates input that failed class-validator: a check whose inputs are missing or of the
   * wrong type is skipped (that field was reported already).
   */
  createProblems(viewer: Viewer, input: CreateDealInput): AppError[] {
    return this.assessCreate(viewer, input).problems;
  }

  private assessCreate(
    viewer: Viewer,
    input: CreateDealInput,
  ): { plan: DealCreationPlan | null; problems: AppError[] } {
    const creatorId = requireCreator(viewer);
    const problems: AppError[] = [];
    const attempt = <T>(work: () => T): T | typeof FAILED => {
      try {
        return work();
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push(error);
        return FAILED;
      }
    };
    if (Boolean(input.brandId) === Boolean(input.brandName)) {
      problems.push(
        badInput(
          'Give either brandId or brandName',
          ['input.brandId', 'input.brandName'],
          'BRAND_REQUIRED',
        ),
      );
    }
    const currency =
      typeof input.currency === 'string'
        ? attempt(() => this.checkCurrency(input.currency, 'input.currency'))
        : FAILED;
    const totalFee =
      currency !== FAILED && typeof input.totalFee === 'string'
        ? attempt(() => parseMoneyInput(input.totalFee, currency, 'input.totalFee'))
        : FAILED;
    const drafts = input.deliverables ?? [];
    drafts.forEach((draft, index) => {
      if (draft.scheduledAt instanceof Date && draft.dueAt instanceof Date) {
        attempt(() => checkDeliverableDraft(draft, `input.deliverables.${index}`));
      }
    });
    const givenFees = drafts.map((draft, index) => {
      if (draft.fee === undefined || draft.fee === null) return null;
      if (currency === FAILED || typeof draft.fee !== 'string') return FAILED;
      return attempt(() =>
        parseMoneyInput(draft.fee!, currency, `input.deliverables.${index}.fee`),
      );
    });
    let fees: bigint[] | null = null;
    if (currency !== FAILED && totalFee !== FAILED && !givenFees.includes(FAILED)) {
      const plan = planDeliverableFees(totalFee, givenFees as Array<bigint | null>);
      if (plan.ok) {
        fees = plan.fees;
      } else {
        const by = formatMoney(plan.shortfall < 0n ? -plan.shortfall : plan.shortfall, currency);
        const message =
          plan.shortfall > 0n
            ? `The deliverables' fees exceed the deal's total by ${by} ${currency}`
            : `The deliverables' fees fall short of the deal's total by ${by} ${currency}; adjust a fee or omit one to share the rest`;
        problems.push(
          badInput(message, ['input.totalFee', 'input.deliverables'], 'FEES_DO_NOT_ADD_UP'),
        );
      }
    }
    // In createDeal a null term is an omitted one: it takes the default.
    const terms = attempt(() =>
      this.checkTerms({ ...DEFAULT_TERMS, ...givenOnly(input.terms) }, 'input.terms'),
    );
    if (problems.length > 0 || currency === FAILED || totalFee === FAILED || !fees) {
      return { plan: null, problems };
    }
    return {
      plan: { creatorId, currency, totalFee, fees, terms: terms as typeof DEFAULT_TERMS },
      problems,
    };
  }

  private async writeDeal(
    manager: EntityManager,
    viewer: Viewer,
    input: CreateDealInput,
    { creatorId, currency, totalFee, fees, terms }: DealCreationPlan,
    operation: string,
  ): Promise<DealEntity> {
    const drafts = input.deliverables ?? [];
    const brand = await this.brands.findOrCreateForDeal(
      manager,
      creatorId,
      { brandId: input.brandId, brandName: input.brandName },
      'input',
    );
    const platformIds = await platformIdsForSlugs(
      manager,
      drafts.map((draft, index) => ({
        slug: draft.platformSlug,
        field: `input.deliverables.${index}.platformSlug`,
      })),
    );
    const alternates = await this.resolveAlternates(manager, input.alternatePlatformSlugs ?? []);
    const deal = await manager.save(
      manager.create(DealEntity, {
        creatorId,
        brandId: brand.id,
        title: input.title.trim(),
        currency,
        totalFee,
        status: input.status ?? 'DRAFT',
        signedOn: input.signedOn ?? null,
        ...terms,
        notes: input.notes ?? '',
        sharedNotes: input.sharedNotes ?? '',
        version: 1,
      }),
    );
    await this.replaceAlternates(manager, deal.id, alternates);
    const rows = drafts.map((draft, index) => ({
      dealId: deal.id,
      platformId: platformIds[index],
      kind: draft.kind,
      title: draft.title.trim(),
      scheduledAt: draft.scheduledAt,
      durationMinutes: draft.durationMinutes ?? 0,
      dueAt: draft.dueAt,
      fee: fees[index],
      timing: draft.timing ?? 'FLEXIBLE',
      status: 'PLANNED' as const,
      postedAt: null,
      postUrl: null,
      version: 1,
    }));
    const inserted = rows.length > 0 ? await manager.insert(DeliverableEntity, rows) : null;
    const audit = (
      entityType: AuditRecord['entityType'],
      entityId: string,
      changes: AuditRecord['changes'],
    ): AuditRecord => ({
      actorUserId: viewer.userId,
      operation,
      entityType,
      entityId,
      dealId: deal.id,
      changes,
    });
    await recordAudit(manager, [
      audit(
        'DEAL',
        deal.id,
        diffSnapshots(null, {
          ...dealSnapshot(deal),
          alternatePlatforms: input.alternatePlatformSlugs ?? [],
        }),
      ),
      ...rows.map((row, index) =>
        audit(
          'DELIVERABLE',
          String(inserted!.identifiers[index].id),
          diffSnapshots(null, {
            platform: drafts[index].platformSlug,
            ...deliverableSnapshot(row, currency),
          }),
        ),
      ),
    ]);
    return deal;
  }

  async update(viewer: Viewer, dealId: string, input: UpdateDealInput): Promise<DealEntity> {
    const creatorId = requireCreator(viewer);
    refuseNulls(input, UPDATE_DEAL_NOT_NULLABLE);
    return runTransaction(this.dataSource, async (manager) => {
      const deal = await this.lockOwnedDeal(manager, creatorId, dealId, input.expectedVersion);
      if (!isDealOpen(deal.status)) {
        throw conflict(`The deal is ${deal.status} and can no longer be edited`, 'DEAL_CLOSED');
      }
      // Only values that differ from the stored ones count: an update that changes nothing
      // leaves the version, the audit trail and the webhooks alone.
      const changes: Partial<DealEntity> = {};
      const change = <K extends keyof DealEntity>(key: K, value: DealEntity[K]): void => {
        if (deal[key] !== value) changes[key] = value;
      };
      if (input.title !== undefined) change('title', input.title.trim());
      if (input.signedOn !== undefined) change('signedOn', input.signedOn ?? null);
      if (input.notes !== undefined) change('notes', input.notes ?? '');
      if (input.sharedNotes !== undefined) change('sharedNotes', input.sharedNotes ?? '');
      if (input.terms) {
        const terms = this.checkTerms(
          { ...pickTerms(deal), ...definedOnly(input.terms) },
          'input.terms',
        );
        for (const key of Object.keys(terms) as Array<keyof typeof terms>) {
          change(key, terms[key]);
        }
      }
      let respread: FeeChange[] = [];
      if (input.totalFee !== undefined) {
        const totalFee = parseMoneyInput(input.totalFee, deal.currency, 'input.totalFee');
        if (totalFee !== deal.totalFee) {
          changes.totalFee = totalFee;
          respread = await this.respreadFees(manager, deal, totalFee);
        }
      }
      const before = dealSnapshot(deal);
      const after: typeof before = {};
      if (input.alternatePlatformSlugs !== undefined) {
        const slugs = input.alternatePlatformSlugs ?? [];
        const current = await alternateSlugs(manager, deal.id);
        if (slugs.length !== current.length || slugs.some((slug, i) => slug !== current[i])) {
          before.alternatePlatforms = current;
          after.alternatePlatforms = slugs;
          await this.replaceAlternates(
            manager,
            deal.id,
            await this.resolveAlternates(manager, slugs),
          );
        }
      }
      if (Object.keys(changes).length === 0 && after.alternatePlatforms === undefined) {
        return deal;
      }
      const updated = await this.saveChanges(manager, deal, changes);
      await recordAudit(manager, [
        {
          actorUserId: viewer.userId,
          operation: 'updateDeal',
          entityType: 'DEAL',
          entityId: deal.id,
          dealId: deal.id,
          changes: diffSnapshots(before, { ...dealSnapshot(updated), ...after }),
        },
        ...feeChangeRecords(viewer, 'updateDeal', deal, respread),
      ]);
      return updated;
    });
  }

  async setStatus(
    viewer: Viewer,
    dealId: string,
    status: DealStatus,
    expectedVersion?: number | null,
  ): Promise<DealEntity> {
    const creatorId = requireCreator(viewer);
    refuseNulls({ expectedVersion }, ['expectedVersion'], '');
    return runTransaction(this.dataSource, async (manager) => {
      const deal = await this.lockOwnedDeal(manager, creatorId, dealId, expectedVersion);
      if (!canMoveDeal(deal.status, status)) {
        throw badInput(
          `A ${deal.status} deal cannot become ${status} (allowed: DRAFT → ACTIVE → COMPLETED, DRAFT or ACTIVE → CANCELLED)`,
          ['status'],
          'INVALID_STATUS_TRANSITION',
        );
      }
      const updated = await this.saveChanges(manager, deal, { status });
      await recordAudit(manager, [
        {
          actorUserId: viewer.userId,
          operation: 'setDealStatus',
          entityType: 'DEAL',
          entityId: deal.id,
          dealId: deal.id,
          changes: diffSnapshots(dealSnapshot(deal), dealSnapshot(updated)),
        },
      ]);
      return updated;
    });
  }

  async findVisible(viewer: Viewer, dealId: string): Promise<DealEntity> {
    if (!isUuid(dealId)) throw notFound('Deal', dealId);
    const visibility = dealVisibility(viewer, 'deal');
    const deal = await this.dataSource
      .getRepository(DealEntity)
      .createQueryBuilder('deal')
      .where('deal.id = :dealId', { dealId })
      .andWhere(visibility.condition, visibility.params)
      .getOne();
    if (!deal) throw notFound('Deal', dealId);
    return deal;
  }

  list(viewer: Viewer, args: DealsArgs): Promise<Connection<DealEntity>> {
    const visibility = dealVisibility(viewer, 'deal');
    const query = this.dataSource
      .getRepository(DealEntity)
      .createQueryBuilder('deal')
      .where(visibility.condition, visibility.params);
    const filter = args.filter ?? {};
    if (filter.status) query.andWhere('deal.status = :status', { status: filter.status });
    if (filter.brandId) query.andWhere('deal.brand_id = :brandId', { brandId: filter.brandId });
    if (filter.currency)
      query.andWhere('deal.currency = :currency', { currency: filter.currency.toUpperCase() });
    if (filter.search) {
      query.andWhere(`deal.title ILIKE :search ESCAPE '\\'`, {
        search: containsPattern(filter.search),
      });
    }
    return keysetPage(
      query,
      { sortColumn: 'deal.created_at', idColumn: 'deal.id', direction: 'DESC' },
      args,
      (deal) => deal,
    );
  }

  /**
   * The caller's own deal, locked for the rest of the transaction. Another creator's deal, or a
   * stale `expectedVersion`, stops here.
   */
  async lockOwnedDeal(
    manager: EntityManager,
    creatorId: string,
    dealId: string,
    expectedVersion?: number | null,
  ): Promise<DealEntity> {
    if (!isUuid(dealId)) throw notFound('Deal', dealId);
    const deal = await manager
      .getRepository(DealEntity)
      .createQueryBuilder('deal')
      .setLock('pessimistic_write')
      .where('deal.id = :dealId AND deal.creator_id = :creatorId', { dealId, creatorId })
      .getOne();
    if (!deal) throw notFound('Deal', dealId);
    if (
      expectedVersion !== undefined &&
      expectedVersion !== null &&
      expectedVersion !== deal.version
    ) {
      throw conflict(
        `The deal changed since version ${expectedVersion}; it is now at version ${deal.version}`,
        'STALE_VERSION',
        { currentVersion: deal.version },
      );
    }
    return deal;
  }

  /** Writes the changes and bumps the version in one guarded UPDATE. */
  async saveChanges(
    manager: EntityManager,
    deal: DealEntity,
    changes: Partial<DealEntity>,
  ): Promise<DealEntity> {
    const result = await manager
      .createQueryBuilder()
      .update(DealEntity)
      .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND version = :version', { id: deal.id, version: deal.version })
      .execute();
    if (result.affected !== 1) {
      const current = await manager.getRepository(DealEntity).findOneBy({ id: deal.id });
      throw conflict('The deal was changed concurrently; reload and retry', 'STALE_VERSION', {
        currentVersion: current?.version ?? null,
      });
    }
    return manager.getRepository(DealEntity).findOneByOrFail({ id: deal.id });
  }

  /** Re-spreads a new total over the planned deliverables; returns the fees that moved. */
  private async respreadFees(
    manager: EntityManager,
    deal: DealEntity,
    newTotal: bigint,
  ): Promise<FeeChange[]> {
    const deliverables = await manager.getRepository(DeliverableEntity).find({
      where: { dealId: deal.id },
      order: { scheduledAt: 'ASC', id: 'ASC' },
    });
    if (deliverables.length === 0) return [];
    const planned = deliverables.filter((deliverable) => deliverable.status === 'PLANNED');
    const settled = deliverables.filter((deliverable) => deliverable.status !== 'PLANNED');
    const settledSum = settled.reduce((sum, deliverable) => sum + deliverable.fee, 0n);
    const fees = rebalancePlannedFees(
      newTotal,
      settledSum,
      planned.map((deliverable) => deliverable.fee),
    );
    if (!fees) {
      throw badInput(
        planned.length === 0
          ? `Every deliverable is posted or cancelled; the total must stay ${formatMoney(settledSum, deal.currency)} ${deal.currency}`
          : `The new total is below the ${formatMoney(settledSum, deal.currency)} ${deal.currency} already posted or cancelled`,
        ['input.totalFee'],
        'FEES_DO_NOT_ADD_UP',
      );
    }
    const moved: FeeChange[] = [];
    for (const [index, deliverable] of planned.entries()) {
      if (fees[index] !== deliverable.fee) {
        // The deal's row lock serialises every writer of its deliverables.
        await manager
          .createQueryBuilder()
          .update(DeliverableEntity)
          .set({ fee: fees[index], version: () => 'version + 1', updatedAt: () => 'now()' })
          .where('id = :id', { id: deliverable.id })
          .execute();
        moved.push({ deliverableId: deliverable.id, before: deliverable.fee, after: fees[index] });
      }
    }
    return moved;
  }

  private async resolveAlternates(manager: EntityManager, slugs: string[]): Promise<string[]> {
    const unique = [...new Set(slugs)];
    if (unique.length !== slugs.length) {
      throw badInput(
        'alternatePlatformSlugs lists a platform twice',
        ['input.alternatePlatformSlugs'],
        'DUPLICATE_PLATFORM',
      );
    }
    return platformIdsForSlugs(
      manager,
      unique.map((slug) => ({ slug, field: 'input.alternatePlatformSlugs' })),
    );
  }

  private async replaceAlternates(
    manager: EntityManager,
    dealId: string,
    platformIds: string[],
  ): Promise<void> {
    await manager.delete(DealAlternatePlatformEntity, { dealId });
    if (platformIds.length > 0) {
      await manager.insert(
        DealAlternatePlatformEntity,
        platformIds.map((platformId, position) => ({ dealId, platformId, position })),
      );
    }
  }

  private checkCurrency(code: string, field: string): string {
    if (!isKnownCurrency(code)) {
      throw badInput(
        `Unknown currency "${code}"; use an ISO 4217 code such as USD`,
        [field],
        'UNKNOWN_CURRENCY',
      );
    }
    return code;
  }

  private checkTerms(terms: typeof DEFAULT_TERMS, field: string): typeof DEFAULT_TERMS {
    if (terms.latePenaltyBpsPerDay > 0 && terms.latePenaltyCapBps === 0) {
      // A per-day penalty with a zero cap would never bite: almost certainly a forgotten cap.
      throw badInput(
        'latePenaltyCapBps must be set when latePenaltyBpsPerDay is (10000 = the whole fee)',
        [`${field}.latePenaltyCapBps`],
        'PENALTY_CAP_REQUIRED',
      );
    }
    return terms;
  }
}

/** Platform ids for slugs in one query; an unknown slug is reported against its own field. */
export async function platformIdsForSlugs(
  manager: EntityManager,
  references: Array<{ slug: string; field: string }>,
): Promise<string[]> {
  if (references.length === 0) return [];
  const slugs = [...new Set(references.map((reference) => reference.slug))];
  const rows = await manager
    .getRepository(PlatformEntity)
    .createQueryBuilder('platform')
    .select(['platform.id', 'platform.slug'])
    .where('platform.slug IN (:...slugs)', { slugs })
    .getMany();
  const idBySlug = new Map(rows.map((row) => [row.slug, row.id]));
  return references.map(({ slug, field }) => {
    const id = idBySlug.get(slug);
    if (!id)
      throw badInput(
        `Unknown platform "${slug}"; see the platforms query for slugs`,
        [field],
        'UNKNOWN_PLATFORM',
      );
    return id;
  });
}

/** A deliverable's fee moved by a change to its deal. */
export interface FeeChange {
  deliverableId: string;
  before: bigint;
  after: bigint;
}

/** Audit records for deliverables whose fees moved with their deal's total. */
export function feeChangeRecords(
  viewer: Viewer,
  operation: string,
  deal: DealEntity,
  moved: FeeChange[],
): AuditRecord[] {
  return moved.map((change) => ({
    actorUserId: viewer.userId,
    operation,
    entityType: 'DELIVERABLE',
    entityId: change.deliverableId,
    dealId: deal.id,
    changes: diffSnapshots(
      feeSnapshot(change.before, deal.currency),
      feeSnapshot(change.after, deal.currency),
    ),
  }));
}

/** The deal's alternate platforms, in order of preference. */
async function alternateSlugs(manager: EntityManager, dealId: string): Promise<string[]> {
  const rows = await manager.query<Array<{ slug: string }>>(
    `SELECT p.slug FROM deal_alternate_platforms a JOIN platforms p ON p.id = a.platform_id
      WHERE a.deal_id = $1 ORDER BY a.position`,
    [dealId],
  );
  return rows.map((row) => row.slug);
}

/** updateDeal fields that cannot be cleared: an explicit null is refused (FIELD_NOT_NULLABLE). */
export const UPDATE_DEAL_NOT_NULLABLE = [
  'title',
  'totalFee',
  'terms',
  'terms.netPaymentDays',
  'terms.latePenaltyBpsPerDay',
  'terms.latePenaltyCapBps',
  'terms.killFeeBps',
  'terms.forceMajeure',
  'expectedVersion',
] as const;

// A check that failed (its error is collected) or could not run.
const FAILED = Symbol('failed');

/** The fields given a value: neither omitted nor null. */
function givenOnly<T extends object>(value: T | null | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<T>;
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

function pickTerms(deal: DealEntity): typeof DEFAULT_TERMS {
  return {
    netPaymentDays: deal.netPaymentDays,
    latePenaltyBpsPerDay: deal.latePenaltyBpsPerDay,
    latePenaltyCapBps: deal.latePenaltyCapBps,
    killAfterDaysLate: deal.killAfterDaysLate,
    killFeeBps: deal.killFeeBps,
    forceMajeure: deal.forceMajeure,
  };
}
