import { AppError, ErrorCode, forbidden } from '../common/errors/app-error';
import { AuthErrorReason } from './auth.errors';
import type { Viewer } from './viewer';

// Who may write. Who may read is asked of the repositories: `visibleDeals` in
// deals/deal.repository.ts and the other rules beside it (docs/architecture.md).

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
      reason: AuthErrorReason.ADMIN_ONLY,
    });
  }
}
