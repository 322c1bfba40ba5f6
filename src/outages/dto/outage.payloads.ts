import { Field, ObjectType } from '@nestjs/graphql';
import { MutationPayload } from '../../common/graphql/user-error';
import type { OutageEntity } from '../outage.entity';
import { Outage } from '../outage.model';

@ObjectType({ description: 'What recordOutage did' })
export class RecordOutagePayload extends MutationPayload {
  @Field(() => Outage, {
    nullable: true,
    description: 'The outage as recorded (ask its impact for who is hit); null when refused',
  })
  outage: OutageEntity | null;
}

@ObjectType({ description: 'What updateOutage did' })
export class UpdateOutagePayload extends MutationPayload {
  @Field(() => Outage, { nullable: true, description: 'The outage as changed; null when refused' })
  outage: OutageEntity | null;
}

@ObjectType({ description: 'What endOutage did' })
export class EndOutagePayload extends MutationPayload {
  @Field(() => Outage, { nullable: true, description: 'The outage, now ended; null when refused' })
  outage: OutageEntity | null;
}
