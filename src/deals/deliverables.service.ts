import { Injectable } from '@nestjs/common';
import { addMinutes } from 'date-fns';
import { DataSource, type EntityManager } from 'typeorm';
import { diffSnapshots, type AuditSnapshot } from '../audit/audit-changes';
import { recordAudit, type AuditRecord } from '../audit/audit-log';
import { dealVisibility, requireCreator } from '../auth/tenancy';
import type { Viewer } from '../auth/viewer';
import { runTransaction } from '../common/database/retry';
import { AppError, badInput, conflict, ErrorCode, notFound } from '../common/errors/app-error';
import { parseMoneyInput } from '../common/graphql/money-input';
import { splitEvenly } from '../common/money';
import { isUuid } from '../common/validation/uuid';
import { rebalancePlannedFees } from './deal-fees';
import { dealSnapshot } from './deal.audit';
import { isDealOpen } from './deal-status';
import { refuseNulls } from '../common/validation/input-checks';
import type { DealEntity } from './deal.entity';
import {
  checkDeliverableDraft,
  DealsService,
  feeChangeRecords,
  platformIdsForSlugs,
  type FeeChange,
} from './deals.service';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';
import { formatMoney } from '../common/money';
import {
  enqueueDeliverableRiskReevaluation,
  enqueueWebhookEvent,
} from '../webhooks/webhook-events';
import { deliverableSnapshot } from './deliverable.audit';
import { deliverablePage, type DeliverablePage } from './deliverable-page';
import { DeliverableEntity } from './deliverable.entity';
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
    private readonly dataSource: DataSource,
    private readonly deals: DealsService,
  ) {}

  async add(viewer: Viewer, input: AddDeliverableInput): Promise<DeliverableEntity> {
    const creatorId = requireCreator(viewer);
    checkDeliverableDraft(input, 'input');
    return runTransaction(this.dataSource, async (manager) => {
      await claimIdempotencyKey(manager);
      const deal = await this.deals.lockOwnedDeal(manager, creatorId, input.dealId);
      this.requireOpen(deal);
      const [platformId] = await platformIdsForSlugs(manager, [
        { slug: input.platformSlug, field: 'input.platformSlug' },
      ]);
      const records: AuditRecord[] = [];
      let fee: bigint;
      if (input.fee === undefined || input.fee === null) {
        const share = await this.takeEvenShare(manager, deal);
        fee = share.fee;
        records.push(...feeChangeRecords(viewer, 'addDeliverable', deal, share.moved));
      } else {
        fee = parseMoneyInput(input.fee, deal.currency, 'input.fee');
        // A deliverable added with its own fee extends the contract: the deal's total grows by it.
        const grown = await this.deals.saveChanges(manager, deal, {
          totalFee: deal.totalFee + fee,
        });
        records.push(dealRecord(viewer, 'addDeliverable', deal, grown));
      }
      const inserted = await manager.save(
        manager.create(DeliverableEntity, {
          dealId: deal.id,
          platformId,
          kind: input.kind,
          title: input.title.trim(),
          scheduledAt: input.scheduledAt,
          durationMinutes: input.durationMinutes ?? 0,
          dueAt: input.dueAt,
          fee,
          timing: input.timing ?? 'FLEXIBLE',
          status: 'PLANNED',
          version: 1,
        }),
      );
      const created = await manager
        .getRepository(DeliverableEntity)
        .findOneByOrFail({ id: inserted.id });
      records.unshift({
        ...deliverableRecord(viewer, 'addDeliverable', deal, created.id),
        changes: diffSnapshots(null, {
          platform: input.platformSlug,
          ...deliverableSnapshot(created, deal.currency),
        }),
      });
      await recordAudit(manager, records);
      return created;
    });
  }

  async update(
    viewer: Viewer,
    deliverableId: string,
    input: UpdateDeliverableInput,
  ): Promise<DeliverableEntity> {
    const creatorId = requireCreator(viewer);
    refuseNulls(input, UPDATE_DELIVERABLE_NOT_NULLABLE);
    return runTransaction(this.dataSource, async (manager) => {
      const { deal, deliverable } = await this.lockOwned(
        manager,
        creatorId,
        deliverableId,
        input.expectedVersion,
      );
      this.requirePlanned(deliverable);
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
      if (input.platformSlug !== undefined) {
        const [platformId] = await platformIdsForSlugs(manager, [
          { slug: input.platformSlug, field: 'input.platformSlug' },
        ]);
        if (platformId !== deliverable.platformId) {
          changes.platformId = platformId;
          before.platform = await platformSlug(manager, deliverable.platformId);
          after.platform = input.platformSlug;
        }
      }
      if (input.kind !== undefined) change('kind', input.kind);
      if (input.title !== undefined) change('title', input.title.trim());
      if (input.scheduledAt !== undefined) change('scheduledAt', input.scheduledAt);
      if (input.durationMinutes !== undefined) change('durationMinutes', input.durationMinutes);
      if (input.dueAt !== undefined) change('dueAt', input.dueAt);
      if (input.timing !== undefined) change('timing', input.timing);
      checkDeliverableDraft(
        {
          scheduledAt: changes.scheduledAt ?? deliverable.scheduledAt,
          dueAt: changes.dueAt ?? deliverable.dueAt,
        },
        'input',
      );
      const records: AuditRecord[] = [];
      if (input.fee !== undefined) {
        const fee = parseMoneyInput(input.fee, deal.currency, 'input.fee');
        if (fee !== deliverable.fee) {
          changes.fee = fee;
          const moved = await this.deals.saveChanges(manager, deal, {
            totalFee: deal.totalFee + fee - deliverable.fee,
          });
          records.push(dealRecord(viewer, 'updateDeliverable', deal, moved));
        }
      }
      if (Object.keys(changes).length === 0) return deliverable;
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
        await enqueueDeliverableRiskReevaluation(manager, deliverable.id, {
          platformId: deliverable.platformId,
          scheduledAt: deliverable.scheduledAt,
          durationMinutes: deliverable.durationMinutes,
          dueAt: deliverable.dueAt,
          timing: deliverable.timing,
        });
      }
      records.unshift({
        ...deliverableRecord(viewer, 'updateDeliverable', deal, deliverable.id),
        changes: diffSnapshots(before, {
          ...deliverableSnapshot(updated, deal.currency),
          ...after,
        }),
      });
      await recordAudit(manager, records);
      return updated;
    });
  }

  async markPosted(
    viewer: Viewer,
    deliverableId: string,
    input: MarkDeliverablePostedInput,
  ): Promise<DeliverableEntity> {
    const creatorId = requireCreator(viewer);
    refuseNulls(input, ['expectedVersion']);
    const now = new Date();
    const postedAt = input.postedAt ?? now;
    if (postedAt > addMinutes(now, POSTED_AT_SKEW_MINUTES)) {
      throw badInput('postedAt is in the future', ['input.postedAt'], 'POSTED_IN_FUTURE');
    }
    return runTransaction(this.dataSource, async (manager) => {
      await claimIdempotencyKey(manager);
      const { deal, deliverable } = await this.lockOwned(
        manager,
        creatorId,
        deliverableId,
        input.expectedVersion,
      );
      this.requirePlanned(deliverable);
      const updated = await this.saveChanges(manager, deliverable, {
        status: 'POSTED',
        postedAt,
        postUrl: input.url ?? null,
      });
      await this.auditChange(manager, viewer, 'markDeliverablePosted', deal, deliverable, updated);
      await enqueueWebhookEvent(manager, {
        type: 'deliverable.posted',
        deliverableId: updated.id,
        data: {
          deliverable: {
            id: updated.id,
            dealId: deal.id,
            title: updated.title,
            kind: updated.kind,
            platform: await platformSlug(manager, updated.platformId),
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
    const creatorId = requireCreator(viewer);
    refuseNulls({ expectedVersion }, ['expectedVersion'], '');
    return runTransaction(this.dataSource, async (manager) => {
      const { deal, deliverable } = await this.lockOwned(
        manager,
        creatorId,
        deliverableId,
        expectedVersion,
      );
      this.requirePlanned(deliverable);
      const updated = await this.saveChanges(manager, deliverable, { status: 'CANCELLED' });
      await this.auditChange(manager, viewer, 'cancelDeliverable', deal, deliverable, updated);
      return updated;
    });
  }

  async findVisible(viewer: Viewer, deliverableId: string): Promise<DeliverableEntity> {
    if (!isUuid(deliverableId)) throw notFound('Deliverable', deliverableId);
    const visibility = dealVisibility(viewer, 'deal');
    const deliverable = await this.dataSource
      .getRepository(DeliverableEntity)
      .createQueryBuilder('deliverable')
      .innerJoin('deals', 'deal', 'deal.id = deliverable.deal_id')
      .where('deliverable.id = :deliverableId', { deliverableId })
      .andWhere(visibility.condition, visibility.params)
      .getOne();
    if (!deliverable) throw notFound('Deliverable', deliverableId);
    return deliverable;
  }

  /** One statement: the page with each deliverable's deal, creator and platform. */
  list(viewer: Viewer, args: DeliverablesArgs): Promise<DeliverablePage> {
    return deliverablePage(this.dataSource, viewer, args);
  }

  private async lockOwned(
    manager: EntityManager,
    creatorId: string,
    deliverableId: string,
    expectedVersion?: number | null,
  ): Promise<{ deal: DealEntity; deliverable: DeliverableEntity }> {
    if (!isUuid(deliverableId)) throw notFound('Deliverable', deliverableId);
    const found = await manager.getRepository(DeliverableEntity).findOneBy({ id: deliverableId });
    if (!found) throw notFound('Deliverable', deliverableId);
    // Lock the deal first, then the deliverable: every writer takes them in this order.
    const deal = await this.deals
      .lockOwnedDeal(manager, creatorId, found.dealId)
      .catch((error: unknown) => {
        throw error instanceof AppError && error.code === ErrorCode.NOT_FOUND
          ? notFound('Deliverable', deliverableId)
          : error;
      });
    this.requireOpen(deal);
    const deliverable = await manager
      .getRepository(DeliverableEntity)
      .createQueryBuilder('deliverable')
      .setLock('pessimistic_write')
      .where('deliverable.id = :deliverableId', { deliverableId })
      .getOneOrFail();
    if (
      expectedVersion !== undefined &&
      expectedVersion !== null &&
      expectedVersion !== deliverable.version
    ) {
      throw conflict(
        `The deliverable changed since version ${expectedVersion}; it is now at version ${deliverable.version}`,
        'STALE_VERSION',
        { currentVersion: deliverable.version },
      );
    }
    return { deal, deliverable };
  }

  private async saveChanges(
    manager: EntityManager,
    deliverable: DeliverableEntity,
    changes: Partial<DeliverableEntity>,
  ): Promise<DeliverableEntity> {
    const result = await manager
      .createQueryBuilder()
      .update(DeliverableEntity)
      .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND version = :version', {
        id: deliverable.id,
        version: deliverable.version,
      })
      .execute();
    if (result.affected !== 1) {
      const current = await manager
        .getRepository(DeliverableEntity)
        .findOneBy({ id: deliverable.id });
      throw conflict(
        'The deliverable was changed concurrently; reload and retry',
        'STALE_VERSION',
        {
          currentVersion: current?.version ?? null,
        },
      );
    }
    return manager.getRepository(DeliverableEntity).findOneByOrFail({ id: deliverable.id });
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
   * A new deliverable without a fee takes an even share of what is not yet settled; the other
   * planned deliverables give it up in proportion to their fees, so the deal's total stays put.
   */
  private async takeEvenShare(
    manager: EntityManager,
    deal: DealEntity,
  ): Promise<{ fee: bigint; moved: FeeChange[] }> {
    const existing = await manager.getRepository(DeliverableEntity).find({
      where: { dealId: deal.id },
      order: { scheduledAt: 'ASC', id: 'ASC' },
    });
    const planned = existing.filter((deliverable) => deliverable.status === 'PLANNED');
    const settledSum = existing
      .filter((deliverable) => deliverable.status !== 'PLANNED')
      .reduce((sum, deliverable) => sum + deliverable.fee, 0n);
    const pool = deal.totalFee - settledSum;
    const share = splitEvenly(pool, planned.length + 1)[planned.length];
    const fees =
      rebalancePlannedFees(
        pool - share,
        0n,
        planned.map((deliverable) => deliverable.fee),
      ) ?? [];
    const moved: FeeChange[] = [];
    for (const [index, deliverable] of planned.entries()) {
      if (fees[index] !== deliverable.fee) {
        await this.saveChanges(manager, deliverable, { fee: fees[index] });
        moved.push({ deliverableId: deliverable.id, before: deliverable.fee, after: fees[index] });
      }
    }
    return { fee: share, moved };
  }

  private requireOpen(deal: DealEntity): void {
    if (!isDealOpen(deal.status)) {
      throw conflict(
        `The deal is ${deal.status}; its deliverables can no longer change`,
        'DEAL_CLOSED',
      );
    }
  }

  private requirePlanned(deliverable: DeliverableEntity): void {
    if (deliverable.status !== 'PLANNED') {
      throw conflict(`The deliverable is already ${deliverable.status}`, 'DELIVERABLE_NOT_PLANNED');
    }
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

async function platformSlug(manager: EntityManager, platformId: string): Promise<string | null> {
  const [row] = await manager.query<Array<{ slug: string }>>(
    `SELECT slug FROM platforms WHERE id = $1`,
    [platformId],
  );
  return row?.slug ?? null;
}
