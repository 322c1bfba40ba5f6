import { Module } from '@nestjs/common';
import { BrandsModule } from '../../brands/brands.module';
import { DealsModule } from '../../deals/deals.module';
import { PlatformsModule } from '../../platforms/platforms.module';
import { DealsCsvResolver } from './deals-csv.resolver';
import { DealsExportLinkService } from './deals-export-link.service';
import { DealsExportService } from './deals-export.service';
import { DealsImportService } from './deals-import.service';
import { ExportsController } from './exports.controller';

/** Deals as CSV: `importDeals`, `npm run import:deals`, `GET /exports/deals.csv`, `dealsExportLink`. */
@Module({
  imports: [BrandsModule, DealsModule, PlatformsModule],
  controllers: [ExportsController],
  providers: [DealsImportService, DealsExportService, DealsExportLinkService, DealsCsvResolver],
  exports: [DealsImportService, DealsExportService],
})
export class DealsCsvModule {}
