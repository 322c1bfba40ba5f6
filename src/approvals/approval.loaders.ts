import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { groupRows } from '../common/dataloader/loaders';
import type { DealEntity } from '../deals/deal.entity';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { approvalStatus, type ApprovalStatus } from './draft-state';
import { DraftRepository, type DraftRow } from './draft.repository';

/** Rounds per deliverable, per request, batched and behind the caller's tenancy. */
@Injectable()
export class ApprovalLoaders {
  constructor(private readonly repository: DraftRepository) {}

  /**
   * Every round of each deliverable, oldest first: one statement for a whole page. Rounds are
   * read through `visibleDeals`, so a deliverable of another tenant has none.
   */
  roundsByDeliverableId(ctx: RequestContext): DataLoader<string, DraftRow[]> {
    return ctx.loader('approvals.roundsByDeliverableId', () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, DraftRow[]>(async (ids) =>
        groupRows(
          ids,
          await this.repository.visibleRounds(viewer, ids),
          (row) => row.deliverableId,
        ),
      );
    });
  }

  /**
   * A deliverable's approval (`approvalStatus`). A deal that requires none costs no statement:
   * the rounds are read only for deals with requiresApproval.
   */
  async status(
    ctx: RequestContext,
    deal: Pick<DealEntity, 'requiresApproval'>,
    deliverableId: string,
  ): Promise<ApprovalStatus> {
    if (!deal.requiresApproval) return 'NOT_REQUIRED';
    const rounds = await this.roundsByDeliverableId(ctx).load(deliverableId);
    return approvalStatus(true, rounds.at(-1) ?? null);
  }
}
