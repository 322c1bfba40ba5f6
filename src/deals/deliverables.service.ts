import { Inject, Injectable, Optional } from '@nestjs/common';
import { POSTING_GUARD, type PostingGuard } from './posting-guard.port';
import { addMinutes } from 'date-fns';
import type { EntityManager } from 'typeorm';
import { diffSnapshots, type AuditSnapshot } from '../infrastructure/audit/audit-changes';
import { recordAudit, type AuditRecord } from '../infrastructure/audit/audit-log';
import { requireCreator } from '../auth/require-role';
import type { Viewer } from '../auth/viewer';
import {
  AppError,
  collectRefusal,
  collectRefusalAsync,
  ErrorCode,
  inputProblems,
} from '../common/errors/app-error';
import { parseMoneyInput } from '../common/graphql/money-input';
import { isUuid } from '../common/validation/uuid';
import { Clock } from '../infrastructure/clock';
import { addDeliverableFees, cancelDeliverableFees, changeDeliverableFee } from './deal-fees';
import { dealSnapshot } from './deal.audit';
import {
  changedConcurrently,
  deliverableNotFound,
  postedInFuture,
  staleVersion,
  MAX_DEAL_DELIVERABLES,
  tooManyDeliverables,
} from './deal.errors';
import { DealRepository, type DeliverablePage } from './deal.repository';
import { PlatformsService } from '../platforms/platforms.service';
import { dealWriteRefusal, deliverableWriteRefusal, writeRefusalError } from './deal-permissions';
import { refuseNulls } from '../common/validation/input-checks';
import type { DealEntity } from './deal.entity';
import {
  checkDeliverableDraft,
  DealsService,
  deliverableEventData,
  enqueueFeeChanges,
  feeChangeRecords,
  feeLines,
  type FeeChange,
} from './deals.service';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';
import { formatMoney } from '../common/money';
import {
  enqueueDeliverableRiskReevaluation,
  enqueueWebhookEvent,
  MOVE_FIELDS,
} from '../infrastructure/outbox/webhook-events';
import { deliverableSnapshot } from './deliverable.audit';
import type { DeliverableEntity } from './deliverable.entity';
import type {
  AddDeliverableInput,
  MarkDeliverablePostedInput,
  UpdateDeliverableInput,
} from './dto/deliverable.input';
import type { DeliverablesArgs } from './dto/deliverables.args';

/** updateDeliverable fields: a deliverable has no optional field, so null is refused on each. */
export const UPDATE_DELIVERABLE_NOT_NULLABLE = [
  'platformSlug',
  'kind',
  'title',
  'scheduledAt',
  'durationMinutes',
  'dueAt',
  'fee',
  'timing',
  'expectedVersion',
] as const;

// A post cannot be reported as published in the future; allow a little clock skew.
const POSTED_AT_SKEW_MINUTES = 5;

@Injectable()
export class DeliverablesService {
  constructor(
    private readonly repository: DealRepository,
    private readonly deals: DealsService,
    private readonly platforms: PlatformsService,
    private readonly clock: Clock,
    @Optional() @Inject(POSTING_GUARD) private readonly postingGuard?: PostingGuard,
  ) {}

