import { Module } from '@nestjs/common';
import { BrandsModule } from '../brands/brands.module';
import { CreatorsModule } from '../creators/creators.module';
import { DealsModule } from '../deals/deals.module';
import { OutagesModule } from '../outages/outages.module';
import { PlatformsModule } from '../platforms/platforms.module';
import { NodeLoaders } from './node.loaders';
import { NodeRepository } from './node.repository';
import { NodeResolver } from './node.resolver';

/** The graph conventions across features: object identification (`node`, `nodes`). */
@Module({
  imports: [BrandsModule, CreatorsModule, DealsModule, OutagesModule, PlatformsModule],
  providers: [NodeRepository, NodeLoaders, NodeResolver],
})
export class NodeModule {}
