import { Global, Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { ApprovalLoaders } from './approval.loaders';
import { ApprovalsResolver, DeliverableApprovalResolver } from './approvals.resolver';
import { ApprovalsService } from './approvals.service';
import { DraftRepository } from './draft.repository';
import { POSTING_GUARD } from '../deals/posting-guard.port';
import { refuseUnapprovedPosting } from './posting-guard';

/**
 * Content approval: drafts of a deliverable in rounds, answered by the deal's brand.
 * Global so that impact's risk (Deliverable.risk, the ranked deliverables list) can read the
 * approval state through ApprovalLoaders and DraftRepository without ImpactModule importing
 * this module; listing ApprovalsModule in ImpactModule's imports would do the same.
 */
@Global()
@Module({
  imports: [DealsModule],
  providers: [
    DraftRepository,
    ApprovalsService,
    ApprovalLoaders,
    ApprovalsResolver,
    DeliverableApprovalResolver,
    // markDeliverablePosted asks this (deals do not import approvals).
    { provide: POSTING_GUARD, useValue: refuseUnapprovedPosting },
  ],
  exports: [DraftRepository, ApprovalLoaders, POSTING_GUARD],
})
export class ApprovalsModule {}
