/**
 * What a backup, a restore and a move compare: every table the migrations created (found in the
 * catalog, not listed by hand), its row count and a checksum of its rows, computed by the same
 * SQL on the embedded engine and on a server so the two can be compared.
 */

/** Sends one statement and returns its rows; any connection (PGlite, node-postgres, TypeORM). */
export type Query = (
  text: string,
  parameters?: unknown[],
) => Promise<Array<Record<string, unknown>>>;

export interface TableChecksum {
  table: string;
  rows: number;
  /** md5 over the sorted md5s of the rows' text forms: independent of row order and collation. */
  checksum: string;
}

/** The schema the migrations write to. */
export const SCHEMA = 'public';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function qualified(name: string): string {
  return `${quoteIdent(SCHEMA)}.${quoteIdent(name)}`;
}

/**
 * The session settings that shape values' text (timestamps, intervals, floats, bytea), pinned
 * for the transaction so both sides print a row the same way. Run inside a transaction.
 */
export const PIN_TEXT_FORMAT = [
  `SET LOCAL TimeZone TO 'UTC'`,
  `SET LOCAL DateStyle TO 'ISO, MDY'`,
  `SET LOCAL IntervalStyle TO 'postgres'`,
  `SET LOCAL extra_float_digits TO 1`,
  `SET LOCAL bytea_output TO 'hex'`,
];

/**
 * Orders tables so that every table comes after those its foreign keys point to (a table that
 * points to itself is fine: one INSERT checks its references at the end of the statement).
 * Ties stay in name order. Throws on a cycle between tables, which no batch order can satisfy.
 */
export function dependencyOrder(
  tables: readonly string[],
  references: ReadonlyArray<{ table: string; references: string }>,
): string[] {
  const sorted = [...tables].sort();
  const waitingOn = new Map(sorted.map((table) => [table, new Set<string>()]));
  for (const { table, references: parent } of references) {
    if (table !== parent && waitingOn.has(table) && waitingOn.has(parent)) {
      waitingOn.get(table)!.add(parent);
    }
  }
  const order: string[] = [];
  while (order.length < sorted.length) {
    const ready = sorted.find(
      (table) =>
        !order.includes(table) && [...waitingOn.get(table)!].every((p) => order.includes(p)),
    );
    if (!ready) {
      const left = sorted.filter((table) => !order.includes(table));
      throw new Error(`Foreign keys form a cycle among: ${left.join(', ')}`);
    }
    order.push(ready);
  }
  return order;
}

/** Every base table of the schema, parents before children (see `dependencyOrder`). */
export async function listTables(query: Query): Promise<string[]> {
  const tables = await query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
    [SCHEMA],
  );
  const references = await query(
    `SELECT child.relname AS "table", parent.relname AS "references"
       FROM pg_constraint k
       JOIN pg_class child ON child.oid = k.conrelid
       JOIN pg_class parent ON parent.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = child.relnamespace
      WHERE k.contype = 'f' AND n.nspname = $1`,
    [SCHEMA],
  );
  return dependencyOrder(
    tables.map((row) => String(row.name)),
    references.map((row) => ({ table: String(row.table), references: String(row.references) })),
  );
}

/** The schema's sequences (serial and identity columns included), by name. */
export async function listSequences(query: Query): Promise<string[]> {
  const rows = await query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'S' ORDER BY c.relname`,
    [SCHEMA],
  );
  return rows.map((row) => String(row.name));
}

/** The applied migrations' names, in the order they were applied. */
export async function appliedMigrations(query: Query): Promise<string[]> {
  const rows = await query(`SELECT name FROM ${qualified('migrations')} ORDER BY id`);
  return rows.map((row) => String(row.name));
}

/**
 * Row count and checksum of each table. Run inside a transaction that has run `PIN_TEXT_FORMAT`,
 * so a timestamp prints the same on both sides.
 */
export async function tableChecksums(query: Query, tables: readonly string[]) {
  const result: TableChecksum[] = [];
  for (const table of tables) {
    const [row] = await query(
      `SELECT count(*)::text AS rows,
              md5(coalesce(string_agg(h, '' ORDER BY h COLLATE "C"), '')) AS checksum
         FROM (SELECT md5(t::text) AS h FROM ${qualified(table)} t) AS hashed`,
    );
    result.push({ table, rows: Number(row.rows), checksum: String(row.checksum) });
  }
  return result;
}

/** Tables whose count or checksum differ (or that one side lacks), one line each. */
export function checksumDifferences(
  expected: readonly TableChecksum[],
  actual: readonly TableChecksum[],
): string[] {
  const found = new Map(actual.map((entry) => [entry.table, entry]));
  const differences: string[] = [];
  for (const want of expected) {
    const got = found.get(want.table);
    if (!got) differences.push(`${want.table}: missing`);
    else if (got.rows !== want.rows) {
      differences.push(`${want.table}: ${got.rows} rows instead of ${want.rows}`);
    } else if (got.checksum !== want.checksum) {
      differences.push(`${want.table}: same ${got.rows} rows, different content`);
    }
    found.delete(want.table);
  }
  for (const extra of found.keys()) differences.push(`${extra}: not expected`);
  return differences;
}
