import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/** Keys the service generates once and keeps in the database, shared by every instance. */
@Injectable()
export class AppSecretsService {
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly dataSource: DataSource) {}

  async key(name: string): Promise<Buffer> {
    const cached = this.cache.get(name);
    if (cached) return cached;
    // The first instance to ask creates it; everyone then reads the same row.
    await this.dataSource.query(
      `INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
      [name, randomBytes(32)],
    );
    const [row] = await this.dataSource.query<Array<{ value: Buffer | Uint8Array }>>(
      `SELECT value FROM app_secrets WHERE name = $1`,
      [name],
    );
    const key = Buffer.from(row.value);
    this.cache.set(name, key);
    return key;
  }
}
