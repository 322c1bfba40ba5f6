import { toDate } from '../common/database/to-date';
import { PlatformEntity, type PlatformKind } from './platform.entity';

/** Raw `SELECT p.*` columns of `platforms`. */
export interface PlatformRow {
  id: string;
  slug: string;
  name: string;
  kind: PlatformKind;
  created_at: Date | string;
}

/** Columns to select (as `p`) for {@link platformFromRow}. */
export const PLATFORM_COLUMNS = 'p.id, p.slug, p.name, p.kind, p.created_at';

export { toDate } from '../common/database/to-date';

export function platformFromRow(row: PlatformRow): PlatformEntity {
  return Object.assign(new PlatformEntity(), {
    id: row.id,
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    createdAt: toDate(row.created_at),
  });
}

/**
 * TypeORM hands back `[rows, rowCount]` for UPDATE and DELETE and plain rows for everything
 * else; this returns the RETURNING rows either way.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
