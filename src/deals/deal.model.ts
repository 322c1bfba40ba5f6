import { Node } from '../common/graphql/node.interface';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { DEAL_STATUSES, type DealStatus } from './deal.entity';

export const DealStatusEnum = graphqlEnum(
  DEAL_STATUSES,
  'DealStatus',
  'DRAFT → ACTIVE → COMPLETED; DRAFT or ACTIVE → CANCELLED',
);

@ObjectType({ description: 'The contract terms that decide what an outage costs' })
export class DealTerms {
  @Field(() => Int, { description: 'Payment is due this many days after a deliverable is posted' })
  netPaymentDays: number;

  @Field(() => Int, { description: 'Penalty per started day late, basis points of the fee' })
  latePenaltyBpsPerDay: number;

  @Field(() => Int, { description: 'Most the late penalty can reach, basis points of the fee' })
  latePenaltyCapBps: number;

  @Field(() => Int, {
    nullable: true,
    description: 'More days late than this and the brand may kill the deliverable',
  })
  killAfterDaysLate: number | null;

  @Field(() => Int, {
    description: 'Share of the fee the creator keeps when a deliverable is killed, basis points',
  })
  killFeeBps: number;

  @Field({ description: 'Platform outages excuse delay' })
  forceMajeure: boolean;
}

@ObjectType({
  description: 'A sponsorship contract between a creator and a brand',
  implements: () => [Node],
})
export class Deal {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field({ description: 'ISO 4217; every fee of the deal is in it' })
  currency: string;

  @Field(() => DealStatusEnum)
  status: DealStatus;

  @Field(() => String, { nullable: true, description: 'Date the contract was signed, YYYY-MM-DD' })
  signedOn: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The creator's private notes: null for anyone but the deal's creator (brand members and administrators included)",
  })
  notes: string | null;

  @Field({
    description: "Notes shared with the deal's brand members (and administrators); '' when none",
  })
  sharedNotes: string;

  @Field(() => Int, {
    description: 'Increases with every change; pass as expectedVersion to update safely',
  })
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}
