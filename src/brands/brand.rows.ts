import { BrandEntity } from './brand.entity';

/** Raw SQL for brands, shared by the service and the loaders. */

export const BRAND_COLUMNS = (alias: string): string =>
  `${alias}.id, ${alias}.name, ${alias}.created_by_creator_id, ${alias}.created_at`;

export interface BrandRow {
  id: string;
  name: string;
  created_by_creator_id: string | null;
  created_at: Date | string;
}

export function brandFromRow(row: BrandRow): BrandEntity {
  return Object.assign(new BrandEntity(), {
    id: row.id,
    name: row.name,
    createdByCreatorId: row.created_by_creator_id,
    createdAt: new Date(row.created_at),
  });
}

/**
 * True while no brand user has ever joined the brand: a creator only named it on a deal. Once
 * claimed, always claimed — if its members later leave, control must not fall back to the
 * creator who named it, since other creators' deals may reference it by then.
 */
export const isUnclaimedSql = (alias: string): string =>
  `(NOT EXISTS (SELECT 1 FROM brand_members um WHERE um.brand_id = ${alias}.id)
    AND NOT EXISTS (SELECT 1 FROM brand_invitations ui WHERE ui.brand_id = ${alias}.id AND ui.accepted_at IS NOT NULL))`;
