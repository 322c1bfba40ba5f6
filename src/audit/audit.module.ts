import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/** Reading the audit trail; writing is `recordAudit`, called inside each mutation's transaction. */
@Module({
  providers: [AuditService, AuditResolver],
})
export class AuditModule {}
