import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A brand's deliverables list (issue 15) read only the page: each deliverable carries its deal's
 * brand, indexed by (brand, slot, id), so `deliverables(first: 50)` for a brand member walks 51
 * index entries instead of joining every deliverable of the brand and sorting them.
 *
 * The copy is the database's to keep, whoever writes the rows (the app, the CSV import, the
 * benchmark's loader, the demo script):
 * - a trigger sets it from the deal on every insert and on a move to another deal (a value the
 *   writer passed is ignored);
 * - a foreign key on (deal_id, brand_id) to the deal's own (id, brand_id) refuses any other
 *   value and cascades a change of the deal's brand (the API never changes it; SQL might).
 * Null only while the deal does not exist, which the deal_id foreign key then refuses with its
 * usual error, so no NOT NULL here. Existing rows are backfilled from their deals.
 */
export class DeliverableBrand1765159200000 implements MigrationInterface {
  name = 'DeliverableBrand1765159200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deliverables ADD COLUMN brand_id uuid`);
    await db.query(`
      UPDATE deliverables d SET brand_id = deal.brand_id
        FROM deals deal
       WHERE deal.id = d.deal_id`);
    await db.query(`ALTER TABLE deals ADD CONSTRAINT deals_id_brand_id_key UNIQUE (id, brand_id)`);
    await db.query(`
      ALTER TABLE deliverables ADD CONSTRAINT deliverables_deal_brand_fkey
        FOREIGN KEY (deal_id, brand_id) REFERENCES deals (id, brand_id)
        ON DELETE CASCADE ON UPDATE CASCADE`);
    await db.query(`
      CREATE FUNCTION deliverables_brand_of_deal() RETURNS trigger
      LANGUAGE plpgsql
      AS $$
      BEGIN
        NEW.brand_id := (SELECT deal.brand_id FROM deals deal WHERE deal.id = NEW.deal_id);
        RETURN NEW;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER deliverables_brand_of_deal
      BEFORE INSERT OR UPDATE OF deal_id, brand_id ON deliverables
      FOR EACH ROW EXECUTE FUNCTION deliverables_brand_of_deal()`);
    await db.query(
      `CREATE INDEX deliverables_brand_id_idx ON deliverables (brand_id, scheduled_at, id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER deliverables_brand_of_deal ON deliverables`);
    await db.query(`DROP FUNCTION deliverables_brand_of_deal()`);
    await db.query(`ALTER TABLE deliverables DROP COLUMN brand_id`);
    await db.query(`ALTER TABLE deals DROP CONSTRAINT deals_id_brand_id_key`);
  }
}
