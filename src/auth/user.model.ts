import { Node } from '../common/graphql/node.interface';
import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export const UserRoleEnum = { CREATOR: 'CREATOR', BRAND: 'BRAND' } as const;
registerEnumType(UserRoleEnum, {
  name: 'UserRole',
  description:
    'What kind of account it is, chosen at sign-up and never changed. May gain values; handle unknown ones',
  valuesMap: {
    CREATOR: {
      description: 'A creator: logs their own deals, deliverables and platform accounts',
    },
    BRAND: {
      description:
        'A brand member: reads the deals made with their brands (joined at sign-up or by invitation), writes none',
    },
  },
});

@ObjectType({
  description: 'An account: only ever the caller (me, signUp, signIn)',
  implements: () => [Node],
})
export class User {
  @Field(() => ID, { description: "The account's id" })
  id: string;

  @Field({ description: 'The sign-in email, trimmed and lower-cased' })
  email: string;

  @Field(() => UserRoleEnum, { description: 'Creator or brand account' })
  role: 'CREATOR' | 'BRAND';

  @Field({
    description:
      'Administrators manage platforms and outages and read every deal and its impact (for support); the first account on an empty database is one',
  })
  isAdmin: boolean;

  @Field({ description: 'When the account was created (ISO 8601, UTC)' })
  createdAt: Date;
}

@ObjectType({
  description: 'A bearer token of the caller; its secret is shown only once, when it is issued',
  implements: () => [Node],
})
export class AccessToken {
  @Field(() => ID, { description: "The token's id, for revokeAccessToken" })
  id: string;

  @Field({
    description:
      'Its name: given to createAccessToken (1–100 characters), or "sign-up" / "sign-in"',
  })
  name: string;

  @Field({ description: 'When it was issued (ISO 8601, UTC)' })
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When it last authenticated a request (to within a minute); null if never',
  })
  lastUsedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it stops working (ISO 8601, UTC); null: never expires',
  })
  expiresAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was revoked, after which it is refused; null while not revoked',
  })
  revokedAt: Date | null;
}
