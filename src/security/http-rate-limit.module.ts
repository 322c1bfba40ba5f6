import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { HTTP_RATE_LIMITED_ROUTES, HttpRateLimitMiddleware } from './http-rate-limit.middleware';
import { SecurityModule } from './security.module';

/**
 * Rate limits for the plain HTTP routes (reports, exports, calendar feeds), applied by route
 * prefix so that those controllers need nothing of their own: see HttpRateLimitMiddleware.
 */
@Module({ imports: [SecurityModule] })
export class HttpRateLimitModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpRateLimitMiddleware).forRoutes(...HTTP_RATE_LIMITED_ROUTES);
  }
}
