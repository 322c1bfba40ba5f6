import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secrets the service generates for itself (the key that signs report links), kept in the
 * database so every instance and every restart agrees on them without extra configuration.
 */
export class AppSecrets1764403200000 implements MigrationInterface {
  name = 'AppSecrets1764403200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE app_secrets (
        name text PRIMARY KEY,
        value bytea NOT NULL CHECK (length(value) >= 32),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE app_secrets`);
  }
}
