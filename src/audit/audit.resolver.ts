import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { PageArgs, type Connection } from '../common/graphql/pagination';
import { AuditEntry, AuditEntryConnection } from './audit-entry.model';
import { AuditService } from './audit.service';

@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEntryConnection, {
    description:
      "Who changed money, dates, terms, status or notes of a record, and how, oldest first (a deal's private notes: values for its creator only, `redacted` for anyone else). A deal's trail includes its deliverables'. Readable by whoever may read the record (outages: administrators; platform accounts: their creator and administrators).",
  })
  auditTrail(
    @CurrentViewer() viewer: Viewer,
    @Args('entityId', {
      type: () => ID,
      description:
        'The id of a deal, deliverable, outage or platform account; one you may not read is NOT_FOUND',
    })
    entityId: string,
    @Args() args: PageArgs,
  ): Promise<Connection<AuditEntry>> {
    return this.audit.trail(viewer, entityId, args);
  }
}
