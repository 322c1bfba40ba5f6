import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deal notes split in two (issue 11): `notes` stays the creator's private text, `shared_notes`
 * is what the deal's brand and administrators may read. Existing notes were written as private
 * and stay so: nothing is copied into the new column.
 */
export class DealSharedNotes1764979200000 implements MigrationInterface {
  name = 'DealSharedNotes1764979200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deals ADD COLUMN shared_notes text NOT NULL DEFAULT ''`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deals DROP COLUMN shared_notes`);
  }
}
