import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  answersTypename,
  freePort,
  postGraphql,
  REPOSITORY_ROOT,
  startChild,
  type ChildServer,
} from './app-server';
import { POSTGRAPHILE_SETUP_SQL } from './queries';
import { Client } from 'pg';

/** Limits far above what the load test spends: the limiter still runs, it never refuses. */
const UNLIMITED = String(Number.MAX_SAFE_INTEGER);

/**
 * The built API (`node dist/src/main.js`, as `npm start` runs it) on `databaseUrl`, in production
 * mode; with `adapter: 'fastify'`, the same modules on Nest's Fastify adapter (./fastify-main);
 * `node` is the Node binary that runs it (default the bench's own).
 */
export async function startApi(
  databaseUrl: string,
  extra: Record<string, string> = {},
  adapter: 'express' | 'fastify' = 'express',
  node = process.execPath,
): Promise<ChildServer> {
  const port = await freePort();
  return startChild(
    adapter === 'express' ? 'Deal Ledger API' : 'Deal Ledger API (Fastify)',
    [adapter === 'express' ? 'dist/src/main.js' : resolve(__dirname, 'fastify-main.js')],
    {
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      RATE_LIMIT_COST_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_COST_PER_MINUTE_PER_IP: UNLIMITED,
      REDIS_URL: undefined,
      ...extra,
    },
    port,
    (url) => answersTypename(`${url}/graphql`),
    60_000,
    node,
  );
}

/**
 * The API on the embedded engine with a fresh data folder, timed from spawn to the first answered
 * query (migrations included); the folder is removed afterwards.
 */
export async function embeddedColdStart(): Promise<{ readyMs: number; rssMiB: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'deal-ledger-bench-embedded-'));
  const port = await freePort();
  try {
    const server = await startChild(
      'Deal Ledger API (embedded)',
      ['dist/src/main.js'],
      { NODE_ENV: 'production', PORT: String(port), DATA_DIR: folder, DATABASE_URL: undefined },
      port,
      (url) => answersTypename(`${url}/graphql`),
    );
    const rssMiB = server.rssMiB();
    await server.stop();
    return { readyMs: server.readyMs, rssMiB };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * PostGraphile 4 lives in its own package (bench/postgraphile, with its own lock file): it needs
 * graphql 15 and the app graphql 16, and two graphql copies in one tree break it. Installed on
 * first use, from its lock file.
 */
const POSTGRAPHILE_PACKAGE = join(REPOSITORY_ROOT, 'bench/postgraphile');

function postGraphileCli(log: (line: string) => void): string {
  const cli = join(POSTGRAPHILE_PACKAGE, 'node_modules/postgraphile/cli.js');
  if (!existsSync(cli)) {
    log(`  installing PostGraphile into ${POSTGRAPHILE_PACKAGE} (npm ci, once)…`);
    const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: POSTGRAPHILE_PACKAGE,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (npm.status !== 0 || !existsSync(cli)) throw new Error('Could not install PostGraphile');
  }
  return cli;
}

/** PostGraphile 4 on the same database (schemas public and bench), as its CLI runs it. */
export async function startPostGraphile(
  databaseUrl: string,
  log: (line: string) => void,
): Promise<ChildServer> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(POSTGRAPHILE_SETUP_SQL);
  } finally {
    await client.end();
  }
  const port = await freePort();
  return startChild(
    'PostGraphile',
    [
      postGraphileCli(log),
      '--connection',
      databaseUrl,
      '--schema',
      'public,bench',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--disable-default-mutations',
      '--disable-query-log',
      '--disable-graphiql',
      '--no-setof-functions-contain-nulls',
    ],
    { NODE_ENV: 'production' },
    port,
    async (url) => {
      const { body } = await postGraphql<{ __typename: string }>(
        `${url}/graphql`,
        '{ __typename }',
      );
      return body.data?.__typename === 'Query';
    },
  );
}
