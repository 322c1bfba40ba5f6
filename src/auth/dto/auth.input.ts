import { Field, ID, InputType, Int } from '@nestjs/graphql';
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
import { CurrencyCode } from '../../common/graphql/currency-code.enum';

@InputType({ description: 'A new account: a creator with a profile, or a brand account' })
export class SignUpInput {
  @Field({
    description:
      'An email address (at most 254 characters), stored trimmed and lower-cased; one account per email (EMAIL_TAKEN)',
  })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  // The length rule lives in password-policy.ts (checked by the service), so that a short
  // password is refused with its own reason, PASSWORD_TOO_SHORT, like every other password rule.
  @Field({
    description:
      'At least 10 characters once trimmed (PASSWORD_TOO_SHORT), at most 200, and not the email address or its part before the @ (WEAK_PASSWORD)',
  })
  @IsString()
  @MaxLength(200)
  password: string;

  @Field(() => UserRoleEnum, {
    description: 'CREATOR or BRAND; fields meant for the other role are refused (NOT_FOR_ROLE)',
  })
  @IsIn(['CREATOR', 'BRAND'])
  role: 'CREATOR' | 'BRAND';

  @Field({
    nullable: true,
    description:
      'CREATOR: the public display name, 1–200 characters (required: DISPLAY_NAME_REQUIRED)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @Field(() => CurrencyCode, {
    nullable: true,
    description: 'CREATOR: home currency (default USD)',
  })
  @IsOptional()
  @IsString()
  homeCurrency?: string;

  @Field({
    nullable: true,
    description:
      'CREATOR: IANA time zone, e.g. Europe/London (default UTC; UNKNOWN_TIME_ZONE otherwise)',
  })
  @IsOptional()
  @IsString()
  timeZone?: string;

  @Field({
    nullable: true,
    description:
      'BRAND: creates this brand (1–200 characters) with you as its first member; omit to join one later by invitation',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  brandName?: string;
}

@InputType({ description: 'An email and password to exchange for a session token' })
export class SignInInput {
  @Field({ description: "The account's email, in any case (at most 254 characters)" })
  @IsString()
  @MaxLength(254)
  email: string;

  @Field({ description: "The account's password (at most 200 characters)" })
  @IsString()
  @MaxLength(200)
  password: string;
}

@InputType({ description: 'A named token for a script or an integration' })
export class CreateAccessTokenInput {
  @Field({ description: 'A name to recognise it by in accessTokens, 1–100 characters' })
  @IsString()
  @Length(1, 100)
  name: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Days until it expires, 1–3650; omit for a token that never expires',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

@InputType({ description: 'One of your access tokens' })
export class RevokeAccessTokenInput {
  @Field(() => ID, { description: 'The token to revoke' })
  @IsString()
  id: string;
}
