import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const OUTAGE_SEVERITIES = ['FULL', 'PARTIAL'] as const;
export type OutageSeverity = (typeof OUTAGE_SEVERITIES)[number];

@Entity('outages')
export class OutageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('timestamptz')
  startsAt: Date;

  /** Null while the outage is ongoing. */
  @Column('timestamptz', { nullable: true })
  endsAt: Date | null;

  @Column('text')
  severity: OutageSeverity;

  /** How degraded the platform is, in basis points; 10 000 for a FULL outage. */
  @Column('integer')
  degradationBps: number;

  @Column('text')
  source: string;

  @Column('text', { nullable: true })
  externalId: string | null;

  @Column('integer')
  version: number;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('outage_platforms')
export class OutagePlatformEntity {
  @PrimaryColumn('uuid')
  outageId: string;

  @PrimaryColumn('uuid')
  platformId: string;
}
