import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintColumn } from '../common/database/bigint.transformer';

export const DELIVERABLE_KINDS = [
  'POST',
  'REEL',
  'STORY',
  'SHORT',
  'VIDEO',
  'LIVE',
  'NEWSLETTER',
  'OTHER',
] as const;
export type DeliverableKind = (typeof DELIVERABLE_KINDS)[number];
export const DELIVERABLE_TIMINGS = ['FLEXIBLE', 'FIXED'] as const;
export type DeliverableTiming = (typeof DELIVERABLE_TIMINGS)[number];
export const DELIVERABLE_STATUSES = ['PLANNED', 'POSTED', 'CANCELLED'] as const;
export type DeliverableStatus = (typeof DELIVERABLE_STATUSES)[number];

@Entity('deliverables')
export class DeliverableEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  dealId: string;

  @Column('uuid')
  platformId: string;

  @Column('text')
  kind: DeliverableKind;

  @Column('text')
  title: string;

  @Column('timestamptz')
  scheduledAt: Date;

  @Column('integer')
  durationMinutes: number;

  @Column('timestamptz')
  dueAt: Date;

  @Column('bigint', { transformer: bigintColumn })
  fee: bigint;

  @Column('text')
  timing: DeliverableTiming;

  @Column('text')
  status: DeliverableStatus;

  @Column('timestamptz', { nullable: true })
  postedAt: Date | null;

  @Column('text', { nullable: true })
  postUrl: string | null;

  @Column('integer')
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
