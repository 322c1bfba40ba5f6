import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AuthService } from '../auth/auth.service';
import type { Viewer } from '../auth/viewer';
import { AppError } from '../common/errors/app-error';
import { DataSource } from 'typeorm';
import { renderReport } from '../reports/render';
import { REPORT_FORMATS, type ReportFormat } from '../reports/report-request';
import { ReportsService } from '../reports/reports.service';

const USAGE = `usage: npm run report -- (--outage <id> | --from <iso> --to <iso> [--platform <slug>])
                         [--format csv|md|html] [--out FILE] [--as EMAIL] [--as-of <iso>]
  Renders the same report as GET /reports/…, from the configured database (DATABASE_URL or the
  embedded one in DATA_DIR; stop the app first when it is embedded). Without --as the report is
  the administrators' view (everything); --as EMAIL scopes it to that account. The format
  defaults to the --out file's extension, else csv; without --out it goes to stdout.`;

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    if (!flag.startsWith('--')) throw new Error(`Unexpected argument ${flag}`);
    const value = argv[index + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
    args.set(flag.slice(2), value);
    index += 1;
  }
  return args;
}

function instant(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`--${name} must be an ISO 8601 instant`);
  return date;
}

/** A text progress bar on stderr, redrawn in place on a terminal and every 10 % elsewhere. */
function progressBar(label: string): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    if (total < 50) return;
    const ratio = Math.min(1, done / total);
    const width = 30;
    const bar = '█'.repeat(Math.round(ratio * width)).padEnd(width, '░');
    const line = `${label} ${bar} ${String(Math.round(ratio * 100)).padStart(3)} % (${done}/${total})`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
    } else if (Math.floor(ratio * 10) > lastTenth) {
      lastTenth = Math.floor(ratio * 10);
      process.stderr.write(`${line}\n`);
    }
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('help') || (!args.has('outage') && !(args.has('from') && args.has('to')))) {
    console.error(USAGE);
    process.exit(2);
  }
  const out = args.get('out');
  const format = (args.get('format') ?? out?.split('.').pop() ?? 'csv') as ReportFormat;
  if (!REPORT_FORMATS.includes(format))
    throw new Error(`--format must be one of ${REPORT_FORMATS.join(', ')}`);

  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    const viewer = await resolveViewer(app.get(AuthService), app.get(DataSource), args.get('as'));
    const reports = app.get(ReportsService);
    const asOf = instant(args.get('as-of'), 'as-of');
    const progress = progressBar('Assessing deliverables');
    const outageId = args.get('outage');
    const model = outageId
      ? await reports.outageReport(viewer, outageId, asOf, progress)
      : await reports.periodReport(
          viewer,
          {
            from: instant(args.get('from'), 'from')!,
            to: instant(args.get('to'), 'to')!,
            platformSlug: args.get('platform'),
            asOf,
          },
          progress,
        );
    const body = renderReport(model, format);
    if (out) {
      writeFileSync(out, body);
      console.error(`Wrote ${out} (${format}, ${Buffer.byteLength(body)} bytes)`);
    } else {
      process.stdout.write(body);
    }
  } finally {
    await app.close();
  }
}

async function resolveViewer(
  auth: AuthService,
  dataSource: DataSource,
  email: string | undefined,
): Promise<Viewer> {
  if (!email) {
    // The operator running the CLI already holds the database: the administrators' view.
    return {
      userId: '',
      email: 'cli',
      role: 'CREATOR',
      isAdmin: true,
      tokenId: '',
      creatorId: null,
      brandIds: [],
    };
  }
  const [user] = await dataSource.query<Array<{ id: string }>>(
    `SELECT id FROM users WHERE email = $1`,
    [email.trim().toLowerCase()],
  );
  const viewer = user ? await auth.viewerForUser(user.id) : null;
  if (!viewer) throw new Error(`No account with the email ${email}`);
  return viewer;
}

main().catch((error: unknown) => {
  console.error(error instanceof AppError || error instanceof Error ? error.message : error);
  process.exit(1);
});
