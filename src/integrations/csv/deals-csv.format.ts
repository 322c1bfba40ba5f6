import { CsvError, parse } from 'csv-parse/sync';
import { guardFormula, stringifyCsv, unguardFormula } from '../../common/csv/csv';
import { INVALID_CHARACTER } from '../../common/validation/text';
import {
  DEALS_CSV_COLUMNS,
  REQUIRED_COLUMNS,
  TEXT_COLUMNS,
  emptyRow,
  type DealsCsvColumn,
  type DealsCsvRow,
} from './deals-csv.columns';

/** What is wrong, where: `line` as an editor numbers it (the header is line 1). */
export interface CsvProblem {
  line: number | null;
  column: string | null;
  message: string;
  /** A stable code for some problems, e.g. `INVALID_DATE_TIME`, `INVALID_CHARACTER`. */
  reason?: string;
}

export interface CsvLimits {
  /** Largest input, in bytes of UTF-8. */
  maxBytes: number;
  /** Most data rows (the header not counted). */
  maxRows: number;
}

/** A data row and the line it starts on. */
export interface ParsedRow {
  line: number;
  cells: DealsCsvRow;
}

export type ParseResult =
  | { ok: true; rows: ParsedRow[] }
  | { ok: false; reason: 'TOO_LARGE' | 'INVALID'; problems: CsvProblem[] };

const CSV_PROBLEM = (message: string, line: number | null = null): ParseResult => ({
  ok: false,
  reason: 'INVALID',
  problems: [{ line, column: null, message }],
});

/**
 * Parses a deals CSV: UTF-8 (a BOM is skipped), RFC 4180 quoting, CRLF or LF line ends, a header
 * row naming the columns in any order (case-insensitive). Rows whose cells are all empty are
 * skipped. Text columns keep their spaces; other cells are trimmed. Free-text cells lose the
 * apostrophe the export's formula guard adds.
 *
 * Refuses, without parsing further, input over `limits.maxBytes` or with more than
 * `limits.maxRows` data rows (reason TOO_LARGE).
 */
