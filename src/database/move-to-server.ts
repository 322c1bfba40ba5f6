import type { PGlite } from '@electric-sql/pglite';
import { DataSource } from 'typeorm';
import { allMigrations } from '../../migrations';
import { buildDataSourceOptions } from './data-source-options';
import { checksumEmbedded } from './embedded-backup';
import { withMigrationLock } from './migration-lock';
import {
  checksumDifferences,
  listSequences,
  listTables,
  PIN_TEXT_FORMAT,
  qualified,
  quoteIdent,
  tableChecksums,
  type Query,
  type TableChecksum,
} from './table-checksums';

/**
 * Copies the embedded database into an empty PostgreSQL server database: the schema by the same
 * migrations the service runs, then every table the migrations created (found in the catalog),
 * parents before children, in batches, then the sequences; then each table's row count and
 * checksum are compared on both sides. It all happens in one transaction on the server, so a
 * failure or a difference leaves the server database as empty as it was.
 */

/** Refused before anything was written; the message says why. */
export class MoveRefusedError extends Error {}

export class MoveVerificationError extends Error {}

export interface MoveReport {
  migrations: string[];
  tables: TableChecksum[];
  sequences: string[];
}

export interface MoveOptions {
  /** Rows per INSERT. */
  batchSize?: number;
  /** Called as rows are copied: (rows copied so far, rows in all). */
  progress?: (done: number, total: number) => void;
}

interface Column {
  name: string;
  type: string;
}

const COLUMNS_SQL = `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
  FROM pg_attribute a
 WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
 ORDER BY a.attnum`;

async function columnsOf(query: Query, table: string): Promise<Column[]> {
  const rows = await query(COLUMNS_SQL, [qualified(table)]);
  return rows.map((row) => ({ name: String(row.name), type: String(row.type) }));
}

/** Relations in the target outside the system schemas: any one of them makes it "not empty". */
async function existingRelations(query: Query): Promise<string[]> {
  const rows = await query(
    `SELECT n.nspname || '.' || c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
      ORDER BY 1`,
  );
  return rows.map((row) => String(row.name));
}

/** User triggers that fire on INSERT (the copy must not run them: their effects are copied too). */
async function insertTriggers(query: Query, table: string): Promise<number> {
  const [row] = await query(
    `SELECT count(*)::int AS n FROM pg_trigger
      WHERE tgrelid = $1::regclass AND NOT tgisinternal AND (tgtype & 4) <> 0`,
    [qualified(table)],
  );
  return Number(row.n);
}

