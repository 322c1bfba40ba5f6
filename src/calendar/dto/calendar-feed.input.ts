import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

@InputType({ description: 'Whose deliverables a new calendar feed shows, and its alarms' })
export class CreateCalendarFeedInput {
  @Field(() => ID, {
    nullable: true,
    description:
      'Brand members: the brand whose deals to show (needed when you belong to several). Creators omit it: their feed holds their own deliverables',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  brandId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Display alarm this many minutes before each open deadline (0–40320; default CALENDAR_ALARM_MINUTES, 1440)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(40_320)
  alarmMinutesBefore?: number | null;
}

@InputType({ description: 'One of your calendar feeds' })
export class RevokeCalendarFeedInput {
  @Field(() => ID, { description: 'The feed to revoke' })
  @IsString()
  @MaxLength(64)
  id: string;
}
