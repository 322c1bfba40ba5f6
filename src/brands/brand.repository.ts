import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { groupRows } from '../common/dataloader/loaders';
import { keysetSqlPage } from '../common/database/keyset-page';
import { containsPattern } from '../common/database/like-pattern';
import { identifier, joinSql, sql, sqlText, type Sql } from '../common/database/sql';
import type { Connection, PageRequest } from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import { BrandEntity, BrandInvitationEntity } from './brand.entity';
import { BRAND_COLUMNS, brandFromRow, isUnclaimedSql, type BrandRow } from './brand.rows';

const B_COLUMNS = sqlText(BRAND_COLUMNS('b'));
const B_UNCLAIMED = sqlText(isUnclaimedSql('b'));

/**
 * Who may read a brand invitation, written once: the members of its brand and whoever sent it
 * (who may since have left the brand). The invitee reads it only once they belong to the brand.
 * `invitationAlias` names the `brand_invitations` row.
 */
export function visibleBrandInvitations(viewer: Viewer, invitationAlias: string): Sql {
  const invitation = identifier(invitationAlias);
  return sql`(${invitation}.brand_id = ANY (${viewer.brandIds}::uuid[]) OR ${invitation}.invited_by_user_id = ${viewer.userId}::uuid)`;
}

/**
 * Which brands (as `b`) a caller may look up and put on a deal: every claimed brand, plus the
 * unclaimed ones the caller's own creator profile named. Another creator's unclaimed brand stays
 * private: its creator controls who claims it, so letting others attach deals to it would let
 * that creator read their deals through a brand account of their own.
 */
function selectable(creatorId: string | null): Sql {
  return creatorId
    ? sql`(NOT ${B_UNCLAIMED} OR b.created_by_creator_id = ${creatorId}::uuid)`
    : sql`NOT ${B_UNCLAIMED}`;
}

/** A pending invitation as read (and locked) for acceptance. */
export interface InvitationToAccept {
  id: string;
  brandId: string;
  email: string | null;
  invitedByUserId: string;
  acceptedAt: Date | null;
  expired: boolean;
}

/**
 * The SQL of brands, their members and their invitations. Methods take the caller's transaction
 * as `manager` where a service writes several rows in one.
 */
