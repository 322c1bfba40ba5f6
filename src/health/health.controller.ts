import { Controller, Get } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { AppConfig } from '../config/app-config';
import { buildInfo, type BuildInfo } from './build-info';

/** How long readiness waits for `SELECT 1` before calling the database down. */
export const READINESS_DB_TIMEOUT_MS = 1000;

/** Probes for orchestrators and load balancers: public, answered in terminus' format. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly config: AppConfig,
  ) {}

  /** Which release is running (package.json `version`) and its commit when the deploy set SOURCE_COMMIT. */
  @Public()
  @Get('version')
  version(): BuildInfo {
    return buildInfo(this.config.SOURCE_COMMIT);
  }

  /** The process is up and serving HTTP; says nothing about the database. */
  @Public()
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * Able to serve: the database answers within a second (503 when it is down, unreachable, or
   * — on the embedded engine's single connection — held by a long transaction).
   */
  @Public()
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: READINESS_DB_TIMEOUT_MS }),
    ]);
  }
}
