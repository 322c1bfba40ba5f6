import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { attachStatementCounter, type SentStatement } from '../../src/database/statement-counter';
import { freePort, postGraphql } from './app-server';

/**
 * SQL statements one request issues: the app booted in this process on the bench database, with a
 * counter on its data source, answering each operation once over HTTP (after one warm-up request,
 * so one-off work such as the first token touch is not counted).
 */
export interface RequestStatements {
  count: number;
  statements: SentStatement[];
}

export async function statementsPerRequest(
  databaseUrl: string,
  operations: Array<{ name: string; query: string; token: string }>,
): Promise<Record<string, RequestStatements>> {
  // The app reads its settings from the environment (src/config), like the server it measures.
  const saved = { ...process.env };
  Object.assign(process.env, {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(await freePort()),
  });
  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(AppModule, { logger: ['error'] });
    const config = app.get(AppConfig);
    configureApp(app, config);
    await app.listen(config.PORT, '127.0.0.1');
    const counter = attachStatementCounter(app.get(DataSource));
    const endpoint = `http://127.0.0.1:${config.PORT}/graphql`;
    const counts: Record<string, RequestStatements> = {};
    for (const operation of operations) {
      await postGraphql(endpoint, operation.query, {}, operation.token);
      const before = counter.count;
      const { body } = await postGraphql(endpoint, operation.query, {}, operation.token);
      if (body.errors?.length) throw new Error(`${operation.name}: ${JSON.stringify(body.errors)}`);
      const count = counter.count - before;
      counts[operation.name] = { count, statements: count ? counter.recent.slice(-count) : [] };
    }
    return counts;
  } finally {
    await app?.close();
    process.env = saved;
  }
}