export function parseDealsCsv(input: string | Uint8Array, limits: CsvLimits): ParseResult {
  // UTF-8 encoding would turn a lone surrogate into U+FFFD silently: mark it with a character
  // the input does not hold, so that the cell holding it can be named below.
  const marker = typeof input === 'string' ? loneSurrogateMarker(input) : null;
  const text = typeof input === 'string' && marker ? input.replace(LONE_SURROGATE, marker) : input;
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  if (bytes.length > limits.maxBytes) {
    return {
      ok: false,
      reason: 'TOO_LARGE',
      problems: [
        {
          line: null,
          column: null,
          message: `The CSV is ${bytes.length} bytes; at most ${limits.maxBytes} are accepted (DEALS_CSV_MAX_BYTES)`,
        },
      ],
    };
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return CSV_PROBLEM('The CSV is not valid UTF-8; save it as "CSV UTF-8"');
  }

  let records: Array<{ record: string[]; info: { bytes: number } }>;
  try {
    records = parse(bytes, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n'],
      // The header, the rows allowed, and one more to tell "exactly at the limit" from "over it".
      to: limits.maxRows + 2,
    }) as unknown as Array<{ record: string[]; info: { bytes: number } }>;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? null;
      return CSV_PROBLEM(`The CSV cannot be read: ${error.message}`, line);
    }
    throw error;
  }
  if (records.length > limits.maxRows + 1) {
    return {
      ok: false,
      reason: 'TOO_LARGE',
      problems: [
        {
          line: null,
          column: null,
          message: `The CSV has more than ${limits.maxRows} rows (DEALS_CSV_MAX_ROWS); split it into several imports`,
        },
      ],
    };
  }
  if (records.length === 0) return CSV_PROBLEM('The CSV is empty; it needs a header row', 1);

  const lineAt = lineLocator(bytes);
  let previousEnd = 0;
  const located = records.map(({ record, info }) => {
    let start = previousEnd;
    // Skipped empty lines belong to the next record's byte span.
    while (start < info.bytes && (bytes[start] === 0x0a || bytes[start] === 0x0d)) start += 1;
    previousEnd = info.bytes;
    return { record, line: lineAt(start) };
  });

  const [header, ...data] = located;
  const problems: CsvProblem[] = [];
  // NUL and lone surrogates cannot be stored as text (PostgreSQL refuses NUL) nor shown.
  for (const { record, line } of located) {
    record.forEach((cell, index) => {
      const column =
        line === header.line
          ? `#${index + 1}`
          : (header.record[index]?.trim().toLowerCase() ?? `#${index + 1}`);
      if (cell.includes('\u0000')) {
        problems.push({
          line,
          column,
          message: 'This cell holds a NUL character (U+0000); remove it',
          reason: INVALID_CHARACTER,
        });
      }
      if (marker && cell.includes(marker)) {
        problems.push({
          line,
          column,
          message: 'This cell holds a lone UTF-16 surrogate (half of a character); remove it',
          reason: INVALID_CHARACTER,
        });
      }
    });
  }
  if (problems.length > 0) return { ok: false, reason: 'INVALID', problems };
  const names = header.record.map((name) => name.trim().toLowerCase());
  const known = new Set<string>(DEALS_CSV_COLUMNS);
  names.forEach((name, index) => {
    if (!known.has(name)) {
      problems.push({
        line: header.line,
        column: name || `#${index + 1}`,
        message: `Unknown column "${header.record[index]}"; the columns are ${DEALS_CSV_COLUMNS.join(', ')}`,
      });
    } else if (names.indexOf(name) !== index) {
      problems.push({ line: header.line, column: name, message: 'This column appears twice' });
    }
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!names.includes(required)) {
      problems.push({
        line: header.line,
        column: required,
        message: `The header has no ${required} column`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, reason: 'INVALID', problems };

  const rows: ParsedRow[] = [];
  for (const { record, line } of data) {
    if (record.every((cell) => cell.trim() === '')) continue;
    if (record.length !== names.length) {
      problems.push({
        line,
        column: null,
        message: `This row has ${record.length} cells; the header has ${names.length}`,
      });
      continue;
    }
    const cells = emptyRow();
    names.forEach((name, index) => {
      const column = name as DealsCsvColumn;
      cells[column] = TEXT_COLUMNS.has(column)
        ? unguardFormula(record[index])
        : record[index].trim();
    });
    rows.push({ line, cells });
  }
  return problems.length > 0 ? { ok: false, reason: 'INVALID', problems } : { ok: true, rows };
}

/**
 * Writes rows as RFC 4180 CSV: the full header, CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break, free-text cells formula-guarded. No BOM.
 */
export function stringifyDealsCsv(rows: readonly DealsCsvRow[]): string {
  const records = rows.map((row) =>
    DEALS_CSV_COLUMNS.map((column) =>
      TEXT_COLUMNS.has(column) ? guardFormula(row[column]) : row[column],
    ),
  );
  return stringifyCsv([[...DEALS_CSV_COLUMNS], ...records]);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A private-use character absent from `input`, when `input` holds a lone surrogate; else null. */
function loneSurrogateMarker(input: string): string | null {
  LONE_SURROGATE.lastIndex = 0;
  if (!LONE_SURROGATE.test(input)) return null;
  for (let code = 0xe000; code <= 0xf8ff; code += 1) {
    const candidate = String.fromCharCode(code);
    if (!input.includes(candidate)) return candidate;
  }
  // Every private-use character present (never in a real file): refuse without a location.
  return '\u0000';
}

/** 1-based line number of a byte offset. */
function lineLocator(bytes: Buffer): (offset: number) => number {
  const newlines: number[] = [];
  for (let index = bytes.indexOf(0x0a); index !== -1; index = bytes.indexOf(0x0a, index + 1)) {
    newlines.push(index);
  }
  return (offset) => {
    // Count the newlines before `offset` (binary search).
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (newlines[middle] < offset) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  };
}
