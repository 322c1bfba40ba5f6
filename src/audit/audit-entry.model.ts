import { Field, ID, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { Money } from '../common/graphql/money.model';
import { ConnectionType } from '../common/graphql/pagination';
import { AUDIT_ENTITY_TYPES, type AuditEntityType } from '../infrastructure/audit/audit-changes';

export const AuditEntityTypeEnum = graphqlEnum(
  AUDIT_ENTITY_TYPES,
  'AuditEntityType',
  'The kind of record an audit entry describes',
);

@ObjectType({ description: 'One field of a record, before and after a mutation' })
export class AuditChange {
  @Field({ description: 'e.g. "totalFee", "status", "terms.latePenaltyBpsPerDay", "scheduledAt"' })
  field: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Null when the field had no value (a creation). Money: integer minor units (see beforeMoney); instants: ISO 8601 UTC; lists: JSON',
  })
  before: string | null;

  @Field(() => String, { nullable: true, description: 'As `before`, after the mutation' })
  after: string | null;

  @Field(() => Money, {
    nullable: true,
    description: 'For money fields: `before` with its currency',
  })
  beforeMoney: Money | null;

  @Field(() => Money, {
    nullable: true,
    description: 'For money fields: `after` with its currency',
  })
  afterMoney: Money | null;

  @Field({
    description:
      "True when the values are withheld from you: a deal's private notes show only to its creator (before and after are then null)",
  })
  redacted: boolean;
}

@ObjectType({
  description: 'An append-only record of one mutation changing one record: who, when, what and how',
})
export class AuditEntry {
  @Field(() => ID)
  id: string;

  @Field({ description: 'When the change committed (the transaction time)' })
  occurredAt: Date;

  @Field(() => ID, { nullable: true, description: 'The user who made the change' })
  actorUserId: string | null;

  @Field({ description: 'The mutation, e.g. "updateDeal"' })
  operation: string;

  @Field(() => AuditEntityTypeEnum)
  entityType: AuditEntityType;

  @Field(() => ID)
  entityId: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The deal, for a deal or one of its deliverables',
  })
  dealId: string | null;

  @Field(() => [AuditChange])
  changes: AuditChange[];
}

export const AuditEntryConnection = ConnectionType(AuditEntry);
