import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAppConfig } from '../config/app-config';
import { parseBenchArgs, USAGE } from './args';
import { BENCH_OUTAGE, ensureDataset, type DatasetInfo } from './dataset';
import { benchCandidateSql, type CandidateResult } from './impact-sql';
import { LATER_SCENARIOS } from './later';

/**
 * `npm run bench -- [--deliverables N] [--reuse | --fresh] [--runs N] [--warmup N]`
 *
 * Builds (or finds) the data set, times the candidate query and writes bench/results.json
 * (relative to the working directory, i.e. the repository root under npm).
 */
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

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

function describeDataset(dataset: DatasetInfo): string {
  const n = (value: number) => value.toLocaleString('en');
  const { sizes } = dataset;
  return [
    `Data set ${dataset.database} (${dataset.reused ? 'reused' : 'generated'}; generation took ${dataset.generationSeconds} s, ${dataset.generatedAt})`,
    `  ${n(sizes.deliverables)} deliverables (launch day ${n(sizes.launch)}, rest of campaign week ${n(sizes.restOfWeek)}, background ${n(sizes.background)})`,
    `  ${n(sizes.creators)} creators, ${n(sizes.brands)} brands, ${n(sizes.deals)} deals, ${n(sizes.outages)} outages`,
  ].join('\n');
}

function printResults(candidate: CandidateResult): void {
  const ms = (value: number) => value.toFixed(2);
  const { summary } = candidate;
  console.log(
    `\nOutage: ${BENCH_OUTAGE.title}, ${BENCH_OUTAGE.startsAt.toISOString()} – ${BENCH_OUTAGE.endsAt.toISOString()}`,
  );
  console.log(
    table(
      ['scenario', 'runs', 'median ms', 'p95 ms', 'min ms', 'max ms', 'rows'],
      [
        [
          candidate.name,
          String(summary.runs),
          ms(summary.medianMs),
          ms(summary.p95Ms),
          ms(summary.minMs),
          ms(summary.maxMs),
          candidate.rows.toLocaleString('en'),
        ],
        ...LATER_SCENARIOS.map((scenario) => [
          scenario.name,
          '–',
          'not implemented yet',
          '–',
          '–',
          '–',
          '–',
        ]),
      ],
    ),
  );
  console.log(
    `\nHits: ${candidate.rows.toLocaleString('en')} deliverables; ${candidate.slotOverlaps.toLocaleString('en')} slots overlap the window on any platform.`,
  );
  console.log(
    `EXPLAIN ANALYZE execution: ${candidate.explainExecutionMs} ms; ${candidate.usesSlotIndex ? 'the GiST slot index is used' : 'WARNING: the GiST slot index is NOT used'}.`,
  );
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  const serverUrl = loadAppConfig().DATABASE_URL ?? DEFAULT_SERVER_URL;
  const dataset = await ensureDataset(serverUrl, args.deliverables, args);
  console.log(describeDataset(dataset));

  const candidate = await benchCandidateSql(dataset.url, args.runs, args.warmup);
  printResults(candidate);

  const folder = resolve(process.cwd(), 'bench');
  mkdirSync(folder, { recursive: true });
  const file = resolve(folder, 'results.json');
  const results = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    dataset: {
      database: dataset.database,
      reused: dataset.reused,
      generatedAt: dataset.generatedAt,
      generationSeconds: dataset.generationSeconds,
      sizes: dataset.sizes,
    },
    outage: {
      title: BENCH_OUTAGE.title,
      platform: BENCH_OUTAGE.platformSlug,
      startsAt: BENCH_OUTAGE.startsAt.toISOString(),
      endsAt: BENCH_OUTAGE.endsAt.toISOString(),
    },
    scenarios: [
      {
        name: candidate.name,
        description: candidate.description,
        warmup: args.warmup,
        ...candidate.summary,
        rows: candidate.rows,
        slotOverlaps: candidate.slotOverlaps,
        explainExecutionMs: candidate.explainExecutionMs,
        usesSlotIndex: candidate.usesSlotIndex,
        // Objects rather than a bare number array, so the file is already as Prettier writes it
        // (`npm run lint` checks every JSON file in the repository).
        samples: candidate.samplesMs.map((ms, index) => ({ run: index + 1, ms })),
      },
      ...LATER_SCENARIOS.map((scenario) => ({
        name: scenario.name,
        description: scenario.description,
        skipped: 'not implemented yet',
      })),
    ],
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote ${file}`);
  if (!candidate.usesSlotIndex) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
