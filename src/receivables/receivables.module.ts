import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { ImpactModule } from '../impact/impact.module';
import { ReceivableOverdueScanner } from './overdue-scanner';
import { ReceivableLoaders } from './receivable.loaders';
import { ReceivableRepository } from './receivable.repository';
import {
  DealReceivablesResolver,
  PaymentFieldsResolver,
  ReceivablesResolver,
} from './receivables.resolver';
import { ReceivablesService } from './receivables.service';

/** Money owed: receivables, the payment ledger, write-offs and the cash-flow forecast. */
@Module({
  imports: [DealsModule, ImpactModule],
  providers: [
    ReceivableRepository,
    ReceivablesService,
    ReceivableLoaders,
    ReceivablesResolver,
    PaymentFieldsResolver,
    DealReceivablesResolver,
    ReceivableOverdueScanner,
  ],
  exports: [ReceivablesService, ReceivableRepository],
})
export class ReceivablesModule {}
