import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AuthService } from '../auth/auth.service';
import type { Viewer } from '../auth/viewer';
import { ProgressBar } from '../common/cli/progress-bar';
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

const OPTIONS = {
  outage: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  platform: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  as: { type: 'string' },
  'as-of': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

function instant(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`--${name} must be an ISO 8601 instant`);
  return date;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({ args: process.argv.slice(2), options: OPTIONS }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help || (!args.outage && !(args.from && args.to))) {
    console.error(USAGE);
    process.exit(2);
  }
  const out = args.out;
  const format = (args.format ?? out?.split('.').pop() ?? 'csv') as ReportFormat;
  if (!REPORT_FORMATS.includes(format))
    throw new Error(`--format must be one of ${REPORT_FORMATS.join(', ')}`);

  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    const viewer = await resolveViewer(app.get(AuthService), app.get(DataSource), args.as);
    const reports = app.get(ReportsService);
    const asOf = instant(args['as-of'], 'as-of');
    const progress = new ProgressBar('Assessing deliverables', 0, { minTotal: 50 }).listener;
    const outageId = args.outage;
    const model = outageId
      ? await reports.outageReport(viewer, outageId, asOf, progress)
      : await reports.periodReport(
          viewer,
          {
            from: instant(args.from, 'from')!,
            to: instant(args.to, 'to')!,
            platformSlug: args.platform,
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
