import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { requireCreator } from '../auth/require-role';
import type { Viewer } from '../auth/viewer';
import { runTransaction } from '../common/database/retry';
import { inputProblems, notFound, type AppError } from '../common/errors/app-error';
import { isUuid } from '../common/validation/uuid';
import { DeliverablesService } from '../deals/deliverables.service';
import {
  movedDeliverable,
  rescheduleAtStake,
  riskScopes,
  suggestedMove,
  type DeliverableMove,
  type MoneyAtStake,
} from '../impact/engine';
import { ImpactRepository, slotsAndDeadlines } from '../impact/impact.repository';
import { recordAudit } from '../infrastructure/audit/audit-log';
import { Clock } from '../infrastructure/clock';
import { enqueueWebhookEvent, rescheduleEventData } from '../infrastructure/outbox/webhook-events';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';
import {
  brandMembersOnly,
  deadlineBeforeSlot,
  notReschedulable,
  nothingMoves,
  nothingToSuggest,
  platformNotAllowed,
  proposalAlreadyOpen,
  proposalClosed,
  proposalNotFound,
  proposalStale,
  slotInPast,
  unknownPlatform,
} from './reschedule.errors';
import {
  RescheduleRepository,
  slotsOf,
  stateAt,
  type ProposalFilter,
  type ProposalRow,
  type ProposalState,
} from './reschedule.repository';

export interface ProposeCommand {
  readonly deliverableId: string;
  readonly scheduledAt?: Date | null;
  readonly dueAt?: Date | null;
  readonly platformSlug?: string | null;
  readonly note?: string | null;
}

/** Stored form of the engine's figures: minor units as strings. */
function storedFigures(figures: MoneyAtStake): Record<string, unknown> {
  return {
    outcome: figures.outcome,
    delayed: figures.delayed.toString(),
    lost: figures.lost.toString(),
    retained: figures.retained.toString(),
    recoverable: figures.recoverable.toString(),
    delayMinutes: figures.delayMinutes,
  };
}

/**
 * Reschedule proposals: the creator proposes a move (by default the engine's suggestion for the
 * worst outage hitting the deliverable), a member of the deal's brand accepts or declines it, the
 * creator may withdraw it; an accepted move rewrites the deliverable in the same transaction.
 */
