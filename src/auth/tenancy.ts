import { AppError, ErrorCode, forbidden } from '../common/errors/app-error';
import type { Viewer } from './viewer';

/**
 * The tenancy boundary, written once: which deals a caller may read. Every query that reaches
 * deals, deliverables or anything under them adds this condition in SQL, so nested fields can
 * never return another tenant's rows.
 *
 * - admin: every deal (admins run the service and read everything; they write only their own)
 * - creator: deals they logged
 * - brand member: deals with a brand they belong to
 */
export function dealVisibility(
  viewer: Viewer,
  dealAlias: string,
): { condition: string; params: Record<string, unknown> } {
  if (viewer.isAdmin) return { condition: 'TRUE', params: {} };
  if (viewer.role === 'CREATOR') {
    return viewer.creatorId
      ? {
          condition: `${dealAlias}.creator_id = :viewerCreatorId`,
          params: { viewerCreatorId: viewer.creatorId },
        }
      : { condition: 'FALSE', params: {} };
  }
  return viewer.brandIds.length > 0
    ? {
        condition: `${dealAlias}.brand_id IN (:...viewerBrandIds)`,
        params: { viewerBrandIds: viewer.brandIds },
      }
    : { condition: 'FALSE', params: {} };
}

/** The same rule for raw SQL with positional parameters; `next` is the first free $-index. */
export function dealVisibilitySql(
  viewer: Viewer,
  dealAlias: string,
  next: number,
): { condition: string; params: unknown[] } {
  if (viewer.isAdmin) return { condition: 'TRUE', params: [] };
  if (viewer.role === 'CREATOR') {
    return viewer.creatorId
      ? { condition: `${dealAlias}.creator_id = $${next}`, params: [viewer.creatorId] }
      : { condition: 'FALSE', params: [] };
  }
  return { condition: `${dealAlias}.brand_id = ANY($${next}::uuid[])`, params: [viewer.brandIds] };
}

/** Writes on deals, deliverables and accounts are the creator's alone. */
export function requireCreator(viewer: Viewer): string {
  if (viewer.role !== 'CREATOR' || !viewer.creatorId) {
    throw forbidden('Only creators can do this; brand accounts read the deals they are party to');
  }
  return viewer.creatorId;
}

export function requireAdmin(viewer: Viewer): void {
  if (!viewer.isAdmin) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Only administrators can do this', {
      reason: 'ADMIN_ONLY',
    });
  }
}
