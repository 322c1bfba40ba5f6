import { Controller, Get, Headers, HttpCode, NotFoundException, Res } from '@nestjs/common';
import type { Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../../auth/public.decorator';
import { AppConfig } from '../../config/app-config';
import { Metrics } from './metrics';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * `GET /metrics` in Prometheus' text format, for a scraper holding METRICS_TOKEN as its bearer
 * token. Without METRICS_TOKEN the route answers 404, as if it did not exist. Not behind the
 * user guard (a scraper is not a user): the token is its own.
 */
@Controller('metrics')
export class MetricsController {
  private readonly expected: Buffer | null;

  constructor(
    private readonly metrics: Metrics,
    config: AppConfig,
  ) {
    this.expected = config.METRICS_TOKEN ? digest(config.METRICS_TOKEN) : null;
  }

  @Public()
  @Get()
  @HttpCode(200)
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    if (!this.expected) throw new NotFoundException('Cannot GET /metrics');
    const token = authorization ? BEARER.exec(authorization)?.[1] : undefined;
    // Digests of equal length, compared in constant time: the token's length leaks nothing.
    if (!token || !timingSafeEqual(digest(token), this.expected)) {
      response
        .status(401)
        .set({ 'WWW-Authenticate': 'Bearer realm="metrics"', 'Cache-Control': 'no-store' })
        .json({ error: { code: 'UNAUTHENTICATED', message: 'A valid METRICS_TOKEN is required' } });
      return;
    }
    const text = await this.metrics.registry.metrics();
    response
      .status(200)
      .set({ 'Content-Type': this.metrics.registry.contentType, 'Cache-Control': 'no-store' })
      .send(text);
  }
}
