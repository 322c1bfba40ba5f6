import { Args, Extensions, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, CurrentViewer } from './current-viewer.decorator';
import {
  CreateAccessTokenInput,
  RevokeAccessTokenInput,
  SignInInput,
  SignUpInput,
} from './dto/auth.input';
import { AuthService, type IssuedToken } from './auth.service';
import { Public } from './public.decorator';
import { AccessToken, User } from './user.model';
import type { Viewer } from './viewer';
import { unauthenticated } from '../common/errors/app-error';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { clientAddress } from '../security/client-address';
import {
  CreateAccessTokenPayload,
  RevokeAccessTokenPayload,
  SignInPayload,
  SignUpPayload,
} from './dto/auth.payloads';
import { PayloadOf, SPREAD } from '../common/graphql/payload-of.decorator';

// scrypt at cost 2^17 takes ~100 ms of CPU and 128 MiB: the mutations that hash a password
// weigh that much more in the query cost, and so in the rate limits (src/security/query-cost.ts).
const PASSWORD_HASHING_COST = 50;

@Resolver(() => User)
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @PayloadOf(SPREAD)
  @Mutation(() => SignUpPayload, {
    description:
      'Create an account and return a session token (valid SESSION_TOKEN_DAYS, default 30 days). The first account on an empty database becomes the administrator. Refused with CONFLICT EMAIL_TAKEN, or BAD_USER_INPUT PASSWORD_TOO_SHORT, WEAK_PASSWORD, DISPLAY_NAME_REQUIRED, UNKNOWN_CURRENCY, UNKNOWN_TIME_ZONE or NOT_FOR_ROLE. Attempts per email and per address are limited (RATE_LIMITED)',
    complexity: PASSWORD_HASHING_COST,
  })
  signUp(
    @Args('input', { description: 'The account, and the creator profile or brand it starts with' })
    input: SignUpInput,
    @Ctx() context: RequestContext,
  ): Promise<IssuedToken> {
    return this.auth.signUp(input, clientAddress(context.req));
  }

  @Public()
  @PayloadOf(SPREAD)
  @Mutation(() => SignInPayload, {
    description:
      'Exchange an email and password for a session token (valid SESSION_TOKEN_DAYS, default 30 days). A wrong password and an unknown email are both UNAUTHENTICATED BAD_CREDENTIALS. Repeated failures for one email or address are slowed, then refused for a while (RATE_LIMITED)',
    complexity: PASSWORD_HASHING_COST,
  })
  signIn(
    @Args('input', { description: 'The email and password' }) input: SignInInput,
    @Ctx() context: RequestContext,
  ): Promise<IssuedToken> {
    return this.auth.signIn(input, clientAddress(context.req));
  }

  @Query(() => User, { description: 'The caller' })
  async me(@CurrentViewer() viewer: Viewer): Promise<User> {
    const user = await this.auth.findUser(viewer.userId);
    if (!user) throw unauthenticated();
    return user;
  }

  // the caller's own tokens, a handful
  @Extensions({ expectedItems: 10 })
  @Query(() => [AccessToken], {
    description: "The caller's tokens (secrets are never shown again)",
  })
  accessTokens(@CurrentViewer() viewer: Viewer): Promise<AccessToken[]> {
    return this.auth.listAccessTokens(viewer);
  }

  @PayloadOf(SPREAD)
  @Mutation(() => CreateAccessTokenPayload, {
    description:
      'A named token for scripts and integrations, acting as the caller; its secret is in the answer only. Honours an Idempotency-Key header',
  })
  createAccessToken(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'Its name and lifetime' }) input: CreateAccessTokenInput,
  ): Promise<IssuedToken> {
    return this.auth.createAccessToken(viewer, input);
  }

  @PayloadOf('accessToken')
  @Mutation(() => RevokeAccessTokenPayload, {
    description:
      "Revoke one of the caller's tokens: it is refused from now on. Revoking a revoked token changes nothing; another account's token is NOT_FOUND",
  })
  revokeAccessToken(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The token to revoke' }) input: RevokeAccessTokenInput,
  ): Promise<AccessToken> {
    return this.auth.revokeAccessToken(viewer, input.id);
  }
}
