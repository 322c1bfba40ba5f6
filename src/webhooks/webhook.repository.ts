import type { Viewer } from '../auth/viewer';
import { identifier, sql, type Sql } from '../common/database/sql';

/**
 * The access rule for webhook endpoints (subscriptions), written once: which endpoints a caller
 * manages, and so whose delivery log they read (deliveries are reached only through an endpoint
 * this rule admits; anything else is NOT_FOUND).
 *
 * - any user: the endpoints they registered for themselves (no brand)
 * - brand member: besides, every endpoint of the brands they belong to, whoever registered it
 *
 * Administrators get no more than anyone else. `webhookAlias` names the `webhooks` row.
 */
export function visibleWebhooks(viewer: Viewer, webhookAlias: string): Sql {
  const webhook = identifier(webhookAlias);
  return sql`((${webhook}.brand_id IS NULL AND ${webhook}.owner_user_id = ${viewer.userId}) OR ${webhook}.brand_id = ANY (${viewer.brandIds}::uuid[]))`;
}

/** An endpoint as the fan-out reads it, with whether its owner is an administrator. */
export interface WebhookRecipient {
  id: string;
  creator_id: string | null;
  brand_id: string | null;
  /** An administrator's own (non-brand) endpoint. */
  is_admin: boolean;
}

/**
 * Which endpoints may hear about deliverables of these creators and brands, in SQL: the
 * creators' own endpoints, the brands' endpoints (only while the member who registered one still
 * belongs to the brand) and, with `admins`, every administrator's own endpoints.
 * `webhookAlias` names the `webhooks` row, `ownerAlias` the `users` row of its owner.
 */
export function webhookRecipients(
  webhookAlias: string,
  ownerAlias: string,
  audience: { creatorIds: string[]; brandIds: string[]; admins: boolean },
): Sql {
  const webhook = identifier(webhookAlias);
  const owner = identifier(ownerAlias);
  return sql`(${webhook}.creator_id = ANY (${audience.creatorIds}::uuid[])
               OR (${webhook}.brand_id = ANY (${audience.brandIds}::uuid[])
                   AND EXISTS (SELECT 1 FROM brand_members m
                                WHERE m.brand_id = ${webhook}.brand_id AND m.user_id = ${webhook}.owner_user_id))
               OR (${audience.admins} AND ${webhook}.brand_id IS NULL AND ${owner}.is_admin))`;
}

/**
 * The same rule for one deliverable, on an endpoint `webhookRecipients` returned: its creator's,
 * its deal's brand's and, with `admins`, an administrator's own endpoint hear of it.
 */
export function recipientHears(
  endpoint: WebhookRecipient,
  deliverable: { creatorId: string; brandId: string },
  admins: boolean,
): boolean {
  return (
    (admins && endpoint.is_admin && !endpoint.brand_id) ||
    deliverable.creatorId === endpoint.creator_id ||
    deliverable.brandId === endpoint.brand_id
  );
}
