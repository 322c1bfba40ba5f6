import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../app.module';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { describeEmbeddedLocation, IN_MEMORY } from '../database/embedded-postgres';
import { formatDemoReport } from './demo/demo-report';
import { DemoRefusedError, DemoStepError, loadDemo } from './demo/load-demo';
import { loadScriptConfig } from './cli-config';

/**
 * `npm run demo [-- --reset]`
 *
 * Loads a fictional data set (creators, brands, deals, deliverables around the real Meta outages
 * of 4 October 2021 and 5 March 2024) into the app's database: DATABASE_URL when set, otherwise
 * the embedded PostgreSQL in DATA_DIR (default ./data). It boots the application itself, so
 * migrations run and every rule applies. Stop the API first when it uses the same data folder:
 * the embedded engine is single-process.
 */
const USAGE = `usage: npm run demo [-- --reset]
  Loads fictional demo data into the database the app is configured for (DATABASE_URL, or the
  embedded PostgreSQL in DATA_DIR, default ./data). Refuses a database that already has users.
  --reset  first EMPTY EVERY APPLICATION TABLE (users, deals, outages, …) in one transaction`;

// Demo passwords are printed anyway; OWASP's cost (2^17) would spend most of the run hashing them.
const DEMO_HASH_COST = '12';

function describeTarget(config: AppConfig): string {
  if (config.DATABASE_URL) {
    const url = new URL(config.DATABASE_URL);
    return `PostgreSQL at ${url.host}${url.pathname}`;
  }
  return `the embedded PostgreSQL (PGlite) ${describeEmbeddedLocation(config.DATA_DIR)}`;
}

function startCommand(config: AppConfig): string {
  if (config.DATABASE_URL) {
    const url = new URL(config.DATABASE_URL);
    if (url.password) url.password = '***';
    return `DATABASE_URL=${shellQuote(url.toString())} npm start`;
  }
  return config.DATA_DIR === './data'
    ? 'npm start'
    : `DATA_DIR=${shellQuote(config.DATA_DIR)} npm start`;
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function describeError(error: unknown): string {
  if (error instanceof AppError) {
    const fields = error.details.fields?.length ? ` [${error.details.fields.join(', ')}]` : '';
    return `${error.code}: ${error.message}${fields}`;
  }
  // An operator-facing startup error (bad database URL, locked data folder) needs no stack.
  if (error instanceof Error && error.name === 'StartupError') return error.message;
  // A PostgreSQL error (pg's DatabaseError carries a severity) says it all in its message.
  if (error instanceof Error && 'severity' in error) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseArgs({
      args: argv,
      options: {
        reset: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const { reset } = options;

  // Must be set before the app reads its configuration.
  const lowersHashCost = process.env.PASSWORD_HASH_COST === undefined;
  process.env.PASSWORD_HASH_COST ??= DEMO_HASH_COST;
  const config = loadScriptConfig();
  if (!config) return 1;
  if (!config.DATABASE_URL && config.DATA_DIR === IN_MEMORY) {
    console.error(
      'DATA_DIR=memory:// is thrown away on exit; loading demo data into it is pointless.',
    );
    return 1;
  }

  const target = describeTarget(config);
  console.log(`Loading the Deal Ledger demo into ${target}${reset ? ' (--reset)' : ''}…`);
  let app: INestApplicationContext | null = null;
  let loading = false;
  try {
    // abortOnError off: a failed boot reaches the catch below instead of exiting from inside Nest.
    app = await NestFactory.createApplicationContext(AppModule, {
      logger: ['error', 'warn'],
      abortOnError: false,
    });
    loading = true;
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const result = await loadDemo(app, {
      reset,
      now,
      log: (line) => console.log(`  ${line}`),
    });
    const lines = formatDemoReport(result, {
      location: target,
      startCommand: startCommand(config),
      port: config.PORT,
      hashCostNote: lowersHashCost
        ? `Passwords are hashed at scrypt cost 2^${DEMO_HASH_COST} (PASSWORD_HASH_COST=${DEMO_HASH_COST}, set by the demo to load fast; these passwords are public anyway).`
        : null,
      now,
    });
    console.log(`\n${lines.join('\n')}`);
    return 0;
  } catch (error) {
    if (error instanceof DemoRefusedError) {
      console.error(`Refused: ${error.message}`);
      return 1;
    }
    if (!loading) {
      console.error(`The application did not start: ${describeError(error)}`);
      return 1;
    }
    console.error(
      error instanceof DemoStepError
        ? `Loading the demo failed at ${error.step}: ${describeError(error.cause)}`
        : `Loading the demo failed: ${describeError(error)}`,
    );
    console.error(
      'Part of the data may have been written (each step is its own transaction); fix the cause and run again with --reset.',
    );
    return 1;
  } finally {
    await app?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
