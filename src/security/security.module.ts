import { Module } from '@nestjs/common';
import { QueryLimitsPlugin } from './query-limits.plugin';
import { RateLimitService } from './rate-limit.service';
import { SignInThrottle } from './sign-in-throttle.service';

/**
 * Abuse limits: the rate-limit store, the query-cost and rate-limit Apollo plugin (found by
 * @nestjs/apollo through its @Plugin() decorator) and the sign-in throttle. The document limits
 * (tokens, depth, aliases) are Apollo options, in infrastructure/graphql/graphql.config.ts; the body
 * size and client address are Express settings, in bootstrap.ts.
 */
@Module({
  providers: [RateLimitService, QueryLimitsPlugin, SignInThrottle],
  exports: [RateLimitService, SignInThrottle],
})
export class SecurityModule {}
