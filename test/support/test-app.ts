import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap';
import { AppConfig, loadAppConfig } from '../../src/config/app-config';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface GraphqlResponse<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

/** A booted app on a fresh, migrated database, spoken to over HTTP like any client. */
export class TestApp {
  private queryCount = 0;

  private constructor(
    readonly app: INestApplication,
    readonly dataSource: DataSource,
    private readonly database: TestDatabase,
  ) {
    // Every statement TypeORM sends passes through its logger: count them.
    const logger = dataSource.logger;
    const counting = Object.create(logger) as typeof logger;
    counting.logQuery = (...args: Parameters<typeof logger.logQuery>) => {
      // The once-a-minute touch of a token's last_used_at would make counts depend on the clock.
      if (!args[0].startsWith('UPDATE access_tokens SET last_used_at')) this.queryCount += 1;
      return logger.logQuery(...args);
    };
    (dataSource as { logger: typeof logger }).logger = counting;
  }

  static async start(environment: Record<string, string> = {}): Promise<TestApp> {
    const database = await createTestDatabase();
    const config = loadAppConfig({
      NODE_ENV: 'test',
      DATA_DIR: 'memory://',
      PASSWORD_HASH_COST: '10',
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
      ...environment,
    });
    let app: INestApplication | undefined;
    try {
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
        .overrideProvider(AppConfig)
        .useValue(config)
        .compile();
      app = configureApp(moduleRef.createNestApplication({ logger: ['error', 'warn'] }), config);
      await app.init();
      return new TestApp(app, app.get(DataSource), database);
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

  /** Runs `query` and returns its data, failing the test with the errors if there were any. */
  async gqlOk<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<T> {
    const response = await this.gql<T>(query, variables, token);
    if (response.errors?.length) {
      throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
    }
    return response.data as T;
  }

  /** How many SQL statements `work` sent (besides the periodic token last-used touch). */
  async countQueries(work: () => Promise<unknown>): Promise<number> {
    const before = this.queryCount;
    await work();
    return this.queryCount - before;
  }

  async sql<T = any>(text: string, parameters: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(text, parameters);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.database.drop();
  }
}
