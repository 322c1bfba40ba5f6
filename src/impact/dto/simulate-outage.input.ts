import { Field, InputType, Int } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import type { OutageSeverity } from '../../outages/outage.entity';
import { OutageSeverityEnum } from '../../outages/outage.model';
import {
  IsDegradationBps,
  IsOutageInstant,
  IsOutagePlatformSlugs,
  IsOutageSeverity,
  IsOutageTitle,
} from '../../outages/dto/outage-fields';

/**
 * The fields of RecordOutageInput a simulation needs, with the same validators and limits (see
 * outage-fields.ts); the GraphQL descriptions are this input's own.
 */
@InputType({ description: 'A hypothetical outage: nothing is stored' })
export class SimulateOutageInput {
  @Field({
    nullable: true,
    description: '1–300 characters; default "Simulated outage"',
  })
  @IsOptional()
  @IsOutageTitle()
  title?: string;

  @Field(() => [String], {
    description:
      'Slugs of the platforms down directly (1–100), e.g. ["meta"]; platforms depending on them follow. An unknown slug is UNKNOWN_PLATFORM',
  })
  @IsOutagePlatformSlugs()
  platformSlugs: string[];

  @Field({ description: 'When the outage begins' })
  @IsOutageInstant()
  startsAt: Date;

  @Field({
    nullable: true,
    description:
      'Omit for an outage still going on at asOf; must be after startsAt (WINDOW_INVALID)',
  })
  @IsOptional()
  @IsOutageInstant()
  endsAt?: Date;

  @Field(() => OutageSeverityEnum, {
    description: 'FULL (down) or PARTIAL (degraded by degradationBps)',
  })
  @IsOutageSeverity()
  severity: OutageSeverity;

  @Field(() => Int, {
    nullable: true,
    description:
      'Capacity lost in basis points: required for PARTIAL (1–9999, DEGRADATION_REQUIRED / DEGRADATION_OUT_OF_RANGE); FULL is always 10000',
  })
  @IsOptional()
  @IsDegradationBps()
  degradationBps?: number;
}
