import { Field, ObjectType } from '@nestjs/graphql';
import { MutationPayload } from '../../../common/graphql/user-error';
import { StatuspageFeed, StatuspageImportResult } from '../statuspage.model';

@ObjectType({ description: 'What importStatuspageIncidents did' })
export class ImportStatuspageIncidentsPayload extends MutationPayload {
  @Field(() => StatuspageImportResult, {
    nullable: true,
    description: 'Outages created, updated and left unchanged; null when refused',
  })
  statuspageImport: StatuspageImportResult | null;
}

@ObjectType({ description: 'What setStatuspageComponentMapping did' })
export class SetStatuspageComponentMappingPayload extends MutationPayload {
  @Field(() => StatuspageFeed, {
    nullable: true,
    description: 'The feed as mapped; null when refused',
  })
  statuspageFeed: StatuspageFeed | null;
}

@ObjectType({ description: 'What removeStatuspageComponentMapping did' })
export class RemoveStatuspageComponentMappingPayload extends MutationPayload {
  @Field(() => StatuspageFeed, {
    nullable: true,
    description: 'The feed as mapped now; null when refused',
  })
  statuspageFeed: StatuspageFeed | null;
}

@ObjectType({ description: 'What configureStatuspageFeed did' })
export class ConfigureStatuspageFeedPayload extends MutationPayload {
  @Field(() => StatuspageFeed, {
    nullable: true,
    description: 'The feed as configured; null when refused',
  })
  statuspageFeed: StatuspageFeed | null;
}
