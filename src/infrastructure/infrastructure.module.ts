import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { AppSecretsService } from './signed-links/app-secrets.service';

/**
 * Shared mechanisms provided once for every feature: the clock and the secret behind signed
 * links. (The outbox and the audit log are plain functions that take the caller's transaction.)
 */
@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }, AppSecretsService],
  exports: [Clock, AppSecretsService],
})
export class InfrastructureModule {}
