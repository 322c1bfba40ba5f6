import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { loadAppConfig } from '../../src/config/app-config';
import { parseBenchArgs, USAGE, type BenchArgs } from './args';
import { benchBrandList, type BrandListResults } from './brand-list';
import { BENCH_OUTAGE, ensureDataset, MIN_DELIVERABLES, type DatasetInfo } from './dataset';
import { benchImpactOverHttp, BENCH_OUTAGE_ID_SQL, type ImpactHttpResult } from './impact-http';
import { benchCandidateSql, type CandidateResult } from './impact-sql';
import { benchCsvImport } from './csv-import';
import { benchPeriodReport } from './period-report';
import { startApi, embeddedColdStart } from './servers';
import { type TimingSummary } from './stats';

/**
 * `npm run bench -- [--deliverables N] [--compare M] [--reuse | --fresh] [--runs N] [--warmup N]
 *                   [--connections C] [--duration S] [--only impact,list,start]`
 *
 * Builds (or finds) the data sets, measures and prints the tables, writes bench/results.json
 * (relative to the working directory, i.e. the repository root under npm).
 */
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Issue 15's targets (ratios within one run), and the embedded start of the issue before. */
const TARGETS = {
  impactApiOverFloor: 3,
  impactGrowth: 1.2,
  listStatements: 4,
  listVsPostGraphile: 1,
  listWithRiskVsPostGraphile: 0.8,
  /** The API's p99 over PostGraphile's, plain and with `risk`. */
  listP99VsPostGraphile: 1,
  periodReportVsOneOutage: 3,
  csvImportMs: 10_000,
  embeddedStartMs: 6000,
};

/**
 * The bare GiST lookup of the outage window (`SELECT count(*) … && window`), when impact-sql.ts
 * measures it (as `floor`, a summary or a result with one).
 */
