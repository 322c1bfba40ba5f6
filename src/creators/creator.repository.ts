import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CreatorEntity } from './creator.entity';

/** The profile fields a creator may change. */
export type CreatorProfileChanges = Partial<
  Pick<CreatorEntity, 'displayName' | 'homeCurrency' | 'timeZone'>
>;

/** The SQL of creator profiles. */
@Injectable()
export class CreatorRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The creators with these ids, in the order given, null where there is none. One statement. */
  async findByIds(ids: readonly string[]): Promise<Array<CreatorEntity | null>> {
    const rows = await this.db().findBy(CreatorEntity, { id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The creator profile of each user, in the order given, null for none. One statement. */
  async findByUserIds(userIds: readonly string[]): Promise<Array<CreatorEntity | null>> {
    const rows = await this.db().findBy(CreatorEntity, { userId: In([...userIds]) });
    const byUserId = new Map(rows.map((row) => [row.userId, row]));
    return userIds.map((userId) => byUserId.get(userId) ?? null);
  }

  getById(id: string, manager?: EntityManager): Promise<CreatorEntity> {
    return this.db(manager).findOneByOrFail(CreatorEntity, { id });
  }

  async update(id: string, changes: CreatorProfileChanges, manager?: EntityManager): Promise<void> {
    await this.db(manager).update(CreatorEntity, { id }, changes);
  }

  async insert(
    profile: Pick<CreatorEntity, 'userId' | 'displayName' | 'homeCurrency' | 'timeZone'>,
    manager?: EntityManager,
  ): Promise<CreatorEntity> {
    const db = this.db(manager);
    return db.save(db.create(CreatorEntity, profile));
  }

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }
}
