import { Client } from 'pg';
import { postGraphql } from './app-server';
import { BENCH_ADMIN, databaseUrl } from './dataset';
import { signIn } from './impact-http';
import { startApi } from './servers';

export const IMPORT_ROWS = 5000;
const DELIVERABLES_PER_DEAL = 5;
const PLATFORMS = ['instagram', 'facebook', 'youtube', 'tiktok'];

/**
 * `rows` deliverable rows (five per deal) over 50 brands, as DRAFT deals in 2030, within
 * DEALS_CSV_MAX_BYTES (1 MiB): the largest file the import accepts at the default limits.
 */
export function importCsv(rows = IMPORT_ROWS): string {
  const header =
    'deal_ref,title,brand_name,currency,total_fee,status,deliverable_title,kind,platform,scheduled_at,due_at,deliverable_fee';
  const lines = [header];
  for (let row = 0; row < rows; row += 1) {
    const deal = Math.floor(row / DELIVERABLES_PER_DEAL) + 1;
    const at = new Date(Date.UTC(2030, 0, 1) + row * 3_600_000);
    const due = new Date(at.getTime() + 86_400_000);
    lines.push(
      [
        `d${deal}`,
        `Import ${deal}`,
        // Brands named by the creator (new ones, unclaimed), as a first import has them.
        `Import brand ${1 + (deal % 50)}`,
        'USD',
        '500.00',
        'DRAFT',
        `Post ${row % DELIVERABLES_PER_DEAL}`,
        'VIDEO',
        PLATFORMS[row % PLATFORMS.length],
        at.toISOString().replace('.000', ''),
        due.toISOString().replace('.000', ''),
        '100.00',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

const IMPORT = `mutation BenchImport($csv: String!) {
  importDeals(input: { csv: $csv }) {
    userErrors { field code message }
    dealsImport { dealCount deliverableCount }
  }
}`;

interface ImportAnswer {
  importDeals: {
    userErrors: Array<{ field: string[]; code: string; message: string }>;
    dealsImport: { dealCount: number; deliverableCount: number } | null;
  };
}

export interface CsvImportResult {
  rows: number;
  bytes: number;
  deals: number;
  deliverables: number;
  /** One importDeals over HTTP, as the administrator (creator 1), from request to answer. */
  ms: number;
}

/**
 * `importDeals` of IMPORT_ROWS rows into a throw-away copy of the data set (CREATE DATABASE …
 * TEMPLATE, so nothing is added to the measured data; no one may be connected to it meanwhile),
 * one run: the import writes, so a second run would measure a different database. The copy is
 * dropped afterwards.
 */
export async function benchCsvImport(
  serverUrl: string,
  database: string,
  log: (line: string) => void,
): Promise<CsvImportResult> {
  const scratch = `${database}_import`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    log(`CSV import: copying ${database} to ${scratch}…`);
    await admin.query(`CREATE DATABASE ${scratch} TEMPLATE ${database}`);
    const server = await startApi(databaseUrl(serverUrl, scratch));
    try {
      const endpoint = `${server.url}/graphql`;
      const token = await signIn(endpoint, BENCH_ADMIN);
      const csv = importCsv();
      log(`CSV import: ${IMPORT_ROWS} rows (${Buffer.byteLength(csv)} bytes)…`);
      const started = process.hrtime.bigint();
      const { body } = await postGraphql<ImportAnswer>(endpoint, IMPORT, { csv }, token);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const answer = body.data?.importDeals;
      if (body.errors?.length || !answer?.dealsImport || answer.userErrors.length > 0) {
        const why = JSON.stringify(body.errors ?? answer);
        throw new Error(`importDeals failed: ${why.slice(0, 2000)}`);
      }
      return {
        rows: IMPORT_ROWS,
        bytes: Buffer.byteLength(csv),
        deals: answer.dealsImport.dealCount,
        deliverables: answer.dealsImport.deliverableCount,
        ms: Math.round(ms),
      };
    } finally {
      await server.stop();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`).catch(() => undefined);
    await admin.end();
  }
}
