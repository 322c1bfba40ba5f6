/** Label of an operation without a name (`{ viewer { id } }`, `query { … }`). */
export const ANONYMOUS_OPERATION = '(anonymous)';
/** Label of a request that resolved no operation: unparsable, invalid, or an unknown operationName. */
export const NO_OPERATION = '(invalid)';
/** Label of every name past the cap on distinct names. */
export const OTHER_OPERATION = '(other)';

/** Longest operation name kept as a label; longer ones are cut to this. */
export const MAX_OPERATION_NAME_LENGTH = 64;
/** Most distinct operation names one process labels; later new names become OTHER_OPERATION. */
export const MAX_OPERATION_NAMES = 200;

/**
 * Operation names come from clients, so each one would otherwise be a new time series: this
 * keeps the label set bounded. The first MAX_OPERATION_NAMES distinct names (cut to
 * MAX_OPERATION_NAME_LENGTH) keep their own label; later new names share OTHER_OPERATION. The
 * parenthesised labels cannot clash with a real name: GraphQL names are `[_A-Za-z][_0-9A-Za-z]*`.
 */
export class OperationNameLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly maxNames = MAX_OPERATION_NAMES) {}

  /** `resolved`: false when no operation was found; `name`: the operation's name, if it has one. */
  label(resolved: boolean, name: string | null | undefined): string {
    if (!resolved) return NO_OPERATION;
    if (!name) return ANONYMOUS_OPERATION;
    const cut = name.slice(0, MAX_OPERATION_NAME_LENGTH);
    if (this.seen.has(cut)) return cut;
    if (this.seen.size >= this.maxNames) return OTHER_OPERATION;
    this.seen.add(cut);
    return cut;
  }
}
