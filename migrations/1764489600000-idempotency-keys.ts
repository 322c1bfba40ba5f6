import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys for create mutations. A key is claimed by inserting its row in the same
 * transaction as the write it guards, so "written" and "key taken" commit or roll back together;
 * the response is added once it is known. The key itself is stored only as a hash and the response
 * encrypted under a key derived from it: a stored `createAccessToken` answer holds a bearer token.
 */
export class IdempotencyKeys1764489600000 implements MigrationInterface {
  name = 'IdempotencyKeys1764489600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
        request_hash text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
        operation text NOT NULL,
        claim_id uuid NOT NULL,
        response bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, key_hash),
        CHECK (expires_at > created_at)
      )`);
    await db.query(`CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_keys`);
  }
}
