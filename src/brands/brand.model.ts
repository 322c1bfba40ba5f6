import { Node } from '../common/graphql/node.interface';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../common/graphql/pagination';

/** A brand directory entry: public, and deliberately minimal (no members, no claim state). */
@ObjectType({
  description: 'A brand deals are made with: its id and name only (no members, no claim state)',
  implements: () => [Node],
})
export class Brand {
  @Field(() => ID, {
    description: "The brand's id, as brandId in createDeal and createBrandInvitation",
  })
  id: string;

  @Field({ description: "The brand's name, 1–200 characters" })
  name: string;
}

@ObjectType({ description: 'A page of brands from the brand directory' })
export class BrandConnection extends ConnectionType(Brand) {}

@ObjectType({
  description:
    'An invitation to join a brand; its code is shown only once, on creation. node(id) finds it for the members of its brand and whoever sent it',
  implements: () => [Node],
})
export class BrandInvitation {
  @Field(() => ID, { description: "The invitation's id" })
  id: string;

  // Exposed as `brand` by BrandInvitationResolver.
  brandId: string;

  @Field(() => String, { nullable: true, description: 'Only this account may accept it, when set' })
  email: string | null;

  @Field({
    description:
      'After this instant the code is refused (INVITATION_EXPIRED): INVITATION_DAYS (default 14) after creation',
  })
  expiresAt: Date;

  @Field({ description: 'When it was created (ISO 8601, UTC)' })
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was accepted (a code is used once); null while open',
  })
  acceptedAt: Date | null;
}