function floorOf(sql: CandidateResult): TimingSummary | undefined {
  const floor = (sql as CandidateResult & { floor?: TimingSummary | { summary: TimingSummary } })
    .floor;
  if (floor === undefined) return undefined;
  return 'summary' in floor ? floor.summary : floor;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  return [
    line(headers),
    `|${widths.map((width, column) => (column === 0 ? ':' : '-').padEnd(width + 1, '-') + (column === 0 ? '-' : ':')).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

const n = (value: number) => value.toLocaleString('en');
const ms = (value: number) => value.toFixed(1);
const ratio = (value: number) => `${value.toFixed(2)}×`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function describeDataset(dataset: DatasetInfo): string {
  const { sizes } = dataset;
  return `${dataset.database} (${dataset.reused ? 'reused' : 'generated'}; generation took ${dataset.generationSeconds} s): ${n(sizes.deliverables)} deliverables, ${n(sizes.creators)} creators, ${n(sizes.brands)} brands, ${n(sizes.deals)} deals, ${n(sizes.outages)} outages`;
}

interface ImpactAtSize {
  deliverables: number;
  sql: CandidateResult;
  api: ImpactHttpResult;
  apiOverSql: number;
  /** API median ÷ the GiST floor's median; undefined when the floor is not measured. */
  apiOverFloor: number | undefined;
}

async function impactAtSize(dataset: DatasetInfo, args: BenchArgs): Promise<ImpactAtSize> {
  log(`Impact at ${n(dataset.sizes.deliverables)} deliverables: candidate SQL…`);
  const sql = await benchCandidateSql(dataset.url, args.runs, args.warmup);
  const client = new Client({ connectionString: dataset.url });
  await client.connect();
  const outageId = (await client.query<{ id: string }>(BENCH_OUTAGE_ID_SQL)).rows[0].id;
  await client.end();
  log(`Impact at ${n(dataset.sizes.deliverables)} deliverables: outageImpact over HTTP…`);
  const server = await startApi(dataset.url);
  try {
    const api = await benchImpactOverHttp(server.url, outageId, args.runs, args.warmup);
    if (api.hits !== sql.rows) {
      throw new Error(`The API counted ${api.hits} hits, the candidate SQL ${sql.rows}`);
    }
    const floor = floorOf(sql);
    return {
      deliverables: dataset.sizes.deliverables,
      sql,
      api,
      apiOverSql: api.summary.medianMs / sql.summary.medianMs,
      apiOverFloor: floor ? api.summary.medianMs / floor.medianMs : undefined,
    };
  } finally {
    await server.stop();
  }
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function timingCells(summary: TimingSummary): string[] {
  return [String(summary.runs), ms(summary.medianMs), ms(summary.p95Ms)];
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  const serverUrl = loadAppConfig().DATABASE_URL ?? DEFAULT_SERVER_URL;
  const primary = await ensureDataset(serverUrl, args.deliverables, args);
  if (args.compare > 0 && args.compare < MIN_DELIVERABLES) {
    log(
      `No growth comparison: ${n(args.compare)} is below the smallest data set (${n(MIN_DELIVERABLES)})`,
    );
  }
  const compare =
    args.only.includes('impact') && args.compare >= MIN_DELIVERABLES
      ? await ensureDataset(serverUrl, args.compare, args)
      : null;
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const server = await serverVersion(primary.url);
  const results: Record<string, unknown> = {
    measuredAt: new Date().toISOString(),
    machine,
    postgres: server,
    options: args,
    datasets: [primary, compare].filter(Boolean).map((dataset) => ({
      database: dataset!.database,
      reused: dataset!.reused,
      generatedAt: dataset!.generatedAt,
      generationSeconds: dataset!.generationSeconds,
      sizes: dataset!.sizes,
    })),
    outage: {
      title: BENCH_OUTAGE.title,
      platform: BENCH_OUTAGE.platformSlug,
      startsAt: BENCH_OUTAGE.startsAt.toISOString(),
      endsAt: BENCH_OUTAGE.endsAt.toISOString(),
    },
    targets: TARGETS,
  };
  const output: string[] = [`Machine: ${machine}; ${server}`, `Data: ${describeDataset(primary)}`];
  if (compare) output.push(`      ${describeDataset(compare)}`);
  let failed = false;

  if (args.only.includes('impact')) {
    const sizes: ImpactAtSize[] = [];
    if (compare) sizes.push(await impactAtSize(compare, args));
    sizes.push(await impactAtSize(primary, args));
    output.push(
      '',
      `1. Impact: outageImpact (totals + first 20 items) for "${BENCH_OUTAGE.title}", ${BENCH_OUTAGE.startsAt.toISOString()} – ${BENCH_OUTAGE.endsAt.toISOString()}, as the administrator`,
      table(
        [
          'stored deliverables',
          'hits',
          'runs',
          'SQL median ms',
          'SQL p95 ms',
          'runs',
          'API median ms',
          'API p95 ms',
          'API ÷ SQL',
          'floor median ms',
          'API ÷ floor',
        ],
        sizes.map((size) => [
          n(size.deliverables),
          n(size.sql.rows),
          ...timingCells(size.sql.summary),
          ...timingCells(size.api.summary),
          ratio(size.apiOverSql),
          floorOf(size.sql) ? ms(floorOf(size.sql)!.medianMs) : '–',
          size.apiOverFloor === undefined ? '–' : ratio(size.apiOverFloor),
        ]),
      ),
    );
    // The target is set at the full data set (the issue: 11 292 hits among 1 M stored); the
    // smaller one's floor is a lookup among a tenth of the rows, shown for information. An
    // unmeasured floor counts as missed: the target cannot be judged without it.
    const judged = sizes[sizes.length - 1].apiOverFloor ?? Infinity;
    output.push(
      `   API ÷ SQL (median, information): ${sizes.map((size) => ratio(size.apiOverSql)).join(', ')}`,
      `   API ÷ the bare GiST lookup (median): ${sizes.map((size) => `${size.apiOverFloor === undefined ? 'floor not measured' : ratio(size.apiOverFloor)} at ${n(size.deliverables)}`).join(', ')} (target at ${n(primary.sizes.deliverables)} ≤ ${TARGETS.impactApiOverFloor}×: ${verdict(judged <= TARGETS.impactApiOverFloor)})`,
    );
    failed ||= !(judged <= TARGETS.impactApiOverFloor);
    for (const size of sizes) {
      if (!size.sql.usesSlotIndex) {
        output.push(`   WARNING: at ${n(size.deliverables)} the GiST slot index is NOT used`);
        failed = true;
      }
    }
    let growth: Record<string, number> | undefined;
    if (sizes.length === 2) {
      const [small, large] = sizes;
      growth = {
        sql: large.sql.summary.medianMs / small.sql.summary.medianMs,
        api: large.api.summary.medianMs / small.api.summary.medianMs,
      };
      const scale = large.deliverables / small.deliverables;
      output.push(
        `   ${scale.toFixed(0)}× the stored deliverables, same hits: SQL ${ratio(growth.sql)}, API ${ratio(growth.api)} the time (target ≤ ${TARGETS.impactGrowth}×: ${verdict(Math.max(growth.sql, growth.api) <= TARGETS.impactGrowth)})`,
      );
      failed ||= Math.max(growth.sql, growth.api) > TARGETS.impactGrowth;
    }
    results.impact = {
      sizes: sizes.map((size) => ({
        deliverables: size.deliverables,
        hits: size.sql.rows,
        slotOverlaps: size.sql.slotOverlaps,
        explainExecutionMs: size.sql.explainExecutionMs,
        usesSlotIndex: size.sql.usesSlotIndex,
        sql: size.sql.summary,
        api: size.api.summary,
        apiOverSql: size.apiOverSql,
        floor: floorOf(size.sql),
        apiOverFloor: size.apiOverFloor,
      })),
      growth,
    };
  }

  let brandList: BrandListResults | undefined;
  if (args.only.includes('list')) {
    log(`Brand list at ${n(primary.sizes.deliverables)} deliverables:`);
    brandList = await benchBrandList(
      primary.url,
      { connections: args.connections, durationSeconds: args.duration },
      log,
    );
    const byName = new Map(brandList.loads.map((load) => [load.name, load]));
    const postgraphile = byName.get('PostGraphile brand list')!;
    const plain = byName.get('API brand list')!;
    const withRisk = byName.get('API brand list + risk')!;
    output.push(
      '',
      `2. Brand status list: a brand's deliverables(first: 50) with deal, creator and platform; autocannon, ${args.connections} connections, ${args.duration} s each`,
      table(
        [
          'server',
          'req/s',
          'p50 ms',
          'p99 ms',
          'errors',
          'SQL statements / request',
          'vs PostGraphile',
        ],
        brandList.loads.map((load) => [
          load.name,
          n(load.requestsPerSecond),
          String(load.p50Ms),
          String(load.p99Ms),
          n(load.errors),
          load.statementsPerRequest === undefined ? '–' : String(load.statementsPerRequest),
          ratio(load.requestsPerSecond / postgraphile.requestsPerSecond),
        ]),
      ),
    );
    const checks: Array<[string, boolean]> = [
      [
        `statements per request ≤ ${TARGETS.listStatements} (${plain.statementsPerRequest}, with risk ${withRisk.statementsPerRequest})`,
        Math.max(
          plain.statementsPerRequest ?? Infinity,
          withRisk.statementsPerRequest ?? Infinity,
        ) <= TARGETS.listStatements,
      ],
      [
        `throughput ≥ PostGraphile's (${ratio(plain.requestsPerSecond / postgraphile.requestsPerSecond)})`,
        plain.requestsPerSecond >= postgraphile.requestsPerSecond * TARGETS.listVsPostGraphile,
      ],
      [
        `with risk ≥ 80 % of PostGraphile's (${ratio(withRisk.requestsPerSecond / postgraphile.requestsPerSecond)})`,
        withRisk.requestsPerSecond >=
          postgraphile.requestsPerSecond * TARGETS.listWithRiskVsPostGraphile,
      ],
      [
        `p99 ≤ PostGraphile's ${postgraphile.p99Ms} ms (${plain.p99Ms}, with risk ${withRisk.p99Ms}: ${ratio(plain.p99Ms / postgraphile.p99Ms)}, ${ratio(withRisk.p99Ms / postgraphile.p99Ms)})`,
        Math.max(plain.p99Ms, withRisk.p99Ms) <= postgraphile.p99Ms * TARGETS.listP99VsPostGraphile,
      ],
      [`0 errors (${plain.errors + withRisk.errors})`, plain.errors + withRisk.errors === 0],
    ];
    for (const [label, ok] of checks) {
      output.push(`   ${label}: ${verdict(ok)}`);
      failed ||= !ok;
    }
    output.push(`   API resident memory after its load tests: ${brandList.apiRssAfterLoadMiB} MiB`);
    results.brandList = brandList;
  }

  if (args.only.includes('report')) {
    log(`Period report at ${n(primary.sizes.deliverables)} deliverables…`);
    const outageId = await benchOutageId(primary.url);
    const server = await startApi(primary.url);
    try {
      const report = await benchPeriodReport(server.url, outageId, args.runs, args.warmup);
      const ok = report.ratio <= TARGETS.periodReportVsOneOutage;
      output.push(
        '',
        `3. Period report: periodReport ${report.period.from} – ${report.period.to} (${n(report.outages)} outages, ${n(report.deliverables)} deliverables counted) against outageImpact of the bench outage, same server, ${report.report.runs} runs each`,
        table(
          ['request', 'runs', 'median ms', 'p95 ms'],
          [
            ['outageImpact, one outage', ...timingCells(report.oneOutage.summary)],
            [`periodReport, 30 days`, ...timingCells(report.report)],
          ],
        ),
        `   period ÷ one outage (median): ${ratio(report.ratio)} (target ≤ ${TARGETS.periodReportVsOneOutage}×: ${verdict(ok)})`,
      );
      failed ||= !ok;
      results.periodReport = report;
    } finally {
      await server.stop();
    }
  }

  if (args.only.includes('import')) {
    log('CSV import…');
    // Before or after the other parts' servers, never during: the copy needs the data set idle.
    const imported = await benchCsvImport(serverUrl, primary.database, log);
    const ok = imported.ms <= TARGETS.csvImportMs;
    output.push(
      '',
      `4. CSV import: importDeals of ${n(imported.rows)} rows (${n(imported.bytes)} bytes; ${n(imported.deals)} deals, ${n(imported.deliverables)} deliverables) over HTTP into a copy of the data set, one run`,
      `   ${n(imported.ms)} ms (target ≤ ${n(TARGETS.csvImportMs)} ms: ${verdict(ok)})`,
    );
    failed ||= !ok;
    results.csvImport = imported;
  }

  if (args.only.includes('node')) {
    const outageId = await benchOutageId(primary.url);
    const runtimes: Array<{ node: string; version: string; api: ImpactHttpResult }> = [];
    for (const node of [args.node20, process.execPath]) {
      const version = nodeVersion(node);
      log(`outageImpact with the API on Node ${version}…`);
      const server = await startApi(primary.url, {}, 'express', node);
      try {
        runtimes.push({
          node,
          version,
          api: await benchImpactOverHttp(server.url, outageId, args.runs, args.warmup),
        });
      } finally {
        await server.stop();
      }
    }
    const [older, newer] = runtimes;
    const speed = older.api.summary.medianMs / newer.api.summary.medianMs;
    output.push(
      '',
      `5. Node versions: outageImpact of the bench outage over HTTP, the same build and data, one server after the other (information, not a target)`,
      table(
        ['API on', 'runs', 'median ms', 'p95 ms'],
        runtimes.map((runtime) => [`Node ${runtime.version}`, ...timingCells(runtime.api.summary)]),
      ),
      `   Node ${newer.version} takes ${ratio(1 / speed)} the time of Node ${older.version} (median)`,
    );
    results.nodeVersions = { runtimes, newerOverOlder: 1 / speed };
  }

  if (args.only.includes('start')) {
    log('Embedded cold start…');
    const starts = [];
    for (let run = 0; run < 3; run += 1) starts.push(await embeddedColdStart());
    const sorted = [...starts].sort((a, b) => a.readyMs - b.readyMs);
    const median = sorted[1];
    output.push(
      '',
      `6. Embedded start: node dist/src/main.js (what npm start runs once built) on a fresh data folder, to the first answered query, 3 runs`,
      `   ${starts.map((start) => `${n(start.readyMs)} ms`).join(', ')}; median ${n(median.readyMs)} ms (target ≤ ${n(TARGETS.embeddedStartMs)} ms: ${verdict(median.readyMs <= TARGETS.embeddedStartMs)}); resident memory once started ${median.rssMiB} MiB`,
    );
    failed ||= median.readyMs > TARGETS.embeddedStartMs;
    results.embeddedStart = { runs: starts, medianMs: median.readyMs };
  }

  console.log(output.join('\n'));
  const folder = resolve(process.cwd(), 'bench');
  mkdirSync(folder, { recursive: true });
  const file = resolve(folder, 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote ${file}`);
  if (failed) {
    console.log('At least one target was missed (see above).');
    process.exitCode = 1;
  }
}

async function benchOutageId(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ id: string }>(BENCH_OUTAGE_ID_SQL)).rows[0].id;
  } finally {
    await client.end();
  }
}

/** `node --version` of another Node binary, without the leading v. */
function nodeVersion(node: string): string {
  const result = spawnSync(node, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${node} --version failed: ${result.stderr}`);
  return result.stdout.trim().replace(/^v/, '');
}

async function serverVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>(`SELECT version()`);
    return rows[0].version.split(' on ')[0];
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
