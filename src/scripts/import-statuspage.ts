import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AppError } from '../common/errors/app-error';
import type {
  StatuspageImportedOutage,
  StatuspageImportResult,
} from '../integrations/statuspage/statuspage.model';
import { StatuspageService } from '../integrations/statuspage/statuspage.service';

const USAGE = `usage: npm run import:statuspage -- FILE --feed NAME [--json]
  Imports an Atlassian Statuspage v2 incidents.json or summary.json (FILE, or - for stdin) into
  the outages of feed NAME, exactly as the importStatuspageIncidents mutation does (map the feed's
  components first). Idempotent: running it again with the same file changes nothing. Uses the
  configured database (DATABASE_URL or the embedded one in DATA_DIR; stop the app first when it
  is embedded). --json prints the whole answer as JSON.`;

/** FILE (or - for stdin) --feed NAME [--json]; null for anything else, --help included. */
function parseCommandLine(argv: string[]): { file: string; feed: string; json: boolean } | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        feed: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean' },
      },
      allowPositionals: true,
    });
  } catch {
    return null;
  }
  const { values, positionals } = parsed;
  const [file] = positionals;
  return positionals.length === 1 && file && values.feed && !values.help
    ? { file, feed: values.feed, json: values.json }
    : null;
}

function describeOutage(entry: StatuspageImportedOutage): string {
  const { outage } = entry;
  const window = `${outage.startsAt.toISOString()} – ${outage.endsAt ? outage.endsAt.toISOString() : 'ongoing'}`;
  const severity = outage.severity === 'FULL' ? 'FULL' : `PARTIAL ${outage.degradationBps} bps`;
  const changed = entry.changedFields.length > 0 ? ` [${entry.changedFields.join(', ')}]` : '';
  return `${outage.externalId}  ${window}  ${severity}  ${outage.title}${changed}`;
}

function printSummary(result: StatuspageImportResult): void {
  console.log(
    `${result.source}: ${result.incidentCount} incidents → ${result.created.length} created, ` +
      `${result.updated.length} updated, ${result.unchanged.length} unchanged, ${result.skipped.length} skipped`,
  );
  for (const [label, list] of [
    ['created  ', result.created],
    ['updated  ', result.updated],
    ['unchanged', result.unchanged],
  ] as const) {
    for (const entry of list) console.log(`  ${label}  ${describeOutage(entry)}`);
  }
  for (const skip of result.skipped) {
    const what = skip.platformSlug ? `${skip.incidentId}:${skip.platformSlug}` : skip.incidentId;
    console.log(`  skipped    ${what}  ${skip.reason}  ${skip.message} (${skip.incidentName})`);
  }
  if (result.unmappedComponents.length > 0) {
    console.log(`Unmapped components: ${result.unmappedComponents.join(', ')}`);
  }
}

async function main(): Promise<void> {
  const args = parseCommandLine(process.argv.slice(2));
  if (!args) {
    console.error(USAGE);
    process.exit(2);
  }
  const document = readFileSync(args.file === '-' ? 0 : args.file, 'utf8');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    // The operator running the CLI holds the database: no acting user in the audit trail.
    const result = await app.get(StatuspageService).importDocument(null, args.feed, document);
    if (args.json) console.log(JSON.stringify(result, null, 2));
    else printSummary(result);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof AppError) {
    const fields = error.details.fields;
    console.error(fields?.length ? `${error.message}\n  at: ${fields.join(', ')}` : error.message);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
