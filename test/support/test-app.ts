import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap';
import {
  attachStatementCounter,
  type StatementCounter,
} from '../../src/database/statement-counter';
import { AppConfig, loadAppConfig } from '../../src/config/app-config';
import { Clock, SystemClock } from '../../src/infrastructure/clock';
import { createTestDatabase, type TestDatabase } from './test-database';
import { failOnUserErrors } from './errors';

export interface GraphqlResponse<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

/** A booted app on a fresh, migrated database, spoken to over HTTP like any client. */
export class TestApp {
  private readonly statements: StatementCounter;

  private constructor(
    readonly app: INestApplication,
    readonly dataSource: DataSource,
    private readonly database: TestDatabase,
    /** The app's clock: a FixedClock when the spec passed one, so it can `set` or `advance` it. */
    readonly clock: Clock,
  ) {
    this.statements = attachStatementCounter(dataSource);
  }

  /**
   * `options.database`: boot on a database an earlier TestApp used (with `keepDatabase`, that
   * one's `close()` leaves it in place), e.g. to check what survives a restart.
   * `options.clock`: the app's "now" (a `FixedClock` pins it); the wall clock otherwise.
   */
  static async start(
    environment: Record<string, string> = {},
    options: { database?: TestDatabase; keepDatabase?: boolean; clock?: Clock } = {},
  ): Promise<TestApp> {
    const given = options.database ?? (await createTestDatabase());
    const database = options.keepDatabase ? { ...given, drop: async () => undefined } : given;
    const config = loadAppConfig({
      NODE_ENV: 'test',
      DATA_DIR: 'memory://',
      PASSWORD_HASH_COST: '10',
      // The webhook worker polls the database; specs that test it turn it on (or drive it).
      WEBHOOK_WORKER: 'off',
      // Likewise the overdue scan (test/receivables/overdue-scan.e2e-spec.ts drives it).
      RECEIVABLES_OVERDUE_SCAN_SECONDS: '0',
      // Request lines would go to the test's stdout; test/operations/logging.e2e-spec.ts reads them.
      LOG_LEVEL: 'silent',
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
      ...environment,
    });
    const clock = options.clock ?? new SystemClock();
    let app: INestApplication | undefined;
    try {
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
        .overrideProvider(AppConfig)
        .useValue(config)
        .overrideProvider(Clock)
        .useValue(clock)
        .compile();
      app = configureApp(moduleRef.createNestApplication({ logger: ['error', 'warn'] }), config);
      await app.init();
      return new TestApp(app, app.get(DataSource), database, clock);
    } catch (error) {
      // Close whatever did open (the embedded engine keeps jest alive otherwise).
      await app?.close().catch(() => undefined);
      await database.drop();
      throw error;
    }
  }

  http() {
    return request(this.app.getHttpServer());
  }

  async gql<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<GraphqlResponse<T>> {
    let call = this.http().post('/graphql').set('content-type', 'application/json');
    if (token) call = call.set('authorization', `Bearer ${token}`);
    const response = await call.send({ query, variables });
    return { status: response.status, data: response.body?.data, errors: response.body?.errors };
  }

  /**
   * Runs `query` and returns its data, failing the test with the errors if there were any,
   * top-level or a mutation payload's user errors.
   */
  async gqlOk<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<T> {
    const response = await this.gql<T>(query, variables, token);
    if (response.errors?.length) {
      throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
    }
    failOnUserErrors(response.data);
    return response.data as T;
  }

  /** How many SQL statements `work` sent (besides the periodic token last-used touch). */
  async countQueries(work: () => Promise<unknown>): Promise<number> {
    const before = this.statements.count;
    await work();
    return this.statements.count - before;
  }

  async sql<T = any>(text: string, parameters: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(text, parameters);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.database.drop();
  }
}
