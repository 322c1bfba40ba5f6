import { stringify } from 'csv-stringify/sync';

// Spreadsheets run a cell starting with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;
const GUARDED = /^'[=+\-@\t\r']/;

/**
 * The formula guard for user-written text in every CSV we write: text a spreadsheet would run as
 * a formula gets a leading apostrophe, and so does text that starts with an apostrophe followed
 * by such a character or another apostrophe, so that {@link unguardFormula} undoes it exactly.
 * Amounts, dates and codes never start so and are not passed through it.
 */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) || GUARDED.test(text) ? `'${text}` : text;
}

/** Import side: drops the apostrophe {@link guardFormula} added (`'=x` → `=x`, `''x` → `'x`). */
export function unguardFormula(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}

/**
 * Records as RFC 4180 CSV through csv-stringify: CRLF line ends, a field quoted when it holds a
 * comma, a double quote, CR or LF (inner quotes doubled), bare otherwise. No BOM.
 */
export function stringifyCsv(records: ReadonlyArray<readonly string[]>): string {
  return stringify(
    records.map((record) => [...record]),
    {
      record_delimiter: 'windows',
      // csv-stringify quotes only the configured delimiter by default; a bare LF or CR must be too.
      quoted_match: /[\r\n]/,
    },
  );
}
