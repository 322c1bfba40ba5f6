import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { CurrencyCode } from '../../common/graphql/currency-code.enum';

@InputType({ description: 'Only the fields given change' })
export class UpdateCreatorProfileInput {
  @Field({
    nullable: true,
    description: 'The public display name, 1–200 characters, not blank (DISPLAY_NAME_REQUIRED)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @Field(() => CurrencyCode, { nullable: true, description: 'Your home currency, e.g. EUR' })
  @IsOptional()
  @IsString()
  @MaxLength(3)
  homeCurrency?: string;

  @Field({
    nullable: true,
    description: 'IANA time zone, e.g. Europe/London (else UNKNOWN_TIME_ZONE)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  timeZone?: string;
}
