import { Injectable, type NestMiddleware } from '@nestjs/common';
import { runWithIdempotencyScope } from './idempotency-keys';

/**
 * Opens the request's idempotency scope around everything downstream (Apollo included), so the
 * plugin's hooks and the services' `claimIdempotencyKey` see the same state. A middleware rather
 * than `enterWith` in a plugin hook: the store must wrap execution, which no hook does.
 */
@Injectable()
export class IdempotencyScopeMiddleware implements NestMiddleware {
  use(_request: unknown, _response: unknown, next: () => void): void {
    runWithIdempotencyScope(next);
  }
}