function sameColumns(a: Column[], b: Column[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export async function moveEmbeddedToServer(
  source: PGlite,
  targetUrl: string,
  options: MoveOptions = {},
): Promise<MoveReport> {
  const batchSize = options.batchSize ?? 500;
  const sourceQuery: Query = async (text, parameters) =>
    (await source.query<Record<string, unknown>>(text, parameters)).rows;

  const known = allMigrations.map((migration) => migration.name);
  const before = await checksumEmbedded(source);
  if (before.migrations.join('\n') !== known.join('\n')) {
    throw new MoveRefusedError(
      'The embedded database is not at this release\'s migrations: run "npm run migration:run" ' +
        `on it first (applied ${before.migrations.length}, this release has ${known.length}).`,
    );
  }
  const sourceTables = await listTables(sourceQuery);
  const sourceSequences = await listSequences(sourceQuery);
  const total = before.tables
    .filter((entry) => entry.table !== 'migrations')
    .reduce((sum, entry) => sum + entry.rows, 0);

  const target = new DataSource({
    ...buildDataSourceOptions({ DATABASE_URL: targetUrl, DATABASE_POOL_SIZE: 1 }, null),
    migrationsRun: false,
  });
  await target.initialize();
  try {
    const occupied = await existingRelations((text, parameters) => target.query(text, parameters));
    if (occupied.length > 0) {
      throw new MoveRefusedError(
        `The target database is not empty: it has ${occupied.length} table(s) or other relations ` +
          `(${occupied.slice(0, 5).join(', ')}${occupied.length > 5 ? ', …' : ''}). ` +
          'Move into a new, empty database (createdb …).',
      );
    }
    return await withMigrationLock(target, async (executor, runner) => {
      const query: Query = (text, parameters) => runner.query(text, parameters);
      await executor.executePendingMigrations();
      for (const statement of PIN_TEXT_FORMAT) await query(statement);

      const targetTables = await listTables(query);
      const targetSequences = await listSequences(query);
      const tableDrift = checksumDifferences(
        sourceTables.map((table) => ({ table, rows: 0, checksum: '' })),
        targetTables.map((table) => ({ table, rows: 0, checksum: '' })),
      );
      if (tableDrift.length > 0 || sourceSequences.join() !== targetSequences.join()) {
        throw new MoveRefusedError(
          `The migrations made different tables or sequences on the server: ${tableDrift.join('; ') || 'sequences differ'}`,
        );
      }

      // The target's migrations table was written by running the migrations just now.
      const copied = targetTables.filter((name) => name !== 'migrations');
      // Rows the migrations seed (the platform catalog) make way for the source's, which may
      // have been edited since; children first.
      for (const table of [...copied].reverse()) {
        const [{ seeded }] = await query(
          `SELECT EXISTS (SELECT FROM ${qualified(table)}) AS seeded`,
        );
        if (seeded) await query(`DELETE FROM ${qualified(table)}`);
      }

      let done = 0;
      options.progress?.(0, total);
      for (const table of copied) {
        const columns = await columnsOf(query, table);
        if (!sameColumns(columns, await columnsOf(sourceQuery, table))) {
          throw new MoveRefusedError(`${table} has different columns on the two sides`);
        }
        const triggers = await insertTriggers(query, table);
        if (triggers > 0) await query(`ALTER TABLE ${qualified(table)} DISABLE TRIGGER USER`);
        const names = columns.map((column) => quoteIdent(column.name)).join(', ');
        const read = `SELECT ${columns.map((c) => `${quoteIdent(c.name)}::text`).join(', ')}
                        FROM ${qualified(table)} ORDER BY ctid LIMIT $1 OFFSET $2`;
        // Every value travels as its text form and is cast back to its column's type on the
        // server: bigint money, timestamptz microseconds, jsonb and bytea arrive exactly.
        const insert = `INSERT INTO ${qualified(table)} (${names}) OVERRIDING SYSTEM VALUE
          SELECT ${columns.map((c, i) => `u.c${i}::${c.type}`).join(', ')}
            FROM unnest(${columns.map((_c, i) => `$${i + 1}::text[]`).join(', ')})
              AS u(${columns.map((_c, i) => `c${i}`).join(', ')})`;
        for (let offset = 0; ; offset += batchSize) {
          const { rows } = await source.query<unknown[]>(read, [batchSize, offset], {
            rowMode: 'array',
          });
          if (rows.length === 0) break;
          await query(
            insert,
            columns.map((_c, i) => rows.map((row) => row[i] as string | null)),
          );
          done += rows.length;
          options.progress?.(done, total);
          if (rows.length < batchSize) break;
        }
        if (triggers > 0) await query(`ALTER TABLE ${qualified(table)} ENABLE TRIGGER USER`);
      }

      for (const sequence of sourceSequences) {
        const [state] = await sourceQuery(
          `SELECT last_value::text AS last_value, is_called FROM ${qualified(sequence)}`,
        );
        await query(`SELECT setval($1::regclass, $2::bigint, $3::boolean)`, [
          qualified(sequence),
          state.last_value,
          state.is_called,
        ]);
      }

      const after = await tableChecksums(query, targetTables);
      const differences = checksumDifferences(before.tables, after);
      for (const sequence of sourceSequences) {
        const sql = `SELECT last_value::text || '/' || is_called::text AS state FROM ${qualified(sequence)}`;
        const [[mine], [theirs]] = await Promise.all([sourceQuery(sql), query(sql)]);
        if (mine.state !== theirs.state) differences.push(`sequence ${sequence}: differs`);
      }
      if (differences.length > 0) {
        throw new MoveVerificationError(
          `The copy does not match the embedded database, so nothing was kept on the server:\n  ${differences.join('\n  ')}`,
        );
      }
      return { migrations: before.migrations, tables: after, sequences: targetSequences };
    });
  } finally {
    await target.destroy();
  }
}