  async add(viewer: Viewer, input: AddDeliverableInput): Promise<DeliverableEntity> {
    const creatorId = requireCreator(viewer);
    return this.repository.transaction(async (manager) => {
      await claimIdempotencyKey(manager);
      const deal = await this.deals.lockOwnedDeal(manager, creatorId, input.dealId);
      this.requireWritable(viewer, deal);
      // Every problem of the deliverable at once.
      const problems: AppError[] = [];
      if (
        (await this.repository.countDealDeliverables(manager, deal.id)) >= MAX_DEAL_DELIVERABLES
      ) {
        problems.push(tooManyDeliverables());
      }
      collectRefusal(problems, () => checkDeliverableDraft(input, 'input'));
      const [platformId] =
        (await collectRefusalAsync(problems, () =>
          this.platforms.resolveSlugReferences(
            [{ slug: input.platformSlug, field: 'input.platformSlug' }],
            manager,
          ),
        )) ?? [];
      const inputFee = input.fee;
      const givenFee =
        inputFee === undefined || inputFee === null
          ? null
          : collectRefusal(problems, () => parseMoneyInput(inputFee, deal.currency, 'input.fee'));
      if (problems.length > 0 || platformId === undefined || givenFee === undefined) {
        throw inputProblems(problems);
      }
      const records: AuditRecord[] = [];
      // With its own fee the newcomer extends the contract and no other fee moves, so the
      // deliverables are read only when it takes a share.
      const existing =
        givenFee === null ? await this.repository.dealDeliverables(manager, deal.id) : [];
      const fees = addDeliverableFees(deal.totalFee, givenFee, feeLines(existing));
      const moved = await this.applyFees(manager, existing, fees.fees);
      records.push(...feeChangeRecords(viewer, 'addDeliverable', deal, moved));
      if (givenFee !== null) {
        // The contract was extended (by a zero fee too): the deal's row takes the new total.
        const grown = await this.deals.saveChanges(manager, deal, { totalFee: fees.totalFee });
        records.push(dealRecord(viewer, 'addDeliverable', deal, grown));
      }
      const created = await this.repository.insertDeliverable(manager, {
        dealId: deal.id,
        platformId,
        kind: input.kind,
        title: input.title.trim(),
        scheduledAt: input.scheduledAt,
        durationMinutes: input.durationMinutes ?? 0,
        dueAt: input.dueAt,
        fee: fees.fee,
        timing: input.timing ?? 'FLEXIBLE',
        status: 'PLANNED',
        version: 1,
      });
      records.unshift({
        ...deliverableRecord(viewer, 'addDeliverable', deal, created.id),
        changes: diffSnapshots(null, {
          platform: input.platformSlug,
          ...deliverableSnapshot(created, deal.currency),
        }),
      });
      await recordAudit(manager, records);
      await enqueueFeeChanges(manager, viewer, deal, moved);
      await enqueueWebhookEvent(manager, {
        type: 'deliverable.created',
        deliverableId: created.id,
        dealId: deal.id,
        actorUserId: viewer.userId,
        data: deliverableEventData(created, deal.currency),
      });
      return created;
    });
  }

  async update(
    viewer: Viewer,
    deliverableId: string,
    input: Omit<UpdateDeliverableInput, 'id'>,
  ): Promise<DeliverableEntity> {
    requireCreator(viewer);
    refuseNulls(input, UPDATE_DELIVERABLE_NOT_NULLABLE);
    return this.repository.transaction(async (manager) => {
      const { deal, deliverable } = await this.lockOwned(
        manager,
        viewer,
        deliverableId,
        input.expectedVersion,
      );
      this.requireWritable(viewer, deal, deliverable);
      // Only values that differ from the stored ones count: an update that changes nothing
      // leaves the version, the audit trail and the webhooks alone.
      const changes: Partial<DeliverableEntity> = {};
      const change = <K extends keyof DeliverableEntity>(
        key: K,
        value: DeliverableEntity[K],
      ): void => {
        const stored = deliverable[key];
        const same =
          stored instanceof Date && value instanceof Date
            ? stored.getTime() === value.getTime()
            : stored === value;
        if (!same) changes[key] = value;
      };
      const before: AuditSnapshot = deliverableSnapshot(deliverable, deal.currency);
      const after: AuditSnapshot = {};
      // Every problem of the change at once; a write before one is found rolls back.
      const problems: AppError[] = [];
      if (input.platformSlug !== undefined) {
        const platformSlug = input.platformSlug;
        const [platformId] = (await collectRefusalAsync(problems, () =>
          this.platforms.resolveSlugReferences(
            [{ slug: platformSlug, field: 'input.platformSlug' }],
            manager,
          ),
        )) ?? [deliverable.platformId];
        if (platformId !== deliverable.platformId) {
          changes.platformId = platformId;
          before.platform = await this.platforms.slugOf(deliverable.platformId, manager);
          after.platform = input.platformSlug;
        }
      }
      if (input.kind !== undefined) change('kind', input.kind);
      if (input.title !== undefined) change('title', input.title.trim());
      if (input.scheduledAt !== undefined) change('scheduledAt', input.scheduledAt);
      if (input.durationMinutes !== undefined) change('durationMinutes', input.durationMinutes);
      if (input.dueAt !== undefined) change('dueAt', input.dueAt);
      if (input.timing !== undefined) change('timing', input.timing);
      collectRefusal(problems, () =>
        checkDeliverableDraft(
          {
            scheduledAt: changes.scheduledAt ?? deliverable.scheduledAt,
            dueAt: changes.dueAt ?? deliverable.dueAt,
          },
          'input',
        ),
      );
      const records: AuditRecord[] = [];
      if (input.fee !== undefined) {
        const inputFee = input.fee;
        const fee =
          collectRefusal(problems, () => parseMoneyInput(inputFee, deal.currency, 'input.fee')) ??
          deliverable.fee;
        if (fee !== deliverable.fee) {
          changes.fee = fee;
          const moved = await this.deals.saveChanges(manager, deal, {
            totalFee: changeDeliverableFee(deal.totalFee, deliverable.fee, fee),
          });
          records.push(dealRecord(viewer, 'updateDeliverable', deal, moved));
        }
      }
      if (problems.length > 0) throw inputProblems(problems);
      if (Object.keys(changes).length === 0) return deliverable;
      return this.saveAndAnnounce(
        manager,
        viewer,
        'updateDeliverable',
        deal,
        deliverable,
        changes,
        { before, after, records },
      );
    });
  }

