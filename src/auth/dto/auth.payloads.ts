import { Field, ObjectType } from '@nestjs/graphql';
import { MutationPayload } from '../../common/graphql/user-error';
import { AccessToken, User } from '../user.model';

/** What signing up, signing in and minting a token answer: a secret shown only this once. */
@ObjectType({ isAbstract: true })
abstract class IssuedTokenPayload extends MutationPayload {
  @Field(() => String, {
    nullable: true,
    description: 'Send as Authorization: Bearer <token>; shown only here. Null when refused',
  })
  token: string | null;

  @Field(() => User, { nullable: true, description: 'The account the token acts as' })
  user: User | null;

  @Field(() => AccessToken, {
    nullable: true,
    description: "The token's record (without the secret)",
  })
  accessToken: AccessToken | null;
}

@ObjectType({ description: 'What signUp did: the new account and a session token' })
export class SignUpPayload extends IssuedTokenPayload {}

@ObjectType({ description: 'What signIn did: a session token' })
export class SignInPayload extends IssuedTokenPayload {}

@ObjectType({ description: 'What createAccessToken did: the named token and its secret' })
export class CreateAccessTokenPayload extends IssuedTokenPayload {}

@ObjectType({ description: 'What revokeAccessToken did' })
export class RevokeAccessTokenPayload extends MutationPayload {
  @Field(() => AccessToken, {
    nullable: true,
    description: 'The token, now revoked; null when refused',
  })
  accessToken: AccessToken | null;
}
