import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IdempotencyScopeMiddleware } from './idempotency-scope.middleware';
import { IdempotencyPlugin } from './idempotency.plugin';
import { IdempotencyStore } from './idempotency.store';

/** Idempotency-Key support: the Apollo plugin (found by `@Plugin()`) and its store. */
@Module({
  imports: [AuthModule],
  providers: [IdempotencyStore, IdempotencyPlugin],
  exports: [IdempotencyStore],
})
export class IdempotencyModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(IdempotencyScopeMiddleware).forRoutes('*');
  }
}
