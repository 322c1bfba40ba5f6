import { Extensions, Field, ID, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { Node } from '../common/graphql/node.interface';
import { Money } from '../common/graphql/money.model';
import { ConnectionType } from '../common/graphql/pagination';
import { AUDIT_ENTITY_TYPES, type AuditEntityType } from '../infrastructure/audit/audit-changes';

export const AuditEntityTypeEnum = graphqlEnum(
  AUDIT_ENTITY_TYPES,
  'AuditEntityType',
  'The kind of record an audit entry describes',
  {
    DEAL: 'A deal: its terms, money, status and notes',
    DELIVERABLE: 'A deliverable of a deal (its entries carry the dealId too)',
    OUTAGE: 'A recorded outage (trail readable by administrators)',
    PLATFORM_ACCOUNT: "A creator's platform account and its income",
  },
);

export const AUDIT_ACTOR_KINDS = ['CREATOR', 'BRAND_MEMBER', 'ADMINISTRATOR', 'SYSTEM'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];
export const AuditActorKindEnum = graphqlEnum(
  AUDIT_ACTOR_KINDS,
  'AuditActorKind',
  'In which capacity a change was made',
  {
    CREATOR: 'A creator (displayName: their profile name)',
    BRAND_MEMBER:
      "A member of a brand (displayName: on a deal's entry, the deal's brand while they belong to it, else null; on other entries, their brands' names)",
    ADMINISTRATOR: 'An administrator (displayName: "Administrator")',
    SYSTEM: 'No user: the Statuspage importer or the background worker (displayName null)',
  },
);

@ObjectType({
  description: 'Who made a change, for display: a role and a name, never an email or an account id',
})
export class AuditActor {
  @Field(() => AuditActorKindEnum, { description: 'In which capacity the change was made' })
  kind: AuditActorKind;

  @Field(() => String, {
    nullable: true,
    description:
      'A name to show: the creator\'s display name, the brand name(s), "Administrator"; null for SYSTEM',
  })
  displayName: string | null;
}

@ObjectType({ description: 'One field of a record, before and after a mutation' })
export class AuditChange {
  @Field({
    description: 'e.g. "totalFee", "status", "terms.latePenaltyBpsPerDay", "scheduledAt"',
  })
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
  implements: () => [Node],
})
export class AuditEntry {
  @Field(() => ID, {
    description: "The entry's id: node(id) finds it again for whoever may read its record's trail",
  })
  id: string;

  @Field({ description: 'When the change committed (the transaction time)' })
  occurredAt: Date;

  @Field(() => ID, {
    nullable: true,
    description:
      'The user who made the change; null when no user did (the Statuspage importer, the worker). See actor for a name to show',
  })
  actorUserId: string | null;

  @Field({ description: 'The mutation, e.g. "updateDeal"' })
  operation: string;

  @Field(() => AuditEntityTypeEnum, { description: 'The kind of record that changed' })
  entityType: AuditEntityType;

  @Field(() => ID, { description: 'The record that changed' })
  entityId: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The deal, for a deal or one of its deliverables',
  })
  dealId: string | null;

  // the fields one mutation changed
  @Extensions({ expectedItems: 5 })
  @Field(() => [AuditChange], { description: 'The fields the mutation changed, before and after' })
  changes: AuditChange[];
}

@ObjectType({ description: 'A page of audit entries, oldest first' })
export class AuditEntryConnection extends ConnectionType(AuditEntry) {}
