import { Node } from '../common/graphql/node.interface';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../common/graphql/pagination';

/** A brand directory entry: public, and deliberately minimal (no members, no claim state). */
@ObjectType({ implements: () => [Node] })
export class Brand {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;
}

@ObjectType()
export class BrandConnection extends ConnectionType(Brand) {}

@ObjectType({
  description: 'An invitation to join a brand; its code is shown only once, on creation',
})
export class BrandInvitation {
  @Field(() => ID)
  id: string;

  // Exposed as `brand` by BrandInvitationResolver.
  brandId: string;

  @Field(() => String, { nullable: true, description: 'Only this account may accept it, when set' })
  email: string | null;

  @Field()
  expiresAt: Date;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  acceptedAt: Date | null;
}

@ObjectType()
export class BrandInvitationPayload {
  @Field({
    description:
      'The secret to hand to the invitee; it is stored only hashed and never shown again',
  })
  code: string;

  @Field(() => BrandInvitation)
  invitation: BrandInvitation;
}
