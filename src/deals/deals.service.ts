import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { diffSnapshots } from '../infrastructure/audit/audit-changes';
import { recordAudit, type AuditRecord } from '../infrastructure/audit/audit-log';
import { requireCreator } from '../auth/require-role';
import type { Viewer } from '../auth/viewer';
import { BrandsService } from '../brands/brands.service';
import {
  AppError,
  collectRefusal,
  collectRefusalAsync,
  inputProblems,
} from '../common/errors/app-error';
import { parseMoneyInput } from '../common/graphql/money-input';
import type { Connection } from '../common/graphql/pagination';
import { formatMoney, isKnownCurrency } from '../common/money';
import { enqueueWebhookEvent, enqueueWebhookEvents } from '../infrastructure/outbox/webhook-events';
import { isUuid } from '../common/validation/uuid';
import { deliverableSnapshot, feeSnapshot } from './deliverable.audit';
import type { DeliverableEntity } from './deliverable.entity';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';
import { dealSnapshot } from './deal.audit';
import type { DealEntity, DealStatus } from './deal.entity';
import {
  brandRequired,
  changedConcurrently,
  createFeesDoNotAddUp,
  deadlineBeforeSlot,
  dealNotFound,
  duplicateAlternatePlatform,
  penaltyCapRequired,
  staleVersion,
  totalBelowSettled,
  unknownCurrency,
} from './deal.errors';
import { planDeliverableFees, retotalDealFees, type FeeLine } from './deal-fees';
import { DealRepository } from './deal.repository';
import { PlatformsService } from '../platforms/platforms.service';
import { dealStatusRefusal, dealWriteRefusal, writeRefusalError } from './deal-permissions';
import type { CreateDealInput, DeliverableDraftInput, UpdateDealInput } from './dto/deal.input';
import type { DealsArgs } from './dto/deals.args';
import { refuseNulls } from '../common/validation/input-checks';
import { Clock } from '../infrastructure/clock';

/** Statuses a deal has once it became ACTIVE: its deposit's due date counts from then. */
function isActivated(status: DealStatus): boolean {
  return status === 'ACTIVE' || status === 'COMPLETED';
}

// Impact resolves platform slugs the same way; it stays importable from here until platforms has
// a repository of its own.

const DEFAULT_TERMS = {
  netPaymentDays: 30,
  latePenaltyBpsPerDay: 0,
  latePenaltyCapBps: 0,
  killAfterDaysLate: null as number | null,
  killFeeBps: 0,
  forceMajeure: false,
  upfrontShareBps: 0,
  upfrontDueDays: 0,
  requiresApproval: false,
  approvalLeadHours: 48,
};

/** What `createDeal` settled before writing: owner, currency, total, each deliverable's fee, terms. */
export interface DealCreationPlan {
  creatorId: string;
  currency: string;
  totalFee: bigint;
  fees: bigint[];
  terms: typeof DEFAULT_TERMS;
}

/** createDeal's checks that need no database: the plan when they pass, and every refusal. */
interface CreateAssessment {
  plan: DealCreationPlan | null;
  problems: AppError[];
}

/** A deal whose every check passed, ready to be written. */
interface PlannedDeal {
  input: CreateDealInput;
  plan: DealCreationPlan;
  brandId: string;
  /** Each deliverable's platform, in order. */
  platformIds: string[];
  /** The alternate platforms, in order of preference. */
  alternates: string[];
}

/** Checks a deliverable's own fields; `field` is its input path, e.g. `input.deliverables.2`. */
export function checkDeliverableDraft(
  draft: Pick<DeliverableDraftInput, 'scheduledAt' | 'dueAt'>,
  field: string,
): void {
  if (draft.dueAt.getTime() < draft.scheduledAt.getTime()) throw deadlineBeforeSlot(field);
}

@Injectable()
export class DealsService {
  constructor(
    private readonly repository: DealRepository,
    private readonly brands: BrandsService,
    private readonly platforms: PlatformsService,
    private readonly clock: Clock,
  ) {}

  async create(viewer: Viewer, input: CreateDealInput): Promise<DealEntity> {
    const assessment = this.assessCreate(viewer, input);
    return this.repository.transaction(async (manager) => {
      await claimIdempotencyKey(manager);
      const [deal] = await this.writeDeals(manager, viewer, [{ input, assessment }], 'createDeal');
      return deal;
    });
  }

