import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';

@InputType()
export class CreateBrandInvitationInput {
  @Field(() => ID)
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
