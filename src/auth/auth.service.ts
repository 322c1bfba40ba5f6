import { Injectable } from '@nestjs/common';
import { addDays } from 'date-fns';
import { DataSource, type EntityManager } from 'typeorm';
import { BrandEntity, BrandMemberEntity } from '../brands/brand.entity';
import { AppConfig } from '../config/app-config';
import { CreatorEntity } from '../creators/creator.entity';
import { AppError, badInput, ErrorCode, notFound } from '../common/errors/app-error';
import { isKnownCurrency } from '../common/money';
import { isTimeZone } from '../common/validation/time-zone';
import { isUuid } from '../common/validation/uuid';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';
import { SignInThrottle, SignUpThrottle } from '../security/sign-in-throttle.service';
import { AccessTokenEntity } from './access-token.entity';
import type { CreateAccessTokenInput, SignInInput, SignUpInput } from './dto/auth.input';
import { passwordProblem } from './password-policy';
import {
  dummyPasswordHash,
  generateSecret,
  hashPassword,
  hashSecret,
  verifyPassword,
} from './secrets';
import { UserEntity } from './user.entity';
import type { Viewer } from './viewer';

export interface IssuedToken {
  token: string;
  user: UserEntity;
  accessToken: AccessTokenEntity;
}

// Touching last_used_at on every request would turn each read into a write.
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly signInThrottle: SignInThrottle,
    private readonly signUpThrottle: SignUpThrottle,
  ) {}

  /**
   * `clientAddress` is the caller's address (`req.ip`): attempts are counted per email and per
   * address (SignUpThrottle), since the EMAIL_TAKEN answer says which emails have an account.
   * Omitted only by in-process callers that no client can reach (the demo loader).
   */
  async signUp(input: SignUpInput, clientAddress?: string): Promise<IssuedToken> {
    const email = input.email.trim().toLowerCase();
    this.checkSignUp(input, email);
    // Before the existence check, the scrypt hash and the transaction: a refused attempt learns
    // nothing, costs no CPU and writes nothing.
    if (clientAddress !== undefined) await this.signUpThrottle.attempt(email, clientAddress);
    const passwordHash = await hashPassword(input.password, this.config.PASSWORD_HASH_COST);
    return this.dataSource.transaction(async (manager) => {
      // Serialises sign-ups so that exactly one user can be the first (the admin).
      await manager.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
      const existing = await manager.query<Array<{ taken: boolean; empty: boolean }>>(
        `SELECT EXISTS (SELECT 1 FROM users WHERE email = $1) AS taken, NOT EXISTS (SELECT 1 FROM users) AS empty`,
        [email],
      );
      if (existing[0].taken) {
        throw new AppError(ErrorCode.CONFLICT, 'An account with this email already exists', {
          reason: 'EMAIL_TAKEN',
          fields: ['input.email'],
        });
      }
      const user = await manager.save(
        manager.create(UserEntity, {
          email,
          passwordHash,
          role: input.role,
          isAdmin: existing[0].empty,
        }),
      );
      if (input.role === 'CREATOR') {
        await manager.save(
          manager.create(CreatorEntity, {
            userId: user.id,
            displayName: input.displayName!.trim(),
            homeCurrency: input.homeCurrency ?? 'USD',
            timeZone: input.timeZone ?? 'UTC',
          }),
        );
      } else if (input.brandName) {
        const brand = await manager.save(
          manager.create(BrandEntity, { name: input.brandName.trim() }),
        );
        await manager.save(
          manager.create(BrandMemberEntity, { brandId: brand.id, userId: user.id }),
        );
      }
      return this.issueToken(
        manager,
        user,
        'sign-up',
        addDays(new Date(), this.config.SESSION_TOKEN_DAYS),
      );
    });
  }

  /**
   * `clientAddress` is the caller's address (`req.ip`): failed attempts are counted per email and
   * per address, slowed, then refused for a while (SignInThrottle), known emails or not.
   */
  async signIn(input: SignInInput, clientAddress: string): Promise<IssuedToken> {
    const email = input.email.trim().toLowerCase();
    const attempt = await this.signInThrottle.attempt(email, clientAddress);
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email });
    // Verify against a dummy hash for unknown emails so timing does not reveal which exist.
    const valid = await verifyPassword(
      input.password,
      user?.passwordHash ?? dummyPasswordHash(this.config.PASSWORD_HASH_COST),
    );
    if (!user || !valid) {
      await attempt.failed();
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Email or password is incorrect', {
        reason: 'BAD_CREDENTIALS',
      });
    }
    await attempt.succeeded();
    return this.dataSource.transaction((manager) =>
      this.issueToken(
        manager,
        user,
        'sign-in',
        addDays(new Date(), this.config.SESSION_TOKEN_DAYS),
      ),
    );
  }

  async createAccessToken(viewer: Viewer, input: CreateAccessTokenInput): Promise<IssuedToken> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOneByOrFail({ id: viewer.userId });
    const expiresAt = input.expiresInDays ? addDays(new Date(), input.expiresInDays) : null;
    return this.dataSource.transaction(async (manager) => {
      // Idempotency-Key: the key is taken in this transaction, so a retry cannot mint a second token.
      await claimIdempotencyKey(manager);
      return this.issueToken(manager, user, input.name.trim(), expiresAt);
    });
  }

  async revokeAccessToken(viewer: Viewer, tokenId: string): Promise<AccessTokenEntity> {
    const repository = this.dataSource.getRepository(AccessTokenEntity);
    const token = await repository.findOneBy({ id: tokenId, userId: viewer.userId });
    if (!token) throw notFound('Access token', tokenId);
    if (!token.revokedAt) {
      token.revokedAt = new Date();
      await repository.update({ id: token.id }, { revokedAt: token.revokedAt });
    }
    return token;
  }

  listAccessTokens(viewer: Viewer): Promise<AccessTokenEntity[]> {
    return this.dataSource
      .getRepository(AccessTokenEntity)
      .find({ where: { userId: viewer.userId }, order: { createdAt: 'DESC' } });
  }

  findUser(userId: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
  }

  /** The caller behind a bearer secret, or null when it is unknown, expired or revoked. */
  async viewerForToken(secret: string): Promise<Viewer | null> {
    if (!/^dl_tok_[A-Za-z0-9_-]{43}$/.test(secret)) return null;
    const row = await this.loadViewer({
      tokenColumns: 't.id AS token_id, t.last_used_at',
      join: 'JOIN access_tokens t ON t.user_id = u.id',
      where: `t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
      groupBy: ', t.id',
      parameter: hashSecret(secret),
    });
    if (!row) return null;
    const lastUsed = row.last_used_at ? new Date(row.last_used_at).getTime() : 0;
    if (Date.now() - lastUsed > LAST_USED_RESOLUTION_MS) {
      await this.dataSource.query(`UPDATE access_tokens SET last_used_at = now() WHERE id = $1`, [
        row.token_id,
      ]);
    }
    return row.viewer;
  }

  /**
   * The user as a caller, with their current roles and memberships: for a signed link, which
   * acts for the user who minted it with whatever access they have when it is opened.
   */
  async viewerForUser(userId: string): Promise<Viewer | null> {
    if (!isUuid(userId)) return null;
    const row = await this.loadViewer({
      tokenColumns: "'' AS token_id, NULL::timestamptz AS last_used_at",
      join: '',
      where: 'u.id = $1',
      groupBy: '',
      parameter: userId,
    });
    return row?.viewer ?? null;
  }

  private async loadViewer(query: {
    tokenColumns: string;
    join: string;
    where: string;
    groupBy: string;
    parameter: string;
  }): Promise<{ viewer: Viewer; token_id: string; last_used_at: Date | null } | null> {
    const rows = await this.dataSource.query<
      Array<{
        token_id: string;
        last_used_at: Date | null;
        user_id: string;
        email: string;
        role: 'CREATOR' | 'BRAND';
        is_admin: boolean;
        creator_id: string | null;
        brand_ids: string[];
      }>
    >(
      `SELECT ${query.tokenColumns}, u.id AS user_id, u.email, u.role, u.is_admin, c.id AS creator_id,
              COALESCE(array_agg(m.brand_id::text) FILTER (WHERE m.brand_id IS NOT NULL), '{}') AS brand_ids
         FROM users u
         ${query.join}
         LEFT JOIN creators c ON c.user_id = u.id
         LEFT JOIN brand_members m ON m.user_id = u.id
        WHERE ${query.where}
        GROUP BY u.id, c.id${query.groupBy}`,
      [query.parameter],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      token_id: row.token_id,
      last_used_at: row.last_used_at,
      viewer: {
        userId: row.user_id,
        email: row.email,
        role: row.role,
        isAdmin: row.is_admin,
        tokenId: row.token_id,
        creatorId: row.creator_id,
        brandIds: row.brand_ids,
      },
    };
  }

  private checkSignUp(input: SignUpInput, email: string): void {
    const weakness = passwordProblem(input.password, email);
    if (weakness) throw badInput(weakness.message, ['input.password'], weakness.reason);
    if (input.role === 'CREATOR') {
      if (!input.displayName?.trim()) {
        throw badInput(
          'A creator needs a displayName',
          ['input.displayName'],
          'DISPLAY_NAME_REQUIRED',
        );
      }
      if (input.homeCurrency !== undefined && !isKnownCurrency(input.homeCurrency)) {
        throw badInput(
          `Unknown currency "${input.homeCurrency}"; use an ISO 4217 code such as USD`,
          ['input.homeCurrency'],
          'UNKNOWN_CURRENCY',
        );
      }
      if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
        throw badInput(
          `Unknown time zone "${input.timeZone}"; use an IANA name such as Europe/London`,
          ['input.timeZone'],
          'UNKNOWN_TIME_ZONE',
        );
      }
      if (input.brandName) {
        throw badInput('brandName is for BRAND accounts', ['input.brandName'], 'NOT_FOR_ROLE');
      }
    } else if (input.displayName || input.homeCurrency || input.timeZone) {
      throw badInput(
        'displayName, homeCurrency and timeZone are for CREATOR accounts',
        ['input.role'],
        'NOT_FOR_ROLE',
      );
    }
  }

  private async issueToken(
    manager: EntityManager,
    user: UserEntity,
    name: string,
    expiresAt: Date | null,
  ): Promise<IssuedToken> {
    const token = generateSecret('dl_tok');
    const accessToken = await manager.save(
      manager.create(AccessTokenEntity, {
        userId: user.id,
        name,
        tokenHash: hashSecret(token),
        expiresAt,
      }),
    );
    return { token, user, accessToken };
  }
}