  /**
   * `createDeal` for many deals inside the caller's transaction (an import): the same checks,
   * brand and platform resolution, fee split, change-feed events and audit, in a constant number
   * of statements whatever the number of deals. All or nothing: the first deal (in order) that
   * would be refused throws `refusal(error, index)` (by default the error itself), and nothing of
   * the others is written. Claims no idempotency key.
   * @param operation the audit trail's operation name.
   * @returns the deals, in the order of `inputs`.
   */
  async createManyInTransaction(
    manager: EntityManager,
    viewer: Viewer,
    inputs: readonly CreateDealInput[],
    operation = 'createDeal',
    refusal?: (error: AppError, index: number) => unknown,
  ): Promise<DealEntity[]> {
    const deals = inputs.map((input) => ({ input, assessment: this.assessCreate(viewer, input) }));
    return this.writeDeals(manager, viewer, deals, operation, refusal);
  }

  /**
   * Every failure of the checks `createDeal` makes before touching the database (brand
   * reference, currency, amounts, deadlines, fee split, terms), not only the first (a CSV import reports them all).
   * Tolerates input that failed class-validator: a check whose inputs are missing or of the
   * wrong type is skipped (that field was reported already).
   */
  createProblems(viewer: Viewer, input: CreateDealInput): AppError[] {
    return this.assessCreate(viewer, input).problems;
  }

