import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintColumn } from '../common/database/bigint.transformer';

export const PLATFORM_KINDS = [
  'INFRASTRUCTURE',
  'SOCIAL',
  'MESSAGING',
  'VIDEO',
  'EMAIL',
  'WEB',
] as const;
export type PlatformKind = (typeof PLATFORM_KINDS)[number];

@Entity('platforms')
export class PlatformEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  slug: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: PlatformKind;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** `platformId` depends on `providerId`: an outage of the provider takes the platform down. */
@Entity('platform_dependencies')
export class PlatformDependencyEntity {
  @PrimaryColumn('uuid')
  platformId: string;

  @PrimaryColumn('uuid')
  providerId: string;
}

@Entity('platform_accounts')
export class PlatformAccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  creatorId: string;

  @Column('uuid')
  platformId: string;

  @Column('text')
  handle: string;

  @Column('integer')
  followers: number;

  /** Typical non-sponsorship earnings per day (affiliate, ad share, tips), minor units. */
  @Column('bigint', { transformer: bigintColumn })
  dailyEarnings: bigint;

  @Column('char', { length: 3 })
  currency: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
