import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requireCreator } from '../auth/require-role';
import type { Viewer } from '../auth/viewer';
import { runTransaction } from '../common/database/retry';
import type { Connection, PageRequest } from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import { deliverableWriteRefusal, writeRefusalError } from '../deals/deal-permissions';
import {
  dealClosedForDeliverables,
  deliverableNotFound,
  deliverableNotPlanned,
} from '../deals/deal.errors';
import { isDealOpen } from '../deals/deal-status';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';
import type { AuditChange } from '../infrastructure/audit/audit-changes';
import { recordAudit } from '../infrastructure/audit/audit-log';
import { Clock } from '../infrastructure/clock';
import { draftEventData, enqueueWebhookEvent } from '../infrastructure/outbox/webhook-events';
import {
  approvalNotRequired,
  draftNotFound,
  draftNotInReview,
  requireBrandMember,
  staleRound,
  tooManyRounds,
} from './approvals.errors';
import {
  approvalStatus,
  nextRound,
  reviewRefusal,
  type ApprovalStatus,
  type ReviewDecision,
} from './draft-state';
import { DraftRepository, type DraftRow, type LockedDeal } from './draft.repository';

export interface SubmitDraftCommand {
  readonly deliverableId: string;
  readonly url?: string | null;
  readonly note?: string | null;
}

export interface ReviewDraftCommand {
  readonly draftId: string;
  readonly decision: ReviewDecision;
  readonly note?: string | null;
  readonly expectedRound?: number | null;
}

