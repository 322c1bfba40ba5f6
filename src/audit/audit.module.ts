import { Module } from '@nestjs/common';
import { AuditEntryActorResolver, DealAuditTrailResolver } from './audit-fields.resolver';
import { AuditLoaders } from './audit.loaders';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/**
 * Reading the audit trail (the root `auditTrail`, `Deal.auditTrail`, `AuditEntry.actor`, and
 * entries for `node`); writing is `recordAudit`, called inside each mutation's transaction.
 */
@Module({
  providers: [
    AuditService,
    AuditResolver,
    AuditRepository,
    AuditLoaders,
    DealAuditTrailResolver,
    AuditEntryActorResolver,
  ],
  exports: [AuditLoaders],
})
export class AuditModule {}
