import { Injectable } from '@nestjs/common';
import { addMinutes } from 'date-fns';
import { DataSource, type EntityManager } from 'typeorm';
import { dealVisibility, requireCreator } from '../auth/tenancy';
import type { Viewer } from '../auth/viewer';
import { keysetPage } from '../common/database/keyset-page';
import { AppError, badInput, conflict, ErrorCode, notFound } from '../common/errors/app-error';
import { parseMoneyInput } from '../common/graphql/money-input';
import type { Connection } from '../common/graphql/pagination';
import { splitEvenly } from '../common/money';
import { isUuid } from '../common/validation/uuid';
import { rebalancePlannedFees } from '../deals/deal-fees';
import { isDealOpen } from '../deals/deal-status';
import type { DealEntity } from '../deals/deal.entity';
import { checkDeliverableDraft, DealsService, platformIdsForSlugs } from '../deals/deals.service';
import { DeliverableEntity } from './deliverable.entity';
import type {
  AddDeliverableInput,
  MarkDeliverablePostedInput,
  UpdateDeliverableInput,
} from './dto/deliverable.input';
import type { DeliverablesArgs } from './dto/deliverables.args';

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
    return this.dataSource.transaction(async (manager) => {
      const deal = await this.deals.lockOwnedDeal(manager, creatorId, input.dealId);
      this.requireOpen(deal);
      const [platformId] = await platformIdsForSlugs(manager, [
        { slug: input.platformSlug, field: 'input.platformSlug' },
      ]);
      const fee =
        input.fee === undefined || input.fee === null
          ? await this.takeEvenShare(manager, deal)
          : await this.growTotal(
              manager,
              deal,
              parseMoneyInput(input.fee, deal.currency, 'input.fee'),
            );
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
      return manager.getRepository(DeliverableEntity).findOneByOrFail({ id: inserted.id });
    });
  }

  async update(
    viewer: Viewer,
    deliverableId: string,
    input: UpdateDeliverableInput,
  ): Promise<DeliverableEntity> {
    const creatorId = requireCreator(viewer);
    return this.dataSource.transaction(async (manager) => {
      const { deal, deliverable } = await this.lockOwned(
        manager,
        creatorId,
        deliverableId,
        input.expectedVersion,
      );
      this.requirePlanned(deliverable);
      const changes: Partial<DeliverableEntity> = {};
      if (input.platformSlug !== undefined) {
        [changes.platformId] = await platformIdsForSlugs(manager, [
          { slug: input.platformSlug, field: 'input.platformSlug' },
        ]);
      }
      if (input.kind !== undefined) changes.kind = input.kind;
      if (input.title !== undefined) changes.title = input.title.trim();
      if (input.scheduledAt !== undefined) changes.scheduledAt = input.scheduledAt;
      if (input.durationMinutes !== undefined) changes.durationMinutes = input.durationMinutes;
      if (input.dueAt !== undefined) changes.dueAt = input.dueAt;
      if (input.timing !== undefined) changes.timing = input.timing;
      checkDeliverableDraft(
        {
          scheduledAt: changes.scheduledAt ?? deliverable.scheduledAt,
          dueAt: changes.dueAt ?? deliverable.dueAt,
        },
        'input',
      );
      if (input.fee !== undefined) {
        const fee = parseMoneyInput(input.fee, deal.currency, 'input.fee');
        if (fee !== deliverable.fee) {
          changes.fee = fee;
          await this.deals.saveChanges(manager, deal, {
            totalFee: deal.totalFee + fee - deliverable.fee,
          });
        }
      }
      return this.saveChanges(manager, deliverable, changes);
    });
  }

  async markPosted(
    viewer: Viewer,
    deliverableId: string,
    input: MarkDeliverablePostedInput,
  ): Promise<DeliverableEntity> {
    const creatorId = requireCreator(viewer);
    const now = new Date();
    const postedAt = input.postedAt ?? now;
    if (postedAt > addMinutes(now, POSTED_AT_SKEW_MINUTES)) {
      throw badInput('postedAt is in the future', ['input.postedAt'], 'POSTED_IN_FUTURE');
    }
    return this.dataSource.transaction(async (manager) => {
      const { deliverable } = await this.lockOwned(manager, creatorId, deliverableId);
      this.requirePlanned(deliverable);
      return this.saveChanges(manager, deliverable, {
        status: 'POSTED',
        postedAt,
        postUrl: input.url ?? null,
      });
    });
  }

  async cancel(viewer: Viewer, deliverableId: string): Promise<DeliverableEntity> {
    const creatorId = requireCreator(viewer);
    return this.dataSource.transaction(async (manager) => {
      const { deliverable } = await this.lockOwned(manager, creatorId, deliverableId);
      this.requirePlanned(deliverable);
      return this.saveChanges(manager, deliverable, { status: 'CANCELLED' });
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

  list(viewer: Viewer, args: DeliverablesArgs): Promise<Connection<DeliverableEntity>> {
    const visibility = dealVisibility(viewer, 'deal');
    const query = this.dataSource
      .getRepository(DeliverableEntity)
      .createQueryBuilder('deliverable')
      .innerJoin('deals', 'deal', 'deal.id = deliverable.deal_id')
      .where(visibility.condition, visibility.params);
    const filter = args.filter ?? {};
    if (filter.status) query.andWhere('deliverable.status = :status', { status: filter.status });
    if (filter.dealId) query.andWhere('deliverable.deal_id = :dealId', { dealId: filter.dealId });
    if (filter.brandId) query.andWhere('deal.brand_id = :brandId', { brandId: filter.brandId });
    if (filter.dueBefore)
      query.andWhere('deliverable.due_at < :dueBefore', { dueBefore: filter.dueBefore });
    if (filter.dueAfter)
      query.andWhere('deliverable.due_at >= :dueAfter', { dueAfter: filter.dueAfter });
    if (filter.platform) {
      query.andWhere(
        'deliverable.platform_id = (SELECT p.id FROM platforms p WHERE p.slug = :platformSlug)',
        {
          platformSlug: filter.platform,
        },
      );
    }
    return keysetPage(
      query,
      { sortColumn: 'deliverable.scheduled_at', idColumn: 'deliverable.id', direction: 'ASC' },
      args,
      (deliverable) => deliverable,
    );
  }

  private async lockOwned(
    manager: EntityManager,
    creatorId: string,
    deliverableId: string,
    expectedVersion?: number,
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
    if (expectedVersion !== undefined && expectedVersion !== deliverable.version) {
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
    if (result.affected !== 1)
      throw conflict('The deliverable was changed concurrently; reload and retry', 'STALE_VERSION');
    return manager.getRepository(DeliverableEntity).findOneByOrFail({ id: deliverable.id });
  }

  /**
   * A new deliverable without a fee takes an even share of what is not yet settled; the other
   * planned deliverables give it up in proportion to their fees, so the deal's total stays put.
   */
  private async takeEvenShare(manager: EntityManager, deal: DealEntity): Promise<bigint> {
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
    for (const [index, deliverable] of planned.entries()) {
      if (fees[index] !== deliverable.fee) {
        await this.saveChanges(manager, deliverable, { fee: fees[index] });
      }
    }
    return share;
  }

  /** A deliverable added with its own fee extends the contract: the deal's total grows by it. */
  private async growTotal(manager: EntityManager, deal: DealEntity, fee: bigint): Promise<bigint> {
    await this.deals.saveChanges(manager, deal, { totalFee: deal.totalFee + fee });
    return fee;
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
