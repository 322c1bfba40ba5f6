import { Module } from '@nestjs/common';
import { BrandsModule } from '../brands/brands.module';
import { CreatorsModule } from '../creators/creators.module';
import { DealsModule } from '../deals/deals.module';
import { OutagesModule } from '../outages/outages.module';
import { PlatformsModule } from '../platforms/platforms.module';
import { DeliverableRiskPageService } from './deliverable-risk-page.service';
import { DeliverablesQueryResolver } from './deliverables-query.resolver';
import { ImpactLoaders } from './impact.loaders';
import { ImpactRepository } from './impact.repository';
import {
  BrandImpactResolver,
  CreatorImpactResolver,
  DealImpactTotalsResolver,
  DeliverableImpactResolver,
  OutageImpactFieldsResolver,
  PlatformImpactResolver,
  PlatformIncomeLossResolver,
} from './impact-fields.resolver';
import { ImpactResolver } from './impact.resolver';
import { ImpactService } from './impact.service';
import { OutageImpactFieldResolver } from './outage-impact.field-resolver';
import {
  DealImpactResolver,
  DeliverableRiskFieldsResolver,
  DeliverableRiskResolver,
} from './risk.resolver';

@Module({
  imports: [PlatformsModule, CreatorsModule, BrandsModule, DealsModule, OutagesModule],
  providers: [
    ImpactRepository,
    ImpactService,
    ImpactLoaders,
    ImpactResolver,
    OutageImpactFieldsResolver,
    DeliverableImpactResolver,
    CreatorImpactResolver,
    BrandImpactResolver,
    PlatformImpactResolver,
    DealImpactTotalsResolver,
    PlatformIncomeLossResolver,
    DeliverableRiskResolver,
    DeliverableRiskFieldsResolver,
    DealImpactResolver,
    DeliverableRiskPageService,
    DeliverablesQueryResolver,
    OutageImpactFieldResolver,
  ],
  exports: [ImpactService, ImpactRepository],
})
export class ImpactModule {}