/**
 * Content approval: the creator submits drafts of a deliverable in rounds, a member of the deal's
 * brand answers the latest one. Each write locks the deal's row first (as every writer of its
 * deliverables does), checks the state under that lock, then writes the rounds, its audit entry
 * and its webhook event in one transaction: a refused write leaves nothing behind.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DraftRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * A new round, IN_REVIEW, of a PLANNED deliverable of the creator's own deal that requires
   * approval; the round in review before it, if any, becomes SUPERSEDED. Honours Idempotency-Key.
   */
  async submit(viewer: Viewer, command: SubmitDraftCommand): Promise<DraftRow> {
    requireCreator(viewer);
    const { deliverableId } = command;
    if (!isUuid(deliverableId)) throw deliverableNotFound(deliverableId);
    return runTransaction(this.dataSource, async (manager) => {
      await claimIdempotencyKey(manager);
      const deal = await this.repository.lockDealOfDeliverable(manager, viewer, deliverableId);
      const rounds = deal && (await this.repository.rounds(manager, deliverableId));
      if (!deal || !rounds) throw deliverableNotFound(deliverableId);
      const deliverable = { id: deliverableId, status: rounds.status };
      const refusal = deliverableWriteRefusal(viewer, deal, deliverable);
      if (refusal) throw writeRefusalError(refusal, deal, { deliverable });
      if (!deal.requiresApproval) throw approvalNotRequired();
      const next = nextRound(rounds.latest);
      if (!next) throw tooManyRounds();
      const before = approvalStatus(true, rounds.latest);
      if (next.supersedes && rounds.latest) {
        await this.repository.supersede(manager, rounds.latest.id);
      }
      const draft = await this.repository.insert(manager, {
        deliverableId,
        dealId: deal.id,
        round: next.round,
        url: command.url ?? null,
        note: command.note ?? '',
        submittedByUserId: viewer.userId,
        submittedAt: this.clock.now(),
      });
      await recordAudit(manager, [
        {
          actorUserId: viewer.userId,
          operation: 'submitDraft',
          entityType: 'DELIVERABLE',
          entityId: deliverableId,
          dealId: deal.id,
          changes: [
            ...approvalChange(before, 'IN_REVIEW'),
            {
              field: 'draft.round',
              before: rounds.latest ? String(rounds.latest.round) : null,
              after: String(draft.round),
            },
            { field: 'draft.id', before: null, after: draft.id },
            ...(draft.url ? [{ field: 'draft.url', before: null, after: draft.url }] : []),
            ...(next.supersedes && rounds.latest
              ? [
                  {
                    field: `draft.${rounds.latest.round}.state`,
                    before: 'IN_REVIEW',
                    after: 'SUPERSEDED',
                  },
                ]
              : []),
          ],
        },
      ]);
      await enqueueWebhookEvent(manager, {
        type: 'draft.submitted',
        dealId: deal.id,
        deliverableId,
        actorUserId: viewer.userId,
        data: draftEventData(draft),
      });
      return draft;
    });
  }

  /**
   * A brand member's answer to the latest round, while it is IN_REVIEW. Honours Idempotency-Key.
   * Refused with NOT_FOUND for a draft of another tenant, FORBIDDEN for anyone but the deal's
   * brand members, CONFLICT for a round that is answered, superseded or not the latest.
   */
  async review(viewer: Viewer, command: ReviewDraftCommand): Promise<DraftRow> {
    const { draftId } = command;
    if (!isUuid(draftId)) throw draftNotFound(draftId);
    return runTransaction(this.dataSource, async (manager) => {
      await claimIdempotencyKey(manager);
      const deal = await this.repository.lockDealOfDraft(manager, viewer, draftId);
      if (!deal) throw draftNotFound(draftId);
      requireBrandMember(viewer, deal.brandId, () => draftNotFound(draftId));
      const draft = await this.repository.draft(manager, draftId);
      const rounds = draft && (await this.repository.rounds(manager, draft.deliverableId));
      if (!draft || !rounds?.latest) throw draftNotFound(draftId);
      this.requireAnswerable(deal, rounds.status);
      const latestRound = rounds.latest.round;
      if (
        command.expectedRound !== undefined &&
        command.expectedRound !== null &&
        command.expectedRound !== latestRound
      ) {
        throw staleRound(command.expectedRound, latestRound);
      }
      const refused = reviewRefusal(draft, latestRound);
      if (refused) throw draftNotInReview(draft.round, refused.state, refused.latestRound);
      const answered = await this.repository.answer(manager, {
        draftId,
        state: command.decision,
        reviewNote: command.note ?? '',
        userId: viewer.userId,
        at: this.clock.now(),
      });
      // The deal's lock keeps other writers out, so the round is still in review here.
      if (!answered) throw draftNotInReview(draft.round, draft.state, latestRound);
      await recordAudit(manager, [
        {
          actorUserId: viewer.userId,
          operation: 'reviewDraft',
          entityType: 'DELIVERABLE',
          entityId: answered.deliverableId,
          dealId: deal.id,
          changes: [
            ...approvalChange(
              approvalStatus(deal.requiresApproval, draft),
              approvalStatus(deal.requiresApproval, answered),
            ),
            { field: `draft.${answered.round}.state`, before: 'IN_REVIEW', after: answered.state },
            { field: 'draft.id', before: null, after: answered.id },
            ...(answered.reviewNote
              ? [
                  {
                    field: `draft.${answered.round}.reviewNote`,
                    before: null,
                    after: answered.reviewNote,
                  },
                ]
              : []),
          ],
        },
      ]);
      await enqueueWebhookEvent(manager, {
        type: 'draft.reviewed',
        dealId: deal.id,
        deliverableId: answered.deliverableId,
        actorUserId: viewer.userId,
        data: draftEventData({ ...answered, note: answered.reviewNote }),
      });
      return answered;
    });
  }

  /** The rounds awaiting an answer that the viewer may see, oldest submission first. */
  awaitingReview(viewer: Viewer, paging: PageRequest): Promise<Connection<DraftRow>> {
    return this.repository.awaitingReview(viewer, paging);
  }

  /** A round is answered only while its deliverable may still change. */
  private requireAnswerable(deal: LockedDeal, deliverableStatus: string): void {
    if (!isDealOpen(deal.status)) throw dealClosedForDeliverables(deal.status);
    if (deliverableStatus !== 'PLANNED') throw deliverableNotPlanned(deliverableStatus);
  }
}

/** The audit trail's `approval` change, when the status moved. */
function approvalChange(before: ApprovalStatus, after: ApprovalStatus): AuditChange[] {
  return before === after ? [] : [{ field: 'approval', before, after }];
}
