import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { sql, type Sql } from '../common/database/sql';
import { AccessTokenEntity } from './access-token.entity';
import { UserEntity } from './user.entity';
import type { Viewer } from './viewer';

interface ViewerRow {
  token_id: string;
  last_used_at: Date | null;
  user_id: string;
  email: string;
  role: 'CREATOR' | 'BRAND';
  is_admin: boolean;
  creator_id: string | null;
  brand_ids: string[];
}

export interface LoadedViewer {
  viewer: Viewer;
  tokenId: string;
  lastUsedAt: Date | null;
}

/** All SQL for users and access tokens. */
@Injectable()
export class AuthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Serialises sign-ups (so exactly one user can be the first, the administrator) and says
   * whether the email is taken and whether there is no user yet.
   */
  async lockUsersForSignUp(
    manager: EntityManager,
    email: string,
  ): Promise<{ taken: boolean; empty: boolean }> {
    await manager.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
    const statement = sql`SELECT EXISTS (SELECT 1 FROM users WHERE email = ${email}) AS taken,
                                 NOT EXISTS (SELECT 1 FROM users) AS empty`;
    const [row] = await manager.query<Array<{ taken: boolean; empty: boolean }>>(
      statement.text,
      statement.values,
    );
    return row;
  }

  insertUser(manager: EntityManager, user: Partial<UserEntity>): Promise<UserEntity> {
    return manager.save(manager.create(UserEntity, user));
  }

  insertAccessToken(
    manager: EntityManager,
    token: Partial<AccessTokenEntity>,
  ): Promise<AccessTokenEntity> {
    return manager.save(manager.create(AccessTokenEntity, token));
  }

  findUserByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ email });
  }

  findUser(userId: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
  }

  findOwnToken(userId: string, tokenId: string): Promise<AccessTokenEntity | null> {
    return this.dataSource.getRepository(AccessTokenEntity).findOneBy({ id: tokenId, userId });
  }

  async revokeToken(tokenId: string, at: Date): Promise<void> {
    await this.dataSource
      .getRepository(AccessTokenEntity)
      .update({ id: tokenId }, { revokedAt: at });
  }

  listTokens(userId: string): Promise<AccessTokenEntity[]> {
    return this.dataSource
      .getRepository(AccessTokenEntity)
      .find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  async touchToken(tokenId: string, at: Date): Promise<void> {
    const statement = sql`UPDATE access_tokens SET last_used_at = ${at} WHERE id = ${tokenId}`;
    await this.dataSource.query(statement.text, statement.values);
  }

  /** The caller behind a live token (not revoked, not expired at `now`). */
  viewerForTokenHash(tokenHash: string, now: Date): Promise<LoadedViewer | null> {
    return this.loadViewer(
      sql`t.id AS token_id, t.last_used_at`,
      sql`JOIN access_tokens t ON t.user_id = u.id`,
      sql`t.token_hash = ${tokenHash} AND t.revoked_at IS NULL
          AND (t.expires_at IS NULL OR t.expires_at > ${now})`,
      sql`, t.id`,
    );
  }

  viewerForUser(userId: string): Promise<LoadedViewer | null> {
    return this.loadViewer(
      sql`'' AS token_id, NULL::timestamptz AS last_used_at`,
      sql``,
      sql`u.id = ${userId}`,
      sql``,
    );
  }

  private async loadViewer(
    tokenColumns: Sql,
    join: Sql,
    where: Sql,
    groupBy: Sql,
  ): Promise<LoadedViewer | null> {
    const statement = sql`
      SELECT ${tokenColumns}, u.id AS user_id, u.email, u.role, u.is_admin, c.id AS creator_id,
             COALESCE(array_agg(m.brand_id::text) FILTER (WHERE m.brand_id IS NOT NULL), '{}') AS brand_ids
        FROM users u
        ${join}
        LEFT JOIN creators c ON c.user_id = u.id
        LEFT JOIN brand_members m ON m.user_id = u.id
       WHERE ${where}
       GROUP BY u.id, c.id${groupBy}`;
    const [row] = await this.dataSource.query<ViewerRow[]>(statement.text, statement.values);
    if (!row) return null;
    return {
      tokenId: row.token_id,
      lastUsedAt: row.last_used_at,
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
}
