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
  @Field({ nullable: true })
  @IsOptional()
  @IsOutageTitle()
  title?: string;

  @Field(() => [String], {
    description: 'Platforms down directly, e.g. ["meta"]; dependents follow',
  })
  @IsOutagePlatformSlugs()
  platformSlugs: string[];

  @Field()
  @IsOutageInstant()
  startsAt: Date;

  @Field({ nullable: true, description: 'Omit for an outage still going on at asOf' })
  @IsOptional()
  @IsOutageInstant()
  endsAt?: Date;

  @Field(() => OutageSeverityEnum)
  @IsOutageSeverity()
  severity: OutageSeverity;

  @Field(() => Int, { nullable: true, description: 'PARTIAL only: capacity lost, 1–9999 bps' })
  @IsOptional()
  @IsDegradationBps()
  degradationBps?: number;
}