  /**
   * Moves a deliverable both sides agreed to move (an accepted reschedule), inside the caller's
   * transaction, by `viewer` (the brand member who accepted): the slot, deadline and platform
   * become the new contract, with the same version bump, change-feed events, risk re-evaluation
   * and audit as updateDeliverable. The caller has checked who may do it and locked nothing yet.
   * @returns the deliverable as moved, or null when it is no longer PLANNED on an ACTIVE deal or
   * no longer where and when `expected` says (it changed since the move was proposed).
   */
  async applyAgreedMove(
    manager: EntityManager,
    viewer: Viewer,
    operation: string,
    ids: { dealId: string; creatorId: string; deliverableId: string },
    expected: { platformId: string; scheduledAt: Date; dueAt: Date },
    move: { platformId: string; scheduledAt: Date; dueAt: Date },
  ): Promise<DeliverableEntity | null> {
    // Lock the deal first, then the deliverable: every writer takes them in this order.
    const deal = await this.deals.lockOwnedDeal(manager, ids.creatorId, ids.dealId);
    const deliverable = await this.repository.lockDeliverable(manager, ids.deliverableId);
    if (
      deal.status !== 'ACTIVE' ||
      deliverable.status !== 'PLANNED' ||
      deliverable.platformId !== expected.platformId ||
      deliverable.scheduledAt.getTime() !== expected.scheduledAt.getTime() ||
      deliverable.dueAt.getTime() !== expected.dueAt.getTime()
    ) {
      return null;
    }
    const changes: Partial<DeliverableEntity> = {};
    const after: AuditSnapshot = {};
    if (move.platformId !== deliverable.platformId) {
      changes.platformId = move.platformId;
    }
    if (move.scheduledAt.getTime() !== deliverable.scheduledAt.getTime()) {
      changes.scheduledAt = move.scheduledAt;
    }
    if (move.dueAt.getTime() !== deliverable.dueAt.getTime()) changes.dueAt = move.dueAt;
    if (Object.keys(changes).length === 0) return deliverable;
    const before: AuditSnapshot = {};
    if (changes.platformId) {
      before.platform = await this.platforms.slugOf(deliverable.platformId, manager);
      after.platform = await this.platforms.slugOf(move.platformId, manager);
    }
    return this.saveAndAnnounce(manager, viewer, operation, deal, deliverable, changes, {
      before,
      after,
      records: [],
    });
  }

  /**
   * Saves `changes` (version-guarded) and announces them: the risk re-evaluation of a move, the
   * deliverable.moved / deliverable.updated events, the audit entry first among `records`.
   */
  private async saveAndAnnounce(
    manager: EntityManager,
    viewer: Viewer,
    operation: string,
    deal: DealEntity,
    deliverable: DeliverableEntity,
    changes: Partial<DeliverableEntity>,
    extra: { before?: AuditSnapshot; after: AuditSnapshot; records: AuditRecord[] },
  ): Promise<DeliverableEntity> {
    const before: AuditSnapshot = {
      ...deliverableSnapshot(deliverable, deal.currency),
      ...extra.before,
    };
    const updated = await this.saveChanges(manager, deliverable, changes);
    // A reschedule may dodge or walk into an outage: the webhook worker compares the risks and
    // sends deliverable.risk_changed only if it moved.
    if (
      updated.platformId !== deliverable.platformId ||
      updated.scheduledAt.getTime() !== deliverable.scheduledAt.getTime() ||
      updated.durationMinutes !== deliverable.durationMinutes ||
      updated.dueAt.getTime() !== deliverable.dueAt.getTime() ||
      updated.timing !== deliverable.timing
    ) {
      await enqueueDeliverableRiskReevaluation(
        manager,
        deliverable.id,
        {
          platformId: deliverable.platformId,
          scheduledAt: deliverable.scheduledAt,
          durationMinutes: deliverable.durationMinutes,
          dueAt: deliverable.dueAt,
          timing: deliverable.timing,
        },
        deal.id,
      );
    }
    // The change feed: where/when fields in a deliverable.moved, the others in a
    // deliverable.updated (the API's field names: `platform`, not platformId).
    const changedFields = Object.keys(changes).map((key) =>
      key === 'platformId' ? 'platform' : key,
    );
    const movedFields = changedFields.filter((field) =>
      (MOVE_FIELDS as readonly string[]).includes(field),
    );
    const otherFields = changedFields.filter((field) => !movedFields.includes(field));
    for (const [type, fields] of [
      ['deliverable.moved', movedFields],
      ['deliverable.updated', otherFields],
    ] as const) {
      if (fields.length === 0) continue;
      await enqueueWebhookEvent(manager, {
        type,
        deliverableId: updated.id,
        dealId: deal.id,
        actorUserId: viewer.userId,
        data: deliverableEventData(updated, deal.currency, fields),
      });
    }
    const records = [...extra.records];
    records.unshift({
      ...deliverableRecord(viewer, operation, deal, deliverable.id),
      changes: diffSnapshots(before, {
        ...deliverableSnapshot(updated, deal.currency),
        ...extra.after,
      }),
    });
    await recordAudit(manager, records);
    return updated;
  }

