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
}

export const USAGE = `usage: npm run bench -- [--deliverables N] [--reuse | --fresh] [--runs N] [--warmup N]
  Builds (once) a data set of N deliverables (default 1000000) in the database
  deal_ledger_bench_<N> on the server named by DATABASE_URL (default
  postgres://postgres@127.0.0.1:5432/postgres), then times the impact engine's candidate query
  for a six-hour Meta-wide outage and writes bench/results.json.
  A complete data set of that size is reused automatically; --reuse fails instead of generating
  when there is none, --fresh regenerates it. Defaults: --runs 20 --warmup 3.`;

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
      default:
        throw new Error(`Unexpected argument ${flag}\n${USAGE}`);
    }
  }
  if (args.reuse && args.fresh) throw new Error('--reuse and --fresh exclude each other');
  return args;
}
