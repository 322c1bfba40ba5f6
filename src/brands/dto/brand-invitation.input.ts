import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';

@InputType({ description: 'Who is invited to which brand' })
export class CreateBrandInvitationInput {
  @Field(() => ID, {
    description:
      'The brand to invite to: one you are a member of, or an unclaimed brand you named (else NOT_FOUND)',
  })
  @IsString()
  @MaxLength(100)
  brandId: string;

  @Field({
    nullable: true,
    description:
      'Bind the invitation to this account; omit so that anyone holding the code may accept',
  })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;
}

@InputType({ description: 'An invitation code to accept' })
export class AcceptBrandInvitationInput {
  @Field({ description: 'The code from createBrandInvitation ("dl_inv_…")' })
  @IsString()
  @MaxLength(200)
  code: string;
}
