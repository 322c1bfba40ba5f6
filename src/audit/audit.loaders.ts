import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { groupRows } from '../common/dataloader/loaders';
import { toConnection, type Connection, sequenceCursor } from '../common/graphql/pagination';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { AuditActor, AuditEntry } from './audit-entry.model';
import { redactsPrivateNotes, toAuditEntry } from './audit-entry.rows';
import { AuditRepository, type ActorRow } from './audit.repository';

function toActor(row: ActorRow | undefined): AuditActor | null {
  if (!row) return null; // the account no longer exists
  if (row.is_admin) return { kind: 'ADMINISTRATOR', displayName: 'Administrator' };
  if (row.role === 'CREATOR') return { kind: 'CREATOR', displayName: row.creator_name };
  return { kind: 'BRAND_MEMBER', displayName: row.brand_names };
}

/** Per-request loaders of the audit trail's edges, each scoped by `visibleAuditSubjects`. */
@Injectable()
export class AuditLoaders {
  constructor(private readonly repository: AuditRepository) {}

  /**
   * Deal id → one page of its trail (its deliverables' entries included), for one page request
   * (`size`, `after`): one windowed statement for every deal of the batch.
   */
  dealTrail(
    ctx: RequestContext,
    size: number,
    after: string | null,
  ): DataLoader<string, Connection<AuditEntry>> {
    const afterSeq = sequenceCursor(after);
    return ctx.loader(`audit.dealTrail@${size}:${after ?? ''}`, () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, Connection<AuditEntry>>(async (dealIds) => {
        const rows = await this.repository.dealTrails(viewer, dealIds, size + 1, afterSeq);
        return groupRows(dealIds, rows, (row) => row.deal_id).map((group) =>
          toConnection(
            group,
            size,
            group[0]?.total ?? 0,
            (row) => [row.seq, row.id],
            (row) =>
              toAuditEntry(row, redactsPrivateNotes(viewer, row.deal_id, row.deal_creator_id)),
          ),
        );
      });
    });
  }

  /**
   * Entries by id, null where the caller may not read the record's trail, values redacted as
   * the trail redacts them.
   */
  entryById(ctx: RequestContext): DataLoader<string, AuditEntry | null> {
    return ctx.loader('audit.entryById', () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, AuditEntry | null>(async (ids) => {
        const rows = await this.repository.visibleEntries(viewer, ids);
        const found = new Map(
          rows.map((row) => [
            row.id,
            toAuditEntry(row, redactsPrivateNotes(viewer, row.deal_id, row.deal_creator_id)),
          ]),
        );
        return ids.map((id) => found.get(id) ?? null);
      });
    });
  }

  /**
   * Who made an entry, for display: keyed by the entry (its user and deal); SYSTEM without a
   * user. The entry was reached through a scoped read, so this needs no scoping of its own.
   */
  actorOf(ctx: RequestContext): DataLoader<AuditEntry, AuditActor | null, string> {
    return ctx.loader(
      'audit.actorOf',
      () =>
        new DataLoader<AuditEntry, AuditActor | null, string>(
          async (entries) => {
            const keys = entries
              .filter((entry) => entry.actorUserId !== null)
              .map((entry) => ({ userId: entry.actorUserId!, dealId: entry.dealId }));
            const rows = keys.length > 0 ? await this.repository.actors(keys) : [];
            const found = new Map(rows.map((row) => [`${row.user_id}:${row.deal_id ?? ''}`, row]));
            return entries.map((entry) =>
              entry.actorUserId === null
                ? { kind: 'SYSTEM', displayName: null }
                : toActor(found.get(`${entry.actorUserId}:${entry.dealId ?? ''}`)),
            );
          },
          { cacheKeyFn: (entry) => `${entry.actorUserId ?? ''}:${entry.dealId ?? ''}` },
        ),
    );
  }
}
