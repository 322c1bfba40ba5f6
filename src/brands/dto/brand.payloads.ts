import { Field, ObjectType } from '@nestjs/graphql';
import { MutationPayload } from '../../common/graphql/user-error';
import { Brand, BrandInvitation } from '../brand.model';

@ObjectType({
  description: 'What createBrandInvitation did: the invitation and its code, shown only this once',
})
export class CreateBrandInvitationPayload extends MutationPayload {
  @Field(() => String, {
    nullable: true,
    description:
      'The secret to hand to the invitee; it is stored only hashed and never shown again. Null when refused',
  })
  code: string | null;

  @Field(() => BrandInvitation, {
    nullable: true,
    description: 'The invitation created; null when refused',
  })
  invitation: BrandInvitation | null;
}

@ObjectType({ description: 'What acceptBrandInvitation did' })
export class AcceptBrandInvitationPayload extends MutationPayload {
  @Field(() => Brand, { nullable: true, description: 'The brand you joined; null when refused' })
  brand: Brand | null;
}
