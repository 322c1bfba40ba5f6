import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from './current-viewer.decorator';
import { CreateAccessTokenInput, SignInInput, SignUpInput } from './dto/auth.input';
import { AuthService } from './auth.service';
import { Public } from './public.decorator';
import { AccessToken, AuthPayload, User } from './user.model';
import type { Viewer } from './viewer';
import { unauthenticated } from '../common/errors/app-error';

@Resolver(() => User)
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => AuthPayload, {
    description:
      'Create an account. The first account on an empty database becomes the administrator.',
  })
  signUp(@Args('input') input: SignUpInput): Promise<AuthPayload> {
    return this.auth.signUp(input);
  }

  @Public()
  @Mutation(() => AuthPayload)
  signIn(@Args('input') input: SignInInput): Promise<AuthPayload> {
    return this.auth.signIn(input);
  }

  @Query(() => User, { description: 'The caller' })
  async me(@CurrentViewer() viewer: Viewer): Promise<User> {
    const user = await this.auth.findUser(viewer.userId);
    if (!user) throw unauthenticated();
    return user;
  }

  @Query(() => [AccessToken], {
    description: "The caller's tokens (secrets are never shown again)",
  })
  accessTokens(@CurrentViewer() viewer: Viewer): Promise<AccessToken[]> {
    return this.auth.listAccessTokens(viewer);
  }

  @Mutation(() => AuthPayload, { description: 'A named token for scripts and integrations' })
  createAccessToken(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateAccessTokenInput,
  ): Promise<AuthPayload> {
    return this.auth.createAccessToken(viewer, input);
  }

  @Mutation(() => AccessToken)
  revokeAccessToken(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AccessToken> {
    return this.auth.revokeAccessToken(viewer, id);
  }
}
