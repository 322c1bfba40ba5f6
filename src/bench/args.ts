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
}

export const BENCH_PARTS = ['impact', 'list', 'start'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

export const USAGE = `usage: npm run bench -- [--deliverables N] [--compare M] [--reuse | --fresh]
                      [--runs N] [--warmup N] [--connections C] [--duration S]
                      [--only impact,list,start]
  Builds (once) data sets of N deliverables (default 1000000) and M (default N/10; 0 = none) in
  the databases deal_ledger_bench_<N> on the server named by DATABASE_URL (default
  postgres://postgres@127.0.0.1:5432/postgres), then measures:
    impact  outageImpact over HTTP against its candidate SQL sent with pg, at both sizes
    list    a brand's deliverables(first: 50) under autocannon (C connections, S seconds) against
            PostGraphile 4, the list SQL alone and { __typename }
    start   the embedded engine's cold start to the first answer
  prints the tables and writes bench/results.json; exits 1 if a target is missed.
  A complete data set of a size is reused automatically; --reuse fails instead of generating
  when there is none, --fresh regenerates it.
  Defaults: --runs 20 --warmup 3 --connections 32 --duration 20 --only impact,list,start.`;

function positiveInteger(flag: string, value: string | undefined, minimum: number): number {
  const number = Number(value);
  if (value === undefined || !Number.isInteger(number) || number < minimum) {
    throw new Error(`${flag} takes a whole number of at least ${minimum}`);
  }
  return number;
}

export function parseBenchArgs(argv: string[]): BenchArgs | 'help' {
  const args: BenchArgs = {
    deliverables: 1_000_000,
    reuse: false,
    fresh: false,
    runs: 20,
    warmup: 3,
    compare: -1,
    connections: 32,
    duration: 20,
    only: [...BENCH_PARTS],
  };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--reuse':
        args.reuse = true;
        break;
      case '--fresh':
        args.fresh = true;
        break;
      case '--deliverables':
        args.deliverables = positiveInteger(flag, argv[++index], 1);
        break;
      case '--runs':
        args.runs = positiveInteger(flag, argv[++index], 1);
        break;
      case '--warmup':
        args.warmup = positiveInteger(flag, argv[++index], 0);
        break;
      case '--compare':
        args.compare = positiveInteger(flag, argv[++index], 0);
        break;
      case '--connections':
        args.connections = positiveInteger(flag, argv[++index], 1);
        break;
      case '--duration':
        args.duration = positiveInteger(flag, argv[++index], 1);
        break;
      case '--only': {
        const parts = (argv[++index] ?? '').split(',').filter(Boolean);
        const unknown = parts.filter((part) => !(BENCH_PARTS as readonly string[]).includes(part));
        if (parts.length === 0 || unknown.length > 0) {
          throw new Error(`--only takes a comma-separated list of ${BENCH_PARTS.join(', ')}`);
        }
        args.only = parts as BenchPart[];
        break;
      }
      default:
        throw new Error(`Unexpected argument ${flag}\n${USAGE}`);
    }
  }
  if (args.reuse && args.fresh) throw new Error('--reuse and --fresh exclude each other');
  if (args.compare === -1) args.compare = Math.round(args.deliverables / 10);
  return args;
}
