import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintColumn } from '../common/database/bigint.transformer';

export const DEAL_STATUSES = ['DRAFT', 'ACTIVE', 'COMPLETED', 'CANCELLED'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

@Entity('deals')
export class DealEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  creatorId: string;

  @Column('uuid')
  brandId: string;

  @Column('text')
  title: string;

  @Column('char', { length: 3 })
  currency: string;

  @Column('bigint', { transformer: bigintColumn })
  totalFee: bigint;

  @Column('text')
  status: DealStatus;

  @Column('date', { nullable: true })
  signedOn: string | null;

  @Column('integer')
  netPaymentDays: number;

  @Column('integer')
  latePenaltyBpsPerDay: number;

  @Column('integer')
  latePenaltyCapBps: number;

  @Column('integer', { nullable: true })
  killAfterDaysLate: number | null;

  @Column('integer')
  killFeeBps: number;

  @Column('boolean')
  forceMajeure: boolean;

  /** Share of the fee paid up front (a deposit), basis points; 0: none. */
  @Column('integer')
  upfrontShareBps: number;

  /** The deposit falls due this many days after the deal became ACTIVE. */
  @Column('integer')
  upfrontDueDays: number;

  /** The brand reviews a draft of each deliverable before it goes live. */
  @Column('boolean')
  requiresApproval: boolean;

  /** How many hours before the slot the brand needs the approved draft. */
  @Column('integer')
  approvalLeadHours: number;

  /** When the deal first became ACTIVE (the app's clock; a trigger fills it for other writers). */
  @Column({ type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  /** The creator's private notes (see deal-notes.ts). */
  @Column('text')
  notes: string;

  /** Notes the deal's brand members and administrators read too. */
  @Column('text')
  sharedNotes: string;

  @Column('integer')
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('deal_alternate_platforms')
export class DealAlternatePlatformEntity {
  @PrimaryColumn('uuid')
  dealId: string;

  @PrimaryColumn('uuid')
  platformId: string;

  @Column('integer')
  position: number;
}
