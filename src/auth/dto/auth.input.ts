import { Field, InputType, Int } from '@nestjs/graphql';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { UserRoleEnum } from '../user.model';

@InputType()
export class SignUpInput {
  @Field()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  // The length rule lives in password-policy.ts (checked by the service), so that a short
  // password is refused with its own reason, PASSWORD_TOO_SHORT, like every other password rule.
  @Field({ description: 'At least 10 characters, and not the email address' })
  @IsString()
  @MaxLength(200)
  password: string;

  @Field(() => UserRoleEnum)
  @IsIn(['CREATOR', 'BRAND'])
  role: 'CREATOR' | 'BRAND';

  @Field({ nullable: true, description: 'CREATOR: the public display name (required)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @Field({ nullable: true, description: 'CREATOR: ISO 4217 home currency (default USD)' })
  @IsOptional()
  @IsString()
  homeCurrency?: string;

  @Field({ nullable: true, description: 'CREATOR: IANA time zone (default UTC)' })
  @IsOptional()
  @IsString()
  timeZone?: string;

  @Field({
    nullable: true,
    description:
      'BRAND: creates this brand with you as its first member; omit to join one later by invitation',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  brandName?: string;
}

@InputType()
export class SignInInput {
  @Field()
  @IsString()
  @MaxLength(254)
  email: string;

  @Field()
  @IsString()
  @MaxLength(200)
  password: string;
}

@InputType()
export class CreateAccessTokenInput {
  @Field()
  @IsString()
  @Length(1, 100)
  name: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Days until it expires; omit for a token that never expires',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}
