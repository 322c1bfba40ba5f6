import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { IdempotencyScopeMiddleware } from './idempotency-scope.middleware';
import { IdempotencyPlugin } from './idempotency.plugin';
import { IdempotencyStore } from './idempotency.store';

/** Idempotency-Key support: the Apollo plugin (found by `@Plugin()`) and its store. */
@Module({
  imports: [],
  providers: [IdempotencyStore, IdempotencyPlugin],
  exports: [IdempotencyStore],
})
export class IdempotencyModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(IdempotencyScopeMiddleware).forRoutes('*');
  }
}