@Injectable()
export class ReschedulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: RescheduleRepository,
    private readonly impact: ImpactRepository,
    private readonly deliverables: DeliverablesService,
    private readonly clock: Clock,
  ) {}

  /** Visible proposals, newest first, each in its state at `now` (filtered on that state). */
  async list(
    viewer: Viewer,
    filter: ProposalFilter,
    now = this.clock.now(),
  ): Promise<ProposalRow[]> {
    const rows = await this.repository.list(viewer, { ...filter, states: undefined });
    const states = filter.states?.length ? new Set(filter.states) : null;
    return rows
      .map((row) => ({ ...row, state: stateAt(row, now) }))
      .filter((row) => !states || states.has(row.state));
  }

  async propose(viewer: Viewer, command: ProposeCommand): Promise<ProposalRow> {
    const creatorId = requireCreator(viewer);
    const id = command.deliverableId;
    if (!isUuid(id)) throw notFound('Deliverable', id);
    const proposalId = await runTransaction(this.dataSource, async (manager) => {
      await claimIdempotencyKey(manager);
      const found = await this.repository.lockVisibleDeliverable(manager, viewer, id);
      if (!found || found.creatorId !== creatorId) throw notFound('Deliverable', id);
      if (found.dealStatus !== 'ACTIVE' || found.status !== 'PLANNED') {
        throw notReschedulable(`${found.status} on a ${found.dealStatus} deal`);
      }
      const now = this.clock.now();
      await this.repository.expireOpen(manager, id, now);
      const open = await this.repository.list(viewer, { deliverableIds: [id] }, manager);
      if (open.some((row) => row.state === 'OPEN')) throw proposalAlreadyOpen();

      const [deliverable] = await this.impact.deliverablesByIds([id], manager);
      // The outages around the slot as it is and as proposed (the suggestion lies among them).
      const { from, to } = slotsAndDeadlines([
        deliverable,
        {
          scheduledAt: command.scheduledAt ?? deliverable.scheduledAt,
          dueAt: command.dueAt ?? command.scheduledAt ?? deliverable.dueAt,
          durationMinutes: deliverable.durationMinutes,
        },
      ]);
      const { outages, graph } = await this.impact.riskContext(from, to, manager);
      const scopes = riskScopes(outages, graph.edges, now, graph.platforms);
      const riskNow = scopes.risk(deliverable);
      const slugOf = (platformId: string) => graph.platforms.get(platformId)?.slug;
      const suggestion = suggestedMove(deliverable, riskNow, slugOf);

      const problems: AppError[] = [];
      let platformId = suggestion?.platformId ?? deliverable.platformId;
      if (command.platformSlug) {
        const slug = command.platformSlug;
        const named = [...graph.platforms].find(([, info]) => info.slug === slug)?.[0];
        if (!named) problems.push(unknownPlatform(slug));
        else if (
          named !== deliverable.platformId &&
          !deliverable.deal.alternatePlatformIds.includes(named)
        ) {
          problems.push(platformNotAllowed(slug));
        } else platformId = named;
      }
      const scheduledAt = command.scheduledAt ?? suggestion?.scheduledAt ?? null;
      if (!scheduledAt) problems.push(nothingToSuggest());
      else if (scheduledAt <= now) problems.push(slotInPast());
      const window = deliverable.dueAt.getTime() - deliverable.scheduledAt.getTime();
      const dueAt =
        command.dueAt ??
        (command.scheduledAt
          ? new Date(Math.max(deliverable.dueAt.getTime(), command.scheduledAt.getTime() + window))
          : (suggestion?.dueAt ?? null));
      if (scheduledAt && dueAt && dueAt < scheduledAt) problems.push(deadlineBeforeSlot());
      if (problems.length > 0 || !scheduledAt || !dueAt) throw inputProblems(problems);
      const move: DeliverableMove = {
        platformId,
        platformSlug: slugOf(platformId) ?? deliverable.platformSlug,
        scheduledAt,
        dueAt,
      };
      if (
        move.platformId === deliverable.platformId &&
        move.scheduledAt.getTime() === deliverable.scheduledAt.getTime() &&
        move.dueAt.getTime() === deliverable.dueAt.getTime()
      ) {
        throw inputProblems([nothingMoves()]);
      }
      const ifAccepted = scopes.risk(movedDeliverable(deliverable, move));
      const stake = rescheduleAtStake(deliverable, riskNow, ifAccepted);
      const note = command.note?.trim() ?? '';
      const newId = await this.repository.insert(manager, {
        dealId: found.dealId,
        deliverableId: id,
        originalPlatformId: deliverable.platformId,
        originalScheduledAt: deliverable.scheduledAt,
        originalDueAt: deliverable.dueAt,
        proposedPlatformId: move.platformId,
        proposedScheduledAt: move.scheduledAt,
        proposedDueAt: move.dueAt,
        outageIds: riskNow.outageIds,
        atStake: {
          currency: stake.currency,
          fee: stake.fee.toString(),
          now: storedFigures(stake.now),
          ifAccepted: storedFigures(stake.ifAccepted),
          saved: stake.saved.toString(),
        },
        note,
        proposedByUserId: viewer.userId,
        proposedAt: now,
      });
      const row = (await this.repository.lock(manager, newId))!;
      await this.announce(manager, viewer, 'proposeReschedule', 'reschedule.proposed', row, null);
      return newId;
    });
    return this.reread(viewer, proposalId);
  }

  /** The brand's answer: ACCEPT moves the deliverable in the same transaction, DECLINE keeps it. */
  async respond(
    viewer: Viewer,
    proposalId: string,
    decision: 'ACCEPT' | 'DECLINE',
    note: string | null | undefined,
  ): Promise<ProposalRow> {
    const proposal = isUuid(proposalId)
      ? await this.repository.findVisible(viewer, proposalId)
      : null;
    if (!proposal) throw proposalNotFound(proposalId);
    if (viewer.role !== 'BRAND' || !viewer.brandIds.includes(proposal.brandId)) {
      throw brandMembersOnly();
    }
    await runTransaction(this.dataSource, async (manager) => {
      await claimIdempotencyKey(manager);
      const locked = await this.repository.lock(manager, proposalId);
      if (!locked) throw proposalNotFound(proposalId);
      const now = this.clock.now();
      const state = stateAt(locked, now);
      if (state !== 'OPEN') throw proposalClosed(state);
      if (decision === 'ACCEPT') {
        const moved = await this.deliverables.applyAgreedMove(
          manager,
          viewer,
          'respondToReschedule',
          {
            dealId: locked.dealId,
            creatorId: locked.creatorId,
            deliverableId: locked.deliverableId,
          },
          {
            platformId: locked.originalPlatformId,
            scheduledAt: locked.originalScheduledAt,
            dueAt: locked.originalDueAt,
          },
          {
            platformId: locked.proposedPlatformId,
            scheduledAt: locked.proposedScheduledAt,
            dueAt: locked.proposedDueAt,
          },
        );
        if (!moved) throw proposalStale();
      }
      const closed: ProposalState = decision === 'ACCEPT' ? 'ACCEPTED' : 'DECLINED';
      await this.repository.close(manager, proposalId, {
        state: closed,
        userId: viewer.userId,
        note: note?.trim() ?? '',
        at: now,
      });
      const after = (await this.repository.lock(manager, proposalId))!;
      await this.announce(
        manager,
        viewer,
        'respondToReschedule',
        decision === 'ACCEPT' ? 'reschedule.accepted' : 'reschedule.declined',
        after,
        'OPEN',
      );
    });
    return this.reread(viewer, proposalId);
  }

  /** The creator takes back an open proposal. */
  async withdraw(viewer: Viewer, proposalId: string): Promise<ProposalRow> {
    const creatorId = requireCreator(viewer);
    const proposal = isUuid(proposalId)
      ? await this.repository.findVisible(viewer, proposalId)
      : null;
    if (!proposal || proposal.creatorId !== creatorId) throw proposalNotFound(proposalId);
    await runTransaction(this.dataSource, async (manager) => {
      const locked = await this.repository.lock(manager, proposalId);
      if (!locked) throw proposalNotFound(proposalId);
      const now = this.clock.now();
      const state = stateAt(locked, now);
      if (state !== 'OPEN') throw proposalClosed(state);
      await this.repository.close(manager, proposalId, {
        state: 'WITHDRAWN',
        userId: viewer.userId,
        note: '',
        at: now,
      });
      const after = (await this.repository.lock(manager, proposalId))!;
      await this.announce(
        manager,
        viewer,
        'withdrawReschedule',
        'reschedule.withdrawn',
        after,
        'OPEN',
      );
    });
    return this.reread(viewer, proposalId);
  }

  private async reread(viewer: Viewer, proposalId: string): Promise<ProposalRow> {
    const row = await this.repository.findVisible(viewer, proposalId);
    if (!row) throw proposalNotFound(proposalId);
    return { ...row, state: stateAt(row, this.clock.now()) };
  }

  /** The audit entry and the reschedule.* event of a state change, in the caller's transaction. */
  private async announce(
    manager: EntityManager,
    viewer: Viewer,
    operation: string,
    type:
      | 'reschedule.proposed'
      | 'reschedule.accepted'
      | 'reschedule.declined'
      | 'reschedule.withdrawn',
    row: ProposalRow,
    before: ProposalState | null,
  ): Promise<void> {
    const slot = (platform: string, scheduledAt: Date, dueAt: Date) =>
      JSON.stringify({
        platform,
        scheduledAt: scheduledAt.toISOString(),
        dueAt: dueAt.toISOString(),
      });
    await recordAudit(manager, [
      {
        actorUserId: viewer.userId,
        operation,
        entityType: 'DELIVERABLE',
        entityId: row.deliverableId,
        dealId: row.dealId,
        changes: [
          { field: 'reschedule.state', before, after: row.state },
          ...(before === null
            ? [
                {
                  field: 'reschedule.proposed',
                  before: slot(
                    row.originalPlatformSlug,
                    row.originalScheduledAt,
                    row.originalDueAt,
                  ),
                  after: slot(row.proposedPlatformSlug, row.proposedScheduledAt, row.proposedDueAt),
                },
              ]
            : []),
        ],
      },
    ]);
    await enqueueWebhookEvent(manager, {
      type,
      dealId: row.dealId,
      deliverableId: row.deliverableId,
      actorUserId: viewer.userId,
      data: rescheduleEventData({
        id: row.id,
        dealId: row.dealId,
        deliverableId: row.deliverableId,
        state: row.state,
        ...slotsOf(row),
        outageIds: row.outageIds,
        atStake: row.atStake,
        note: before === null ? row.note : row.responseNote,
      }),
    });
  }
}