  private assessCreate(viewer: Viewer, input: CreateDealInput): CreateAssessment {
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
      problems.push(brandRequired());
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
      if (plan.ok) fees = plan.fees;
      else problems.push(createFeesDoNotAddUp(plan.shortfall, currency));
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

  /**
   * Writes new deals, each set-based: every table gets one statement for all the deals (arrays,
   * not a bind parameter per value), so one deal and five thousand take the same statements.
   */
  private async writeDeals(
    manager: EntityManager,
    viewer: Viewer,
    deals: ReadonlyArray<{ input: CreateDealInput; assessment: CreateAssessment }>,
    operation: string,
    refusal: (error: AppError, index: number) => unknown = (error) => error,
  ): Promise<DealEntity[]> {
    // The checks that read the database join the others, so that every problem of a deal is
    // reported at once; each runs once for all the deals. Brands created on the way roll back
    // with the rest.
    const named = deals.flatMap(({ input }, index) =>
      Boolean(input.brandId) !== Boolean(input.brandName) ? [index] : [],
    );
    const found = await this.brands.findOrCreateForDeals(
      manager,
      requireCreator(viewer),
      named.map((index) => ({
        brandId: deals[index].input.brandId,
        brandName: deals[index].input.brandName,
      })),
      'input',
    );
    const brands = new Map(named.map((dealIndex, i) => [dealIndex, found[i]]));
    const known = await this.platformIdsBySlug(
      manager,
      deals.flatMap(({ input }) => [
        ...(input.deliverables ?? []).map((draft) => draft.platformSlug),
        ...(input.alternatePlatformSlugs ?? []),
      ]),
    );
    const planned: PlannedDeal[] = [];
    for (const [index, { input, assessment }] of deals.entries()) {
      const problems = [...assessment.problems];
      const brand = brands.get(index);
      if (brand instanceof AppError) problems.push(brand);
      const platformIds = await collectRefusalAsync(problems, () =>
        this.platformReferences(
          manager,
          (input.deliverables ?? []).map((draft, draftIndex) => ({
            slug: draft.platformSlug,
            field: `input.deliverables.${draftIndex}.platformSlug`,
          })),
          known,
        ),
      );
      const alternates = await collectRefusalAsync(problems, () =>
        this.resolveAlternates(manager, input.alternatePlatformSlugs ?? [], known),
      );
      const { plan } = assessment;
      if (
        problems.length > 0 ||
        !plan ||
        !brand ||
        brand instanceof AppError ||
        !platformIds ||
        !alternates
      ) {
        throw refusal(inputProblems(problems), index);
      }
      planned.push({ input, plan, brandId: brand.id, platformIds, alternates });
    }

    const created = await this.repository.insertDeals(
      manager,
      planned.map(({ input, plan, brandId }) => ({
        creatorId: plan.creatorId,
        brandId,
        title: input.title.trim(),
        currency: plan.currency,
        totalFee: plan.totalFee,
        status: input.status ?? 'DRAFT',
        signedOn: input.signedOn ?? null,
        // A deposit falls due counted from here (the database fills it for other writers).
        activatedAt: isActivated(input.status ?? 'DRAFT') ? this.clock.now() : null,
        ...plan.terms,
        notes: input.notes ?? '',
        sharedNotes: input.sharedNotes ?? '',
        version: 1,
      })),
    );
    await this.repository.insertAlternates(
      manager,
      planned.map(({ alternates }, index) => ({
        dealId: created[index].id,
        platformIds: alternates,
      })),
    );
    const rows = planned.map(({ input, plan, platformIds }, index) =>
      (input.deliverables ?? []).map((draft, draftIndex) => ({
        dealId: created[index].id,
        platformId: platformIds[draftIndex],
        kind: draft.kind,
        title: draft.title.trim(),
        scheduledAt: draft.scheduledAt,
        durationMinutes: draft.durationMinutes ?? 0,
        dueAt: draft.dueAt,
        fee: plan.fees[draftIndex],
        timing: draft.timing ?? 'FLEXIBLE',
        status: 'PLANNED' as const,
        postedAt: null,
        postUrl: null,
        version: 1,
      })),
    );
    const insertedIds = await this.repository.insertDeliverables(manager, rows.flat());
    let next = 0;
    const written = planned.map(({ input }, index) => ({
      input,
      deal: created[index],
      deliverables: rows[index].map((row) => ({ ...row, id: insertedIds[next++] })),
    }));
    // The change feed: one deliverable.created per deliverable a new deal brings.
    await enqueueWebhookEvents(
      manager,
      written.flatMap(({ deal, deliverables }) =>
        deliverables.map((deliverable) => ({
          type: 'deliverable.created' as const,
          deliverableId: deliverable.id,
          dealId: deal.id,
          actorUserId: viewer.userId,
          data: deliverableEventData(deliverable, deal.currency),
        })),
      ),
    );
    await recordAudit(
      manager,
      written.flatMap(({ input, deal, deliverables }) => {
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
        return [
          audit(
            'DEAL',
            deal.id,
            diffSnapshots(null, {
              ...dealSnapshot(deal),
              alternatePlatforms: input.alternatePlatformSlugs ?? [],
            }),
          ),
          ...deliverables.map((deliverable, draftIndex) =>
            audit(
              'DELIVERABLE',
              deliverable.id,
              diffSnapshots(null, {
                platform: (input.deliverables ?? [])[draftIndex].platformSlug,
                ...deliverableSnapshot(deliverable, deal.currency),
              }),
            ),
          ),
        ];
      }),
    );
    return created;
  }

  async update(
    viewer: Viewer,
    dealId: string,
    input: Omit<UpdateDealInput, 'id'>,
  ): Promise<DealEntity> {
    const creatorId = requireCreator(viewer);
    refuseNulls(input, UPDATE_DEAL_NOT_NULLABLE);
    return this.repository.transaction(async (manager) => {
      const deal = await this.lockOwnedDeal(manager, creatorId, dealId, input.expectedVersion);
      const refusal = dealWriteRefusal(viewer, deal);
      if (refusal) throw writeRefusalError(refusal, deal);
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
      // Every problem of the change at once; whatever was written before one is found rolls back.
      const problems: AppError[] = [];
      if (input.terms) {
        const inputTerms = input.terms;
        const terms = collectRefusal(problems, () =>
          this.checkTerms({ ...pickTerms(deal), ...definedOnly(inputTerms) }, 'input.terms'),
        );
        for (const key of Object.keys(terms ?? {}) as Array<keyof NonNullable<typeof terms>>) {
          change(key, terms![key]);
        }
      }
      let respread: FeeChange[] = [];
      if (input.totalFee !== undefined) {
        const inputTotal = input.totalFee;
        const totalFee = collectRefusal(problems, () =>
          parseMoneyInput(inputTotal, deal.currency, 'input.totalFee'),
        );
        if (totalFee !== undefined && totalFee !== deal.totalFee) {
          changes.totalFee = totalFee;
          respread =
            (await collectRefusalAsync(problems, () =>
              this.respreadFees(manager, deal, totalFee),
            )) ?? [];
        }
      }
      const before = dealSnapshot(deal);
      const after: typeof before = {};
      if (input.alternatePlatformSlugs !== undefined) {
        const slugs = input.alternatePlatformSlugs ?? [];
        const current = await this.repository.alternateSlugs(manager, deal.id);
        if (slugs.length !== current.length || slugs.some((slug, i) => slug !== current[i])) {
          const alternates = await collectRefusalAsync(problems, () =>
            this.resolveAlternates(manager, slugs),
          );
          if (alternates) {
            before.alternatePlatforms = current;
            after.alternatePlatforms = slugs;
            await this.repository.replaceAlternates(manager, deal.id, alternates);
          }
        }
      }
      if (problems.length > 0) throw inputProblems(problems);
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
      await enqueueFeeChanges(manager, viewer, deal, respread);
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
    refuseNulls({ expectedVersion }, ['expectedVersion']);
    return this.repository.transaction(async (manager) => {
      const deal = await this.lockOwnedDeal(manager, creatorId, dealId, expectedVersion);
      const refusal = dealStatusRefusal(viewer, deal, status);
      if (refusal) throw writeRefusalError(refusal, deal, { to: status });
      const updated = await this.saveChanges(manager, deal, {
        status,
        ...(deal.activatedAt === null && isActivated(status)
          ? { activatedAt: this.clock.now() }
          : {}),
      });
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
      if (updated.status !== deal.status) {
        await enqueueWebhookEvent(manager, {
          type: 'deal.status_changed',
          dealId: deal.id,
          actorUserId: viewer.userId,
          // Never the deal's notes: the feed is read by the brand too.
          data: { deal: { id: deal.id }, previousStatus: deal.status, status: updated.status },
        });
      }
      return updated;
    });
  }

  async findVisible(viewer: Viewer, dealId: string): Promise<DealEntity> {
    if (!isUuid(dealId)) throw dealNotFound(dealId);
    const deal = await this.repository.findVisibleDeal(viewer, dealId);
    if (!deal) throw dealNotFound(dealId);
    return deal;
  }

  list(viewer: Viewer, args: DealsArgs): Promise<Connection<DealEntity>> {
    return this.repository.listVisibleDeals(viewer, args);
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
    if (!isUuid(dealId)) throw dealNotFound(dealId);
    const deal = await this.repository.lockOwnedDeal(manager, creatorId, dealId);
    if (!deal) throw dealNotFound(dealId);
    if (
      expectedVersion !== undefined &&
      expectedVersion !== null &&
      expectedVersion !== deal.version
    ) {
      throw staleVersion('deal', expectedVersion, deal.version);
    }
    return deal;
  }

  /** Writes the changes and bumps the version in one guarded UPDATE. */
  async saveChanges(
    manager: EntityManager,
    deal: DealEntity,
    changes: Partial<DealEntity>,
  ): Promise<DealEntity> {
    const updated = await this.repository.updateDeal(manager, deal, changes);
    if (!updated) {
      throw changedConcurrently('deal', await this.repository.dealVersion(manager, deal.id));
    }
    return updated;
  }

  /** Re-spreads a new total over the planned deliverables; returns the fees that moved. */
  private async respreadFees(
    manager: EntityManager,
    deal: DealEntity,
    newTotal: bigint,
  ): Promise<FeeChange[]> {
    const deliverables = await this.repository.dealDeliverables(manager, deal.id);
    const result = retotalDealFees(newTotal, feeLines(deliverables));
    if (!result.ok) {
      throw totalBelowSettled(result.settledSum, deal.currency, result.everySettled);
    }
    const moved: FeeChange[] = [];
    for (const [index, deliverable] of deliverables.entries()) {
      const fee = result.fees[index];
      if (fee !== deliverable.fee) {
        // The deal's row lock serialises every writer of its deliverables.
        await this.repository.setDeliverableFee(manager, deliverable.id, fee);
        moved.push({ deliverableId: deliverable.id, before: deliverable.fee, after: fee });
      }
    }
    return moved;
  }

  /** The alternates' platform ids, in order; `known` as for {@link platformReferences}. */
  private async resolveAlternates(
    manager: EntityManager,
    slugs: string[],
    known: ReadonlyMap<string, string> = new Map(),
  ): Promise<string[]> {
    const unique = [...new Set(slugs)];
    if (unique.length !== slugs.length) throw duplicateAlternatePlatform();
    return this.platformReferences(
      manager,
      unique.map((slug) => ({ slug, field: 'input.alternatePlatformSlugs' })),
      known,
    );
  }

  /**
   * Platform ids for slugs each named by its own input field, in order: from `known` (slug → id,
   * read once for many deals) when it has them all; otherwise the platforms service resolves
   * them, and words the refusal of the unknown one.
   */
  private async platformReferences(
    manager: EntityManager,
    references: ReadonlyArray<{ slug: string; field: string }>,
    known: ReadonlyMap<string, string>,
  ): Promise<string[]> {
    if (references.every(({ slug }) => known.has(slug))) {
      return references.map(({ slug }) => known.get(slug)!);
    }
    return this.platforms.resolveSlugReferences(references, manager);
  }

  /**
   * slug → id of the platforms among `slugs`, in one statement. When one is unknown (a deal
   * naming a missing platform), the others are still read, in two more, so that only the deals
   * naming it are refused.
   */
  private async platformIdsBySlug(
    manager: EntityManager,
    slugs: readonly string[],
  ): Promise<Map<string, string>> {
    const unique = [...new Set(slugs)];
    const found = await this.platforms
      .resolveSlugs(unique, 'input', manager)
      .catch(async (error: unknown) => {
        if (!(error instanceof AppError)) throw error;
        const known = await this.platforms.knownSlugs(unique, manager);
        return this.platforms.resolveSlugs([...known], 'input', manager);
      });
    return new Map([...found].map(([slug, platform]) => [slug, platform.id]));
  }

  private checkCurrency(code: string, field: string): string {
    if (!isKnownCurrency(code)) throw unknownCurrency(code, field);
    return code;
  }

  private checkTerms(terms: typeof DEFAULT_TERMS, field: string): typeof DEFAULT_TERMS {
    if (terms.latePenaltyBpsPerDay > 0 && terms.latePenaltyCapBps === 0) {
      // A per-day penalty with a zero cap would never bite: almost certainly a forgotten cap.
      throw penaltyCapRequired(field);
    }
    return terms;
  }
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

/**
 * The body of a deliverable.* event in the change feed: what the brand may see of it (never the
 * deal's notes). Money as a decimal string in the deal's currency, times as ISO 8601.
 */
export function deliverableEventData(
  deliverable: Pick<
    DeliverableEntity,
    'id' | 'dealId' | 'title' | 'kind' | 'scheduledAt' | 'dueAt' | 'fee' | 'status'
  >,
  currency: string,
  changedFields?: readonly string[],
): Record<string, unknown> {
  return {
    deliverable: {
      id: deliverable.id,
      dealId: deliverable.dealId,
      title: deliverable.title,
      kind: deliverable.kind,
      scheduledAt: deliverable.scheduledAt.toISOString(),
      dueAt: deliverable.dueAt.toISOString(),
      fee: { amount: formatMoney(deliverable.fee, currency), currency },
      status: deliverable.status,
    },
    ...(changedFields ? { changedFields: [...changedFields] } : {}),
  };
}

/** A deliverable.updated (fee) for each deliverable whose fee moved with its deal's total. */
export async function enqueueFeeChanges(
  manager: EntityManager,
  viewer: Viewer,
  deal: DealEntity,
  moved: readonly FeeChange[],
): Promise<void> {
  for (const change of moved) {
    await enqueueWebhookEvent(manager, {
      type: 'deliverable.updated',
      deliverableId: change.deliverableId,
      dealId: deal.id,
      actorUserId: viewer.userId,
      data: {
        deliverable: { id: change.deliverableId, dealId: deal.id },
        changedFields: ['fee'],
        fee: {
          before: formatMoney(change.before, deal.currency),
          after: formatMoney(change.after, deal.currency),
          currency: deal.currency,
        },
      },
    });
  }
}

/** What the fee rules need of a deal's deliverables, in the same order. */
export function feeLines(deliverables: readonly DeliverableEntity[]): FeeLine[] {
  return deliverables.map((deliverable) => ({
    fee: deliverable.fee,
    settled: deliverable.status !== 'PLANNED',
  }));
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
  'terms.upfrontShareBps',
  'terms.upfrontDueDays',
  'terms.requiresApproval',
  'terms.approvalLeadHours',
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
    upfrontShareBps: deal.upfrontShareBps,
    upfrontDueDays: deal.upfrontDueDays,
    requiresApproval: deal.requiresApproval,
    approvalLeadHours: deal.approvalLeadHours,
  };
}
