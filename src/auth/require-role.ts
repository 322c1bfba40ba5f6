import { AppError, ErrorCode, forbidden } from '../common/errors/app-error';
import { AuthErrorReason } from './auth.errors';
import type { Viewer } from './viewer';

// Who may write. Who may read is asked of the repositories: `visibleDeals` in
// deals/deal.repository.ts and the other rules beside it (docs/architecture.md).

/**
 * The creator profile a caller writes deals, deliverables and accounts as: a CREATOR account's
 * own, null for anyone else. Pure, so `viewerCan…` fields ask the rule the mutations enforce.
 */
export function writingCreatorId(viewer: Viewer): string | null {
  return viewer.role === 'CREATOR' && viewer.creatorId ? viewer.creatorId : null;
}

/** Administrators manage platforms and outages. */
export function isAdministrator(viewer: Viewer): boolean {
  return viewer.isAdmin;
}

/** The refusal of a write that only creators may make. */
export const creatorsOnly = (): AppError =>
  forbidden('Only creators can do this; brand accounts read the deals they are party to');

/** Writes on deals, deliverables and accounts are the creator's alone. */
export function requireCreator(viewer: Viewer): string {
  const creatorId = writingCreatorId(viewer);
  if (!creatorId) throw creatorsOnly();
  return creatorId;
}

export function requireAdmin(viewer: Viewer): void {
  if (!isAdministrator(viewer)) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Only administrators can do this', {
      reason: AuthErrorReason.ADMIN_ONLY,
    });
  }
}
