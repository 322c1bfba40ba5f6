import type { Viewer } from '../auth/viewer';

/**
 * A deal has two notes: `notes`, the creator's private text (what the agent takes, the brand's
 * real budget), and `sharedNotes`, which everyone who may read the deal reads. The private one is
 * readable by the deal's creator alone: not by the brand's members, not by administrators. Every
 * output that carries deal notes (GraphQL, the CSV export, the audit trail) asks this one rule.
 */
export function mayReadPrivateNotes(viewer: Viewer, dealCreatorId: string | null): boolean {
  return viewer.creatorId !== null && dealCreatorId !== null && viewer.creatorId === dealCreatorId;
}

/** Audit trail fields of a deal that hold private notes: their values are the creator's only. */
export const PRIVATE_DEAL_AUDIT_FIELDS: ReadonlySet<string> = new Set(['notes']);
