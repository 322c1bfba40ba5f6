import { Node } from '../common/graphql/node.interface';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CurrencyCode } from '../common/graphql/currency-code.enum';
import { DateScalar } from '../common/graphql/date.scalar';
import { graphqlEnum } from '../common/graphql/enums';
import { DEAL_STATUSES, type DealStatus } from './deal.entity';

export const DealStatusEnum = graphqlEnum(
  DEAL_STATUSES,
  'DealStatus',
  "Where a deal's contract stands: DRAFT → ACTIVE → COMPLETED, or DRAFT or ACTIVE → CANCELLED (setDealStatus). May gain values; handle unknown ones",
  {
    DRAFT: 'Being negotiated: editable, and outages are not assessed against its deliverables',
    ACTIVE:
      'Signed and running: editable; its PLANNED deliverables are assessed against outages and can become OVERDUE',
    COMPLETED: 'The contract is fulfilled: no more edits (DEAL_CLOSED)',
    CANCELLED: 'Called off, from DRAFT or ACTIVE: no more edits (DEAL_CLOSED)',
  },
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

  @Field(() => Int, {
    description: 'Share of the fee paid up front (a deposit), basis points; 0: no deposit',
  })
  upfrontShareBps: number;

  @Field(() => Int, {
    description: 'The deposit falls due this many days after the deal became ACTIVE',
  })
  upfrontDueDays: number;

  @Field({ description: 'The brand approves a draft of each deliverable before it goes live' })
  requiresApproval: boolean;

  @Field(() => Int, {
    description: 'With requiresApproval: hours before the slot the brand needs the approved draft',
  })
  approvalLeadHours: number;
}

@ObjectType({
  description: 'A sponsorship contract between a creator and a brand',
  implements: () => [Node],
})
export class Deal {
  @Field(() => ID, { description: "The deal's UUID, unique across the API (see node)" })
  id: string;

  @Field({ description: 'What the deal is for, 1–300 characters, never blank' })
  title: string;

  @Field(() => CurrencyCode, { description: 'ISO 4217; every fee of the deal is in it' })
  currency: string;

  @Field(() => DealStatusEnum, {
    description: 'Where the contract stands; change it with setDealStatus',
  })
  status: DealStatus;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'The calendar day the contract was signed; null when not given',
  })
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

  @Field({ description: 'When the deal was logged (ISO 8601, UTC)' })
  createdAt: Date;

  @Field({
    description:
      'When the deal itself last changed (ISO 8601, UTC), a new total or status included',
  })
  updatedAt: Date;
}
