import { parseArgs, type ParseArgsConfig } from 'node:util';

/** What `npm run bench -- …` was asked to do. */
export interface BenchArgs {
  /** Deliverables in the data set; creators, brands and deals scale with it. */
  deliverables: number;
  /** Use an existing complete data set and never generate (fail if there is none). */
  reuse: boolean;
  /** Drop the data set of this size and generate it again. */
  fresh: boolean;
  /** Timed runs of each measurement, after `warmup` untimed ones. */
  runs: number;
  warmup: number;
  /** A second, smaller data set for the impact growth ratio; 0 for none. Default: a tenth. */
  compare: number;
  /** autocannon clients and seconds per brand-list load test. */
  connections: number;
  duration: number;
  /** Which parts to run. */
  only: BenchPart[];
  /** The Node binary the API is compared with under `node` (Node 20: the machine's own). */
  node20: string;
}

export const BENCH_PARTS = ['impact', 'list', 'report', 'import', 'node', 'start'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

export const USAGE = `usage: npm run bench -- [--deliverables N] [--compare M] [--reuse | --fresh]
                      [--runs N] [--warmup N] [--connections C] [--duration S]
                      [--only impact,list,report,import,node,start] [--node20 PATH]
  Builds (once) data sets of N deliverables (default 1000000) and M (default N/10; 0 = none) in
  the databases deal_ledger_bench_<N> on the server named by DATABASE_URL (default
  postgres://postgres@127.0.0.1:5432/postgres), then measures:
    impact  outageImpact over HTTP against its candidate SQL sent with pg, at both sizes
    list    a brand's deliverables(first: 50) under autocannon (C connections, S seconds) against
            PostGraphile 4, the list SQL alone and { __typename }
    report  a 30-day periodReport around the bench outage against that one outage's impact
    import  importDeals of 5 000 CSV rows into a throw-away copy of the data set
    node    outageImpact with the API on Node 20 (--node20, default /usr/bin/node) and on the
            bench's Node, same data, same run (information, not a target)
    start   the embedded engine's cold start to the first answer
  prints the tables and writes bench/results.json; exits 1 if a target is missed.
  A complete data set of a size is reused automatically; --reuse fails instead of generating
  when there is none, --fresh regenerates it.
  Defaults: --runs 20 --warmup 3 --connections 32 --duration 20 --node20 /usr/bin/node
            --only impact,list,report,import,node,start.`;

function positiveInteger(flag: string, value: string, minimum: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum) {
    throw new Error(`${flag} takes a whole number of at least ${minimum}`);
  }
  return number;
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  reuse: { type: 'boolean', default: false },
  fresh: { type: 'boolean', default: false },
  deliverables: { type: 'string', default: '1000000' },
  runs: { type: 'string', default: '20' },
  warmup: { type: 'string', default: '3' },
  compare: { type: 'string' },
  connections: { type: 'string', default: '32' },
  duration: { type: 'string', default: '20' },
  only: { type: 'string', default: BENCH_PARTS.join(',') },
  node20: { type: 'string', default: '/usr/bin/node' },
} as const satisfies ParseArgsConfig['options'];

/** The options as written; parseArgs refuses an unknown option or a missing value. */
function readOptions(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS }).values;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

export function parseBenchArgs(argv: string[]): BenchArgs | 'help' {
  const values = readOptions(argv);
  if (values.help) return 'help';
  const parts = values.only.split(',').filter(Boolean);
  const unknown = parts.filter((part) => !(BENCH_PARTS as readonly string[]).includes(part));
  if (parts.length === 0 || unknown.length > 0) {
    throw new Error(`--only takes a comma-separated list of ${BENCH_PARTS.join(', ')}`);
  }
  if (values.reuse && values.fresh) throw new Error('--reuse and --fresh exclude each other');
  const deliverables = positiveInteger('--deliverables', values.deliverables, 1);
  return {
    deliverables,
    reuse: values.reuse,
    fresh: values.fresh,
    runs: positiveInteger('--runs', values.runs, 1),
    warmup: positiveInteger('--warmup', values.warmup, 0),
    compare:
      values.compare === undefined
        ? Math.round(deliverables / 10)
        : positiveInteger('--compare', values.compare, 0),
    connections: positiveInteger('--connections', values.connections, 1),
    duration: positiveInteger('--duration', values.duration, 1),
    only: parts as BenchPart[],
    node20: values.node20,
  };
}
