import 'reflect-metadata';
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

const TARGETS = {
  impactApiOverSql: 1.5,
  impactGrowth: 1.2,
  listStatements: 4,
  listVsPostGraphile: 1,
  listWithRiskVsPostGraphile: 0.8,
  listP99Ms: 100,
  embeddedStartMs: 6000,
};

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
    return {
      deliverables: dataset.sizes.deliverables,
      sql,
      api,
      apiOverSql: api.summary.medianMs / sql.summary.medianMs,
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
        ],
        sizes.map((size) => [
          n(size.deliverables),
          n(size.sql.rows),
          ...timingCells(size.sql.summary),
          ...timingCells(size.api.summary),
          ratio(size.apiOverSql),
        ]),
      ),
    );
    const worst = Math.max(...sizes.map((size) => size.apiOverSql));
    output.push(
      `   API ÷ SQL (median): ${sizes.map((size) => ratio(size.apiOverSql)).join(', ')} (target ≤ ${TARGETS.impactApiOverSql}×: ${verdict(worst <= TARGETS.impactApiOverSql)})`,
    );
    failed ||= worst > TARGETS.impactApiOverSql;
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
        `p99 < ${TARGETS.listP99Ms} ms (${plain.p99Ms}, with risk ${withRisk.p99Ms})`,
        Math.max(plain.p99Ms, withRisk.p99Ms) < TARGETS.listP99Ms,
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

  if (args.only.includes('start')) {
    log('Embedded cold start…');
    const starts = [];
    for (let run = 0; run < 3; run += 1) starts.push(await embeddedColdStart());
    const sorted = [...starts].sort((a, b) => a.readyMs - b.readyMs);
    const median = sorted[1];
    output.push(
      '',
      `3. Embedded start: node dist/src/main.js (what npm start runs once built) on a fresh data folder, to the first answered query, 3 runs`,
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
