import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('brands')
export class BrandEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** Set when a creator named the brand while logging a deal, before any brand user claimed it. */
  @Column('uuid', { nullable: true })
  createdByCreatorId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('brand_members')
export class BrandMemberEntity {
  @PrimaryColumn('uuid')
  brandId: string;

  @PrimaryColumn('uuid')
  userId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  joinedAt: Date;
}

@Entity('brand_invitations')
export class BrandInvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  brandId: string;

  @Column('text')
  codeHash: string;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('uuid')
  invitedByUserId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  acceptedAt: Date | null;

  @Column('uuid', { nullable: true })
  acceptedByUserId: string | null;
}
