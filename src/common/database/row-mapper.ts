import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { toDate } from './to-date';

export interface RowMapper<E> {
  /** The select list for `alias`, each column named `<alias>__<column>`. */
  columns: string;
  /** The entity from a row that holds those columns (and anything else). */
  fromRow(row: Record<string, unknown>): E;
}

/**
 * Reads an entity out of a joined raw row with what TypeORM's metadata says about its columns
 * (names, transformers, timestamp and date types): one statement can return a page and its
 * related rows, without TypeORM's row-by-row hydration. `date` columns are selected as text, the
 * way the entities hold them (`YYYY-MM-DD`).
 */
export function rowMapper<E extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<E>,
  alias: string,
): RowMapper<E> {
  const metadata = dataSource.getMetadata(target);
  const columns = metadata.columns.map((column) => {
    const type = typeof column.type === 'string' ? column.type : '';
    const key = `${alias}__${column.databaseName}`;
    const convert: (value: unknown) => unknown =
      type === 'timestamptz' || type === 'timestamp with time zone'
        ? (value) => (value === null || value === undefined ? null : toDate(value as string | Date))
        : column.transformer && !Array.isArray(column.transformer)
          ? (value) => (column.transformer as { from(v: unknown): unknown }).from(value)
          : (value) => value;
    const select =
      type === 'date'
        ? `${alias}.${column.databaseName}::text AS "${key}"`
        : `${alias}.${column.databaseName} AS "${key}"`;
    return { property: column.propertyName, key, convert, select };
  });
  const Entity = metadata.target as new () => E;
  return {
    columns: columns.map((column) => column.select).join(', '),
    fromRow(row) {
      const entity = new Entity() as Record<string, unknown>;
      for (const column of columns) entity[column.property] = column.convert(row[column.key]);
      return entity as E;
    },
  };
}
