import { Node } from '../common/graphql/node.interface';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';

export const UserRoleEnum = graphqlEnum(['CREATOR', 'BRAND'] as const, 'UserRole');

@ObjectType({ implements: () => [Node] })
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field(() => UserRoleEnum)
  role: 'CREATOR' | 'BRAND';

  @Field()
  isAdmin: boolean;

  @Field()
  createdAt: Date;
}

@ObjectType({ implements: () => [Node] })
export class AccessToken {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;
}

@ObjectType({ description: 'A bearer token (shown only here, once) and who it belongs to' })
export class AuthPayload {
  @Field({ description: 'Send as Authorization: Bearer <token>' })
  token: string;

  @Field(() => User)
  user: User;

  @Field(() => AccessToken)
  accessToken: AccessToken;
}
