import type { DataSource } from 'typeorm';

export interface SentStatement {
  query: string;
  parameters: unknown[];
}

export interface StatementCounter {
  /** Statements sent through `dataSource` since the counter was attached. */
  readonly count: number;
  /** The most recent statements, oldest first (at most 50). */
  readonly recent: readonly SentStatement[];
}

/**
 * Counts the SQL statements a data source sends, by wrapping its logger (TypeORM hands every
 * statement to `logQuery`, logging on or off). The once-a-minute touch of a token's
 * `last_used_at` is left out, so counts do not depend on the clock. Used by the e2e tests' query
 * budgets and by the benchmark's statements-per-request figure.
 */
export function attachStatementCounter(dataSource: DataSource): StatementCounter {
  let count = 0;
  const recent: SentStatement[] = [];
  const logger = dataSource.logger;
  const counting = Object.create(logger) as typeof logger;
  counting.logQuery = (...args: Parameters<typeof logger.logQuery>) => {
    if (!args[0].startsWith('UPDATE access_tokens SET last_used_at')) {
      count += 1;
      const parameters = args[1];
      recent.push({ query: args[0], parameters: Array.isArray(parameters) ? parameters : [] });
      if (recent.length > 50) recent.shift();
    }
    logger.logQuery(...args);
  };
  (dataSource as { logger: typeof logger }).logger = counting;
  return {
    get count() {
      return count;
    },
    recent,
  };
}
