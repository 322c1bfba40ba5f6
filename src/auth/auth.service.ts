import { Injectable } from '@nestjs/common';
import { addDays } from 'date-fns';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AppError, inputProblems, notFound } from '../common/errors/app-error';
import { Clock } from '../infrastructure/clock';
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
import { AuthErrorReason, badCredentials, emailTaken, signUpInputRefused } from './auth.errors';
import { AuthRepository } from './auth.repository';
import { BrandSignUp, CreatorSignUp } from './sign-up-profiles';
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
    private readonly users: AuthRepository,
    private readonly clock: Clock,
    private readonly creatorSignUp: CreatorSignUp,
    private readonly brandSignUp: BrandSignUp,
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
      const existing = await this.users.lockUsersForSignUp(manager, email);
      if (existing.taken) throw emailTaken();
      const user = await this.users.insertUser(manager, {
        email,
        passwordHash,
        role: input.role,
        isAdmin: existing.empty,
      });
      if (input.role === 'CREATOR') {
        await this.creatorSignUp.createProfile(manager, {
          userId: user.id,
          displayName: input.displayName!.trim(),
          homeCurrency: input.homeCurrency ?? 'USD',
          timeZone: input.timeZone ?? 'UTC',
        });
      } else if (input.brandName) {
        await this.brandSignUp.createBrandWithMember(manager, input.brandName.trim(), user.id);
      }
      return this.issueToken(
        manager,
        user,
        'sign-up',
        addDays(this.clock.now(), this.config.SESSION_TOKEN_DAYS),
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
    const user = await this.users.findUserByEmail(email);
    // Verify against a dummy hash for unknown emails so timing does not reveal which exist.
    const valid = await verifyPassword(
      input.password,
      user?.passwordHash ?? dummyPasswordHash(this.config.PASSWORD_HASH_COST),
    );
    if (!user || !valid) {
      await attempt.failed();
      throw badCredentials();
    }
    await attempt.succeeded();
    return this.dataSource.transaction((manager) =>
      this.issueToken(
        manager,
        user,
        'sign-in',
        addDays(this.clock.now(), this.config.SESSION_TOKEN_DAYS),
      ),
    );
  }

  async createAccessToken(viewer: Viewer, input: CreateAccessTokenInput): Promise<IssuedToken> {
    const user = await this.users.findUser(viewer.userId);
    if (!user) throw notFound('User', viewer.userId);
    const expiresAt = input.expiresInDays ? addDays(this.clock.now(), input.expiresInDays) : null;
    return this.dataSource.transaction(async (manager) => {
      // Idempotency-Key: the key is taken in this transaction, so a retry cannot mint a second token.
      await claimIdempotencyKey(manager);
      return this.issueToken(manager, user, input.name.trim(), expiresAt);
    });
  }

  async revokeAccessToken(viewer: Viewer, tokenId: string): Promise<AccessTokenEntity> {
    const token = await this.users.findOwnToken(viewer.userId, tokenId);
    if (!token) throw notFound('Access token', tokenId);
    if (!token.revokedAt) {
      token.revokedAt = this.clock.now();
      await this.users.revokeToken(token.id, token.revokedAt);
    }
    return token;
  }

  listAccessTokens(viewer: Viewer): Promise<AccessTokenEntity[]> {
    return this.users.listTokens(viewer.userId);
  }

  findUser(userId: string): Promise<UserEntity | null> {
    return this.users.findUser(userId);
  }

  /** The caller behind a bearer secret, or null when it is unknown, expired or revoked. */
  async viewerForToken(secret: string): Promise<Viewer | null> {
    if (!/^dl_tok_[A-Za-z0-9_-]{43}$/.test(secret)) return null;
    const now = this.clock.now();
    const loaded = await this.users.viewerForTokenHash(hashSecret(secret), now);
    if (!loaded) return null;
    const lastUsed = loaded.lastUsedAt ? new Date(loaded.lastUsedAt).getTime() : 0;
    if (now.getTime() - lastUsed > LAST_USED_RESOLUTION_MS) {
      await this.users.touchToken(loaded.tokenId, now);
    }
    return loaded.viewer;
  }

  /**
   * The user as a caller, with their current roles and memberships: for a signed link, which
   * acts for the user who minted it with whatever access they have when it is opened.
   */
  async viewerForUser(userId: string): Promise<Viewer | null> {
    if (!isUuid(userId)) return null;
    return (await this.users.viewerForUser(userId))?.viewer ?? null;
  }

  /** Every problem of a sign-up at once, as one refusal. */
  private checkSignUp(input: SignUpInput, email: string): void {
    const problems: AppError[] = [];
    const weakness = passwordProblem(input.password, email);
    if (weakness)
      problems.push(
        signUpInputRefused(weakness.message, 'input.password', AuthErrorReason[weakness.reason]),
      );
    if (input.role === 'CREATOR') {
      if (!input.displayName?.trim()) {
        problems.push(
          signUpInputRefused(
            'A creator needs a displayName',
            'input.displayName',
            AuthErrorReason.DISPLAY_NAME_REQUIRED,
          ),
        );
      }
      if (input.homeCurrency !== undefined && !isKnownCurrency(input.homeCurrency)) {
        problems.push(
          signUpInputRefused(
            `Unknown currency "${input.homeCurrency}"; use an ISO 4217 code such as USD`,
            'input.homeCurrency',
            AuthErrorReason.UNKNOWN_CURRENCY,
          ),
        );
      }
      if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
        problems.push(
          signUpInputRefused(
            `Unknown time zone "${input.timeZone}"; use an IANA name such as Europe/London`,
            'input.timeZone',
            AuthErrorReason.UNKNOWN_TIME_ZONE,
          ),
        );
      }
      if (input.brandName) {
        problems.push(
          signUpInputRefused(
            'brandName is for BRAND accounts',
            'input.brandName',
            AuthErrorReason.NOT_FOR_ROLE,
          ),
        );
      }
    } else if (input.displayName || input.homeCurrency || input.timeZone) {
      problems.push(
        signUpInputRefused(
          'displayName, homeCurrency and timeZone are for CREATOR accounts',
          'input.role',
          AuthErrorReason.NOT_FOR_ROLE,
        ),
      );
    }
    if (problems.length > 0) throw inputProblems(problems);
  }

  private async issueToken(
    manager: EntityManager,
    user: UserEntity,
    name: string,
    expiresAt: Date | null,
  ): Promise<IssuedToken> {
    const token = generateSecret('dl_tok');
    const accessToken = await this.users.insertAccessToken(manager, {
      userId: user.id,
      name,
      tokenHash: hashSecret(token),
      expiresAt,
    });
    return { token, user, accessToken };
  }
}
