import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';

/** Shared mechanisms provided once for every feature: the clock, the outbox, signed links. */
@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }],
  exports: [Clock],
})
export class InfrastructureModule {}