  async markPosted(
    viewer: Viewer,
    deliverableId: string,
    input: Omit<MarkDeliverablePostedInput, 'id'>,
  ): Promise<DeliverableEntity> {
    requireCreator(viewer);
    refuseNulls(input, ['expectedVersion']);
    const now = this.clock.now();
    const postedAt = input.postedAt ?? now;
    if (postedAt > addMinutes(now, POSTED_AT_SKEW_MINUTES)) throw postedInFuture();
    return this.repository.transaction(async (manager) => {
      await claimIdempotencyKey(manager);
      const { deal, deliverable } = await this.lockOwned(
        manager,
        viewer,
        deliverableId,
        input.expectedVersion,
      );
      this.requireWritable(viewer, deal, deliverable);
      await this.postingGuard?.(manager, deliverable.id, deal.requiresApproval);
      const updated = await this.saveChanges(manager, deliverable, {
        status: 'POSTED',
        postedAt,
        postUrl: input.url ?? null,
      });
      await this.auditChange(manager, viewer, 'markDeliverablePosted', deal, deliverable, updated);
      await enqueueWebhookEvent(manager, {
        type: 'deliverable.posted',
        deliverableId: updated.id,
        dealId: deal.id,
        actorUserId: viewer.userId,
        data: {
          deliverable: {
            id: updated.id,
            dealId: deal.id,
            title: updated.title,
            kind: updated.kind,
            platform: await this.platforms.slugOf(updated.platformId, manager),
            scheduledAt: updated.scheduledAt.toISOString(),
            dueAt: updated.dueAt.toISOString(),
            fee: { amount: formatMoney(updated.fee, deal.currency), currency: deal.currency },
            status: updated.status,
            postedAt: updated.postedAt?.toISOString() ?? null,
            postUrl: updated.postUrl,
          },
        },
      });
      return updated;
    });
  }

  async cancel(
    viewer: Viewer,
    deliverableId: string,
    expectedVersion?: number | null,
  ): Promise<DeliverableEntity> {
    requireCreator(viewer);
    refuseNulls({ expectedVersion }, ['expectedVersion']);
    return this.repository.transaction(async (manager) => {
      const { deal, deliverable } = await this.lockOwned(
        manager,
        viewer,
        deliverableId,
        expectedVersion,
      );
      this.requireWritable(viewer, deal, deliverable);
      // The fee stays on the deal's record: neither it nor the deal's total moves.
      const fees = cancelDeliverableFees(deal.totalFee, deliverable.fee);
      const updated = await this.saveChanges(manager, deliverable, {
        status: 'CANCELLED',
        ...(fees.fee !== deliverable.fee ? { fee: fees.fee } : {}),
      });
      await this.auditChange(manager, viewer, 'cancelDeliverable', deal, deliverable, updated);
      await enqueueWebhookEvent(manager, {
        type: 'deliverable.cancelled',
        deliverableId: updated.id,
        dealId: deal.id,
        actorUserId: viewer.userId,
        data: deliverableEventData(updated, deal.currency),
      });
      return updated;
    });
  }