@Injectable()
export class BrandRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One page of the brands a caller (`creatorId`, null for none) may select, by name
   * (case-insensitive, then exact name, then id), forward or backward; then (a second statement)
   * how many match.
   */
  async page(
    options: { creatorId: string | null; search?: string },
    paging: PageRequest,
  ): Promise<Connection<BrandEntity>> {
    const conditions = [selectable(options.creatorId)];
    if (options.search) {
      conditions.push(sql`b.name ILIKE ${containsPattern(options.search)} ESCAPE '\\'`);
    }
    return keysetSqlPage(
      this.dataSource,
      {
        select: B_COLUMNS,
        from: sqlText('brands b'),
        where: conditions,
        order: {
          columns: [sqlText('lower(b.name)'), sqlText('b.name'), sqlText('b.id')],
          direction: 'ASC',
          cursorValues: ([name, id]) =>
            isUuid(id) ? [sql`lower(${name}::text)`, sql`${name}::text`, sql`${id}::uuid`] : null,
        },
        cursorOf: (row: BrandRow) => [row.name, row.id],
      },
      paging,
      brandFromRow,
      // Counted with the page, as the directory always did (two statements).
      (
        await this.query<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM brands b WHERE ${joinSql(conditions)}`,
        )
      )[0].n,
    );
  }

  /** The brands with these ids, in the order given, null where there is none. One statement. */
  async findByIds(ids: readonly string[]): Promise<Array<BrandEntity | null>> {
    const rows = await this.db().findBy(BrandEntity, { id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** For each user id, the brands they are a member of, by name. One statement. */
  async brandsOfMembers(userIds: readonly string[]): Promise<BrandEntity[][]> {
    const rows = await this.query<BrandRow & { member_user_id: string }>(
      sql`SELECT ${B_COLUMNS}, m.user_id AS member_user_id
            FROM brand_members m
            JOIN brands b ON b.id = m.brand_id
           WHERE m.user_id = ANY(${[...userIds]}::uuid[])
           ORDER BY lower(b.name), b.name, b.id`,
    );
    return groupRows(userIds, rows, (row) => row.member_user_id).map((group) =>
      group.map(brandFromRow),
    );
  }

  /** Which of these brand ids the creator may put on a deal (lower-case ids). */
  async selectableIds(
    brandIds: readonly string[],
    creatorId: string,
    manager?: EntityManager,
  ): Promise<Set<string>> {
    const brands = await this.findSelectable(brandIds, creatorId, manager);
    return new Set(brands.map((brand) => brand.id.toLowerCase()));
  }

  /**
   * The brands among `brandIds` the creator may select (claimed, or unclaimed and named by them),
   * in no particular order. One statement.
   */
  async findSelectable(
    brandIds: readonly string[],
    creatorId: string,
    manager?: EntityManager,
  ): Promise<BrandEntity[]> {
    if (brandIds.length === 0) return [];
    const rows = await this.query<BrandRow>(
      sql`SELECT ${B_COLUMNS} FROM brands b WHERE b.id = ANY(${[...new Set(brandIds)]}::uuid[]) AND ${selectable(creatorId)}`,
      manager,
    );
    return rows.map(brandFromRow);
  }

  /**
   * Serialises the creation of the brands a creator names (case-insensitive), so that two deals
   * naming the same new brand at once end up with one brand. Until the transaction ends; taken
   * in one order (by key), so that two imports naming the same brands cannot deadlock.
   */
  async lockBrandNames(
    creatorId: string,
    names: readonly string[],
    manager: EntityManager,
  ): Promise<void> {
    await this.query(
      sql`SELECT count(pg_advisory_xact_lock(k.key))
            FROM (SELECT DISTINCT hashtextextended('brand-name:' || ${creatorId} || ':' || lower(n.name), 0) AS key
                    FROM unnest(${[...new Set(names)]}::text[]) AS n(name)
                   ORDER BY 1) AS k`,
      manager,
    );
  }

  /**
   * For each of `names` (trimmed), the oldest still-unclaimed brand this creator named like it
   * (case-insensitive), keyed by the name as given; the names without one get a new brand, one
   * per name ignoring case, spelled as first given. Take {@link lockBrandNames} first. One
   * statement.
   */
  async findOrCreateNamedBy(
    creatorId: string,
    names: readonly string[],
    manager: EntityManager,
  ): Promise<Map<string, BrandEntity>> {
    if (names.length === 0) return new Map();
    const rows = await this.query<BrandRow & { given: string }>(
      sql`WITH given AS (
            SELECT n.given, n.ord, lower(n.given) AS key
              FROM unnest(${[...new Set(names)]}::text[]) WITH ORDINALITY AS n(given, ord)
          ), found AS (
            SELECT DISTINCT ON (lower(b.name)) lower(b.name) AS key, ${B_COLUMNS}
              FROM brands b
             WHERE b.created_by_creator_id = ${creatorId}::uuid
               AND lower(b.name) IN (SELECT key FROM given) AND ${B_UNCLAIMED}
             ORDER BY lower(b.name), b.created_at, b.id
          ), created AS (
            INSERT INTO brands AS b (name, created_by_creator_id)
            SELECT DISTINCT ON (g.key) g.given, ${creatorId}::uuid
              FROM given g
             WHERE g.key NOT IN (SELECT key FROM found)
             ORDER BY g.key, g.ord
            RETURNING ${B_COLUMNS}
          )
          SELECT g.given, x.id, x.name, x.created_by_creator_id, x.created_at
            FROM given g
            JOIN (SELECT key, id, name, created_by_creator_id, created_at FROM found
                  UNION ALL
                  SELECT lower(name), id, name, created_by_creator_id, created_at FROM created) AS x
              ON x.key = g.key`,
      manager,
    );
    return new Map(rows.map((row) => [row.given, brandFromRow(row)]));
  }

  /**
   * Claimed brands named like one of `names` (case-insensitive, trimmed), keyed by the name as
   * given; the oldest when several share a name. One statement.
   */
  async claimedBrandsNamed(
    names: readonly string[],
    manager?: EntityManager,
  ): Promise<Map<string, { id: string; name: string }>> {
    const rows = await this.query<{ given: string; id: string; name: string }>(
      sql`SELECT DISTINCT ON (n.given) n.given, b.id, b.name
            FROM unnest(${[...new Set(names)]}::text[]) AS n(given)
            JOIN brands b ON lower(btrim(b.name)) = lower(btrim(n.given))
           WHERE NOT ${B_UNCLAIMED}
           ORDER BY n.given, b.created_at, b.id`,
      manager,
    );
    return new Map(rows.map((row) => [row.given, { id: row.id, name: row.name }]));
  }

  /**
   * Whether `userId` is a member of the brand, and whether `creatorId` named it while it is
   * unclaimed; null when there is no such brand.
   */
  async inviterStanding(
    brandId: string,
    userId: string,
    creatorId: string | null,
  ): Promise<{ isMember: boolean; isNamingCreator: boolean } | null> {
    const [row] = await this.query<{ is_member: boolean; is_naming_creator: boolean | null }>(
      sql`SELECT EXISTS (SELECT 1 FROM brand_members m WHERE m.brand_id = b.id AND m.user_id = ${userId}) AS is_member,
                 (${B_UNCLAIMED} AND b.created_by_creator_id = ${creatorId}::uuid) AS is_naming_creator
            FROM brands b
           WHERE b.id = ${brandId}`,
    );
    return row
      ? { isMember: row.is_member, isNamingCreator: row.is_naming_creator === true }
      : null;
  }

  createInvitation(
    invitation: Pick<
      BrandInvitationEntity,
      'brandId' | 'codeHash' | 'email' | 'invitedByUserId' | 'expiresAt'
    >,
    manager?: EntityManager,
  ): Promise<BrandInvitationEntity> {
    const repository = this.db(manager).getRepository(BrandInvitationEntity);
    return repository.save(
      repository.create({ ...invitation, acceptedAt: null, acceptedByUserId: null }),
    );
  }

  /**
   * The invitation with this code hash, locked with its brand (so a code is used once and
   * concurrent acceptances see each other); null when there is none.
   */
  async lockInvitation(
    codeHash: string,
    now: Date,
    manager: EntityManager,
  ): Promise<InvitationToAccept | null> {
    const [row] = await this.query<{
      id: string;
      brand_id: string;
      email: string | null;
      invited_by_user_id: string;
      accepted_at: Date | null;
      expired: boolean;
    }>(
      sql`SELECT i.id, i.brand_id, i.email, i.invited_by_user_id, i.accepted_at, i.expires_at <= ${now} AS expired
            FROM brand_invitations i
            JOIN brands b ON b.id = i.brand_id
           WHERE i.code_hash = ${codeHash}
             FOR UPDATE OF i
             FOR NO KEY UPDATE OF b`,
      manager,
    );
    return row
      ? {
          id: row.id,
          brandId: row.brand_id,
          email: row.email,
          invitedByUserId: row.invited_by_user_id,
          acceptedAt: row.accepted_at,
          expired: row.expired,
        }
      : null;
  }

  /**
   * The brand, whether `userId` is already a member, and whether `inviterUserId` may still invite
   * to it (a member, or the creator who named it while it is unclaimed). A fresh statement, so
   * called after the locks it sees memberships committed meanwhile.
   */
  async acceptanceState(
    brandId: string,
    userId: string,
    inviterUserId: string,
    manager: EntityManager,
  ): Promise<{ brand: BrandEntity; alreadyMember: boolean; inviterMayInvite: boolean }> {
    const [row] = await this.query<
      BrandRow & { already_member: boolean; inviter_may_invite: boolean }
    >(
      sql`SELECT ${B_COLUMNS},
                 EXISTS (SELECT 1 FROM brand_members m WHERE m.brand_id = b.id AND m.user_id = ${userId}) AS already_member,
                 (EXISTS (SELECT 1 FROM brand_members m WHERE m.brand_id = b.id AND m.user_id = ${inviterUserId})
                  OR (${B_UNCLAIMED}
                      AND b.created_by_creator_id IN (SELECT c.id FROM creators c WHERE c.user_id = ${inviterUserId}))) AS inviter_may_invite
            FROM brands b
           WHERE b.id = ${brandId}`,
      manager,
    );
    return {
      brand: brandFromRow(row),
      alreadyMember: row.already_member,
      inviterMayInvite: row.inviter_may_invite,
    };
  }

  async markInvitationAccepted(
    invitationId: string,
    userId: string,
    manager?: EntityManager,
  ): Promise<void> {
    await this.query(
      sql`UPDATE brand_invitations SET accepted_at = now(), accepted_by_user_id = ${userId} WHERE id = ${invitationId}`,
      manager,
    );
  }

  /** A brand created by sign-up: claimed from the start, since its first member joins with it. */
  async insertBrand(name: string, manager?: EntityManager): Promise<BrandEntity> {
    const db = this.db(manager);
    return db.save(db.create(BrandEntity, { name }));
  }

  async addMember(brandId: string, userId: string, manager?: EntityManager): Promise<void> {
    await this.query(
      sql`INSERT INTO brand_members (brand_id, user_id) VALUES (${brandId}, ${userId})`,
      manager,
    );
  }

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  private query<T>(statement: Sql, manager?: EntityManager): Promise<T[]> {
    return this.db(manager).query<T[]>(statement.text, statement.values);
  }
}
