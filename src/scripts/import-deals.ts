import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { AuthService } from '../auth/auth.service';
import { AppError } from '../common/errors/app-error';
import { formatMoney } from '../common/money';
import type { CsvProblem } from '../integrations/csv/deals-csv.format';
import {
  DealsImportService,
  type DealsImportSummary,
} from '../integrations/csv/deals-import.service';

const USAGE = `usage: npm run import:deals -- FILE --creator EMAIL [--dry-run]
  Creates the deals in FILE (a deals CSV, the layout of GET /exports/deals.csv) for the creator
  account EMAIL, in one transaction, with the same checks as the importDeals mutation: any bad row
  refuses the whole file and lists every problem as line, column: message. --dry-run checks and
  counts without writing. Uses the configured database (DATABASE_URL, or the embedded one in
  DATA_DIR: stop the app first when it is embedded).`;

export interface ImportArgs {
  file: string;
  creator: string;
  dryRun: boolean;
}

/** FILE --creator EMAIL [--dry-run] (also --creator=EMAIL); null for anything else. */
export function parseImportArgs(argv: readonly string[]): ImportArgs | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { creator: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
      allowPositionals: true,
    });
  } catch {
    return null;
  }
  const { values, positionals } = parsed;
  const [file] = positionals;
  return positionals.length === 1 && file && values.creator
    ? { file, creator: values.creator, dryRun: values['dry-run'] }
    : null;
}

/** The import as the creator with this email; the summary or an AppError (problems in details). */
export async function importDealsFile(
  app: INestApplicationContext,
  args: ImportArgs,
): Promise<DealsImportSummary> {
  const [user] = await app
    .get(DataSource)
    .query<Array<{ id: string; role: string }>>(`SELECT id, role FROM users WHERE email = $1`, [
      args.creator.trim().toLowerCase(),
    ]);
  const viewer = user ? await app.get(AuthService).viewerForUser(user.id) : null;
  if (!viewer) throw new Error(`No account with the email ${args.creator}`);
  if (viewer.role !== 'CREATOR' || !viewer.creatorId) {
    throw new Error(`${args.creator} is a brand account; deals belong to a creator account`);
  }
  return app
    .get(DealsImportService)
    .import(viewer, readFileSync(args.file), { dryRun: args.dryRun });
}

export function describeSummary(summary: DealsImportSummary): string {
  const totals = summary.totals
    .map(({ currency, minor }) => `${formatMoney(minor, currency)} ${currency}`)
    .join(', ');
  const verb = summary.dryRun ? 'Would import' : 'Imported';
  const lines = [
    `${verb} ${summary.dealCount} deal(s) with ${summary.deliverableCount} deliverable(s)${totals ? `: ${totals}` : ''}`,
    ...summary.deals.map(
      (deal) =>
        `  line ${deal.line}  ${deal.ref} → ${deal.deal ? deal.deal.id : '(dry run)'}  ${deal.title}`,
    ),
  ];
  return lines.join('\n');
}

export function describeProblems(error: AppError): string {
  const problems = (error.details.problems as CsvProblem[] | undefined) ?? [];
  if (problems.length === 0) return error.message;
  const count = Number(error.details.problemCount ?? problems.length);
  const lines = problems.map(
    (problem) =>
      `  ${problem.line === null ? '' : `line ${problem.line}`}${problem.column ? `, ${problem.column}` : ''}: ${problem.message}`,
  );
  if (count > problems.length) lines.push(`  … and ${count - problems.length} more`);
  return [`Nothing was imported; ${count} problem(s):`, ...lines].join('\n');
}

async function main(): Promise<void> {
  const args = parseImportArgs(process.argv.slice(2));
  if (!args) {
    console.error(USAGE);
    process.exit(2);
  }
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    console.log(describeSummary(await importDealsFile(app, args)));
  } catch (error) {
    if (error instanceof AppError) {
      console.error(describeProblems(error));
      process.exitCode = 1;
    } else {
      throw error;
    }
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