  async findVisible(viewer: Viewer, deliverableId: string): Promise<DeliverableEntity> {
    if (!isUuid(deliverableId)) throw deliverableNotFound(deliverableId);
    const deliverable = await this.repository.findVisibleDeliverable(viewer, deliverableId);
    if (!deliverable) throw deliverableNotFound(deliverableId);
    return deliverable;
  }

  /** One statement: the page with each deliverable's deal, creator and platform. */
  list(viewer: Viewer, args: DeliverablesArgs): Promise<DeliverablePage> {
    return this.repository.deliverablePage(viewer, args);
  }

  private async lockOwned(
    manager: EntityManager,
    viewer: Viewer,
    deliverableId: string,
    expectedVersion?: number | null,
  ): Promise<{ deal: DealEntity; deliverable: DeliverableEntity }> {
    if (!isUuid(deliverableId)) throw deliverableNotFound(deliverableId);
    const found = await this.repository.findDeliverable(manager, deliverableId);
    if (!found) throw deliverableNotFound(deliverableId);
    // Lock the deal first, then the deliverable: every writer takes them in this order.
    const deal = await this.deals
      .lockOwnedDeal(manager, requireCreator(viewer), found.dealId)
      .catch((error: unknown) => {
        throw error instanceof AppError && error.code === ErrorCode.NOT_FOUND
          ? deliverableNotFound(deliverableId)
          : error;
      });
    this.requireWritable(viewer, deal);
    const deliverable = await this.repository.lockDeliverable(manager, deliverableId);
    if (
      expectedVersion !== undefined &&
      expectedVersion !== null &&
      expectedVersion !== deliverable.version
    ) {
      throw staleVersion('deliverable', expectedVersion, deliverable.version);
    }
    return { deal, deliverable };
  }

  private async saveChanges(
    manager: EntityManager,
    deliverable: DeliverableEntity,
    changes: Partial<DeliverableEntity>,
  ): Promise<DeliverableEntity> {
    const updated = await this.repository.updateDeliverable(manager, deliverable, changes);
    if (!updated) {
      throw changedConcurrently(
        'deliverable',
        await this.repository.deliverableVersion(manager, deliverable.id),
      );
    }
    return updated;
  }

  private async auditChange(
    manager: EntityManager,
    viewer: Viewer,
    operation: string,
    deal: DealEntity,
    before: DeliverableEntity,
    after: DeliverableEntity,
  ): Promise<void> {
    await recordAudit(manager, [
      {
        ...deliverableRecord(viewer, operation, deal, before.id),
        changes: diffSnapshots(
          deliverableSnapshot(before, deal.currency),
          deliverableSnapshot(after, deal.currency),
        ),
      },
    ]);
  }

  /**
   * Writes the fees the fee rules gave `deliverables` (same order), each through its own
   * version-guarded UPDATE; returns the ones that moved.
   */
  private async applyFees(
    manager: EntityManager,
    deliverables: readonly DeliverableEntity[],
    fees: readonly bigint[],
  ): Promise<FeeChange[]> {
    const moved: FeeChange[] = [];
    for (const [index, deliverable] of deliverables.entries()) {
      if (fees[index] !== deliverable.fee) {
        await this.saveChanges(manager, deliverable, { fee: fees[index] });
        moved.push({ deliverableId: deliverable.id, before: deliverable.fee, after: fees[index] });
      }
    }
    return moved;
  }

  /** The deal (and the deliverable, once locked) may take this write: the rule in deal-permissions. */
  private requireWritable(viewer: Viewer, deal: DealEntity, deliverable?: DeliverableEntity): void {
    const refusal = deliverable
      ? deliverableWriteRefusal(viewer, deal, deliverable)
      : dealWriteRefusal(viewer, deal);
    if (refusal) throw writeRefusalError(refusal, deal, { deliverable, forDeliverables: true });
  }
}

function deliverableRecord(
  viewer: Viewer,
  operation: string,
  deal: DealEntity,
  deliverableId: string,
): Omit<AuditRecord, 'changes'> {
  return {
    actorUserId: viewer.userId,
    operation,
    entityType: 'DELIVERABLE',
    entityId: deliverableId,
    dealId: deal.id,
  };
}

/** The deal's own entry when a deliverable change moved its total. */
function dealRecord(
  viewer: Viewer,
  operation: string,
  before: DealEntity,
  after: DealEntity,
): AuditRecord {
  return {
    actorUserId: viewer.userId,
    operation,
    entityType: 'DEAL',
    entityId: before.id,
    dealId: before.id,
    changes: diffSnapshots(dealSnapshot(before), dealSnapshot(after)),
  };
}
