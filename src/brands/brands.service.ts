import { containsPattern } from '../common/database/like-pattern';
import { Injectable } from '@nestjs/common';
import { addDays } from 'date-fns';
import { DataSource, type EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { generateSecret, hashSecret } from '../auth/secrets';
import { AppConfig } from '../config/app-config';
import { badInput, forbidden } from '../common/errors/app-error';
import {
  decodeCursor,
  pageSize,
  toConnection,
  type Connection,
} from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import { BrandEntity, BrandInvitationEntity } from './brand.entity';
import {
  alreadyMember,
  brandHasAccount,
  brandNotFound,
  brandRefRequired,
  invitationExpired,
  invitationNotFound,
  invitationRevoked,
  invitationUsed,
  unknownBrand,
} from './brand.errors';
import {
  BRAND_COLUMNS,
  brandFromRow,
  brandSelectableSql,
  isUnclaimedSql,
  type BrandRow,
} from './brand.rows';
import type { CreateBrandInvitationInput } from './dto/brand-invitation.input';
import type { BrandsArgs } from './dto/brands.args';

/** How a deal names its brand: an existing brand's id, or a name to file the deal under. */
export interface BrandRef {
  brandId?: string | null;
  brandName?: string | null;
}

export interface IssuedInvitation {
  code: string;
  invitation: BrandInvitationEntity;
}

const INVITATION_CODE = /^dl_inv_[A-Za-z0-9_-]{43}$/;
const MAX_BRAND_NAME = 200;

@Injectable()
export class BrandsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * The brand directory, by name (case-insensitive, then exact name, then id) with keyset
   * pagination: two statements whatever the page size.
   */
  async search(viewer: Viewer, args: BrandsArgs): Promise<Connection<BrandEntity>> {
    const size = pageSize(args);
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions = [
      brandSelectableSql('b', viewer.creatorId ? `${param(viewer.creatorId)}::uuid` : null),
    ];
    const search = args.search?.trim();
    if (search) conditions.push(`b.name ILIKE ${param(containsPattern(search))} ESCAPE '\\'`);
    const filter = conditions.join(' AND ');
    const filterParams = [...params];

    let keyset = '';
    if (args.after) {
      const [afterName, afterId] = decodeCursor(args.after);
      if (!isUuid(afterId)) {
        throw badInput('The cursor is not one this API issued', ['after'], 'INVALID_CURSOR');
      }
      const name = param(afterName);
      keyset = ` AND (lower(b.name), b.name, b.id) > (lower(${name}::text), ${name}::text, ${param(afterId)}::uuid)`;
    }
    const rows = await this.dataSource.query<BrandRow[]>(
      `SELECT ${BRAND_COLUMNS('b')}
         FROM brands b
        WHERE ${filter}${keyset}
        ORDER BY lower(b.name), b.name, b.id
        LIMIT ${param(size + 1)}`,
      params,
    );
    const counted = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM brands b WHERE ${filter}`,
      filterParams,
    );
    return toConnection(rows, size, counted[0].n, (row) => [row.name, row.id], brandFromRow);
  }

  /**
   * The brand a creator's deal is with, inside the caller's transaction. `brandId` must name a
   * brand the creator may select (any claimed brand, or an unclaimed one they named); `brandName`
   * reuses an unclaimed brand this creator named the same way (case-insensitive) or creates one.
   * Naming a brand grants nobody access to anything: access comes only from brand_members.
   *
   * @param field the input path of the brand reference, e.g. `input`, for error `fields`.
   * A name matching (case-insensitive, trimmed) a brand that has an account is refused: the
   * deal must name that brand by id, or its members would never see it.
   *
   * @throws BAD_USER_INPUT `UNKNOWN_BRAND` on `${field}.brandId`, `BRAND_REF_REQUIRED`,
   *   `INVALID_BRAND_NAME`, `BRAND_HAS_ACCOUNT` on `${field}.brandName` (with `brandId`).
   */
  async findOrCreateForDeal(
    manager: EntityManager,
    creatorId: string,
    ref: BrandRef,
    field: string,
  ): Promise<BrandEntity> {
    const hasId = ref.brandId !== undefined && ref.brandId !== null;
    const hasName = ref.brandName !== undefined && ref.brandName !== null;
    if (hasId === hasName) throw brandRefRequired(field);

    if (hasId) {
      const brandId = ref.brandId!;
      if (!isUuid(brandId)) throw unknownBrand(`${field}.brandId`, brandId);
      const rows = await manager.query<BrandRow[]>(
        `SELECT ${BRAND_COLUMNS('b')} FROM brands b WHERE b.id = $1 AND ${brandSelectableSql('b', '$2::uuid')}`,
        [brandId, creatorId],
      );
      if (!rows[0]) throw unknownBrand(`${field}.brandId`, brandId);
      return brandFromRow(rows[0]);
    }

    const name = ref.brandName!.trim();
    if (name.length < 1 || name.length > MAX_BRAND_NAME) {
      throw badInput(
        `brandName must be 1–${MAX_BRAND_NAME} characters`,
        [`${field}.brandName`],
        'INVALID_BRAND_NAME',
      );
    }
    // A brand with an account is the real one: filing the deal under a private namesake would
    // hide it from that brand for good. Its members may read it only if the deal names its id.
    const claimed = (await this.claimedBrandsNamed(manager, [name])).get(name);
    if (claimed) throw brandHasAccount(`${field}.brandName`, claimed.id, claimed.name);
    // Two deals naming the same new brand at once must end up with one brand, not two.
    await manager.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('brand-name:' || $1 || ':' || lower($2), 0))`,
      [creatorId, name],
    );
    const existing = await manager.query<BrandRow[]>(
      `SELECT ${BRAND_COLUMNS('b')}
         FROM brands b
        WHERE b.created_by_creator_id = $1 AND lower(b.name) = lower($2) AND ${isUnclaimedSql('b')}
        ORDER BY b.created_at, b.id
        LIMIT 1`,
      [creatorId, name],
    );
    if (existing[0]) return brandFromRow(existing[0]);
    return manager.save(manager.create(BrandEntity, { name, createdByCreatorId: creatorId }));
  }

  /**
   * Brands with an account (claimed) named like one of `names`: case-insensitive (as PostgreSQL
   * lowercases) and ignoring surrounding spaces, keyed by the name exactly as given. When several
   * claimed brands share a name, the oldest. One statement.
   */
  async claimedBrandsNamed(
    manager: EntityManager,
    names: readonly string[],
  ): Promise<Map<string, { id: string; name: string }>> {
    if (names.length === 0) return new Map();
    const rows = await manager.query<Array<{ given: string; id: string; name: string }>>(
      `SELECT DISTINCT ON (n.given) n.given, b.id, b.name
         FROM unnest($1::text[]) AS n(given)
         JOIN brands b ON lower(btrim(b.name)) = lower(btrim(n.given))
        WHERE NOT ${isUnclaimedSql('b')}
        ORDER BY n.given, b.created_at, b.id`,
      [[...new Set(names)]],
    );
    return new Map(rows.map((row) => [row.given, { id: row.id, name: row.name }]));
  }

  /**
   * Brand members may invite to their brand; while a brand is unclaimed, so may the creator who
   * named it (to hand it over to the real brand). Anyone else gets NOT_FOUND.
   */
  async createInvitation(
    viewer: Viewer,
    input: CreateBrandInvitationInput,
  ): Promise<IssuedInvitation> {
    const brandId = input.brandId;
    if (!isUuid(brandId)) throw brandNotFound(brandId);
    const rows = await this.dataSource.query<
      Array<{ is_member: boolean; is_naming_creator: boolean | null }>
    >(
      `SELECT EXISTS (SELECT 1 FROM brand_members m WHERE m.brand_id = b.id AND m.user_id = $2) AS is_member,
              (${isUnclaimedSql('b')} AND b.created_by_creator_id = $3::uuid) AS is_naming_creator
         FROM brands b
        WHERE b.id = $1`,
      [brandId, viewer.userId, viewer.creatorId],
    );
    const access = rows[0];
    const allowed =
      access !== undefined &&
      ((viewer.role === 'BRAND' && access.is_member) ||
        (viewer.role === 'CREATOR' &&
          viewer.creatorId !== null &&
          access.is_naming_creator === true));
    if (!allowed) throw brandNotFound(brandId);

    const code = generateSecret('dl_inv');
    const repository = this.dataSource.getRepository(BrandInvitationEntity);
    const invitation = await repository.save(
      repository.create({
        brandId,
        codeHash: hashSecret(code),
        email: input.email ? input.email.trim().toLowerCase() : null,
        invitedByUserId: viewer.userId,
        expiresAt: addDays(new Date(), this.config.INVITATION_DAYS),
        acceptedAt: null,
        acceptedByUserId: null,
      }),
    );
    return { code, invitation };
  }

  /**
   * Joins the caller (a brand user) to the invitation's brand, atomically: the invitation and
   * the brand are locked, so a code is used once and concurrent acceptances see each other.
   */
  async acceptInvitation(viewer: Viewer, code: string): Promise<BrandEntity> {
    if (viewer.role !== 'BRAND') {
      throw forbidden('Only brand accounts can join a brand; creators keep their own deals');
    }
    if (!INVITATION_CODE.test(code)) throw invitationNotFound();
    return this.dataSource.transaction(async (manager) => {
      const found = await manager.query<
        Array<{
          id: string;
          brand_id: string;
          email: string | null;
          invited_by_user_id: string;
          accepted_at: Date | null;
          expired: boolean;
        }>
      >(
        `SELECT i.id, i.brand_id, i.email, i.invited_by_user_id, i.accepted_at, i.expires_at <= now() AS expired
           FROM brand_invitations i
           JOIN brands b ON b.id = i.brand_id
          WHERE i.code_hash = $1
            FOR UPDATE OF i
            FOR NO KEY UPDATE OF b`,
        [hashSecret(code)],
      );
      const invitation = found[0];
      // An invitation bound to someone else reads like an unknown code.
      if (!invitation || (invitation.email !== null && invitation.email !== viewer.email)) {
        throw invitationNotFound();
      }
      if (invitation.accepted_at !== null) throw invitationUsed();
      if (invitation.expired) throw invitationExpired();

      // A fresh statement after the locks, so it sees memberships committed while we waited.
      const states = await manager.query<
        Array<BrandRow & { already_member: boolean; inviter_may_invite: boolean }>
      >(
        `SELECT ${BRAND_COLUMNS('b')},
                EXISTS (SELECT 1 FROM brand_members m WHERE m.brand_id = b.id AND m.user_id = $2) AS already_member,
                (EXISTS (SELECT 1 FROM brand_members m WHERE m.brand_id = b.id AND m.user_id = $3)
                 OR (${isUnclaimedSql('b')}
                     AND b.created_by_creator_id IN (SELECT c.id FROM creators c WHERE c.user_id = $3))) AS inviter_may_invite
           FROM brands b
          WHERE b.id = $1`,
        [invitation.brand_id, viewer.userId, invitation.invited_by_user_id],
      );
      const state = states[0];
      if (state.already_member) throw alreadyMember();
      // The inviter left the brand, or the creator who named it was overtaken by a claim.
      if (!state.inviter_may_invite) throw invitationRevoked();

      await manager.query(
        `UPDATE brand_invitations SET accepted_at = now(), accepted_by_user_id = $2 WHERE id = $1`,
        [invitation.id, viewer.userId],
      );
      await manager.query(`INSERT INTO brand_members (brand_id, user_id) VALUES ($1, $2)`, [
        invitation.brand_id,
        viewer.userId,
      ]);
      return brandFromRow(state);
    });
  }
}
