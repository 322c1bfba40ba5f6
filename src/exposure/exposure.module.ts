import { Module } from '@nestjs/common';
import { ImpactModule } from '../impact/impact.module';
import { PlatformsModule } from '../platforms/platforms.module';
import { ExposureLoaders } from './exposure.loaders';
import { ExposureRepository } from './exposure.repository';
import {
  CurrencyExposureResolver,
  ExposureResolver,
  PlatformShareResolver,
  ProviderShareResolver,
} from './exposure.resolver';
import { ExposureService } from './exposure.service';

@Module({
  imports: [PlatformsModule, ImpactModule],
  providers: [
    ExposureRepository,
    ExposureService,
    ExposureLoaders,
    ExposureResolver,
    CurrencyExposureResolver,
    PlatformShareResolver,
    ProviderShareResolver,
  ],
})
export class ExposureModule {}
