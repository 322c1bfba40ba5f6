import { Injectable, Logger } from '@nestjs/common';
import type { FormattedExecutionResult } from 'graphql';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import {
  hashIdempotencyKey,
  openResponse,
  sealResponse,
  type IdempotentRequest,
} from './idempotency-keys';

export type StoredResponse = Pick<FormattedExecutionResult, 'data' | 'errors'>;

export interface StoredKey {
  requestHash: string;
  /** Null while the first request has not finished answering. */
  response: StoredResponse | null;
}

// A twin waits this long for the first request's answer before giving up with "in use".
const WAIT_FOR_RESPONSE_MS = 10_000;
const POLL_EVERY_MS = 25;
// Expired rows are deleted in small batches, at most this often per process.
const CLEAN_UP_EVERY_MS = 10 * 60_000;
const CLEAN_UP_BATCH = 500;

/**
 * Reads and completes idempotency-key rows outside any transaction (the claim itself is
 * `claimIdempotencyKey`, inside the write's transaction).
 */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger('Idempotency');
  private lastCleanUp = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** The live (unexpired) row for the request's user and key, if any. */
  async find(request: IdempotentRequest): Promise<StoredKey | null> {
    const [row] = await this.dataSource.query<
      Array<{ request_hash: string; response: Uint8Array | null }>
    >(
      `SELECT request_hash, response FROM idempotency_keys
        WHERE user_id = $1 AND key_hash = $2 AND expires_at > now()`,
      [request.userId, hashIdempotencyKey(request.key)],
    );
    if (!row) return null;
    return {
      requestHash: row.request_hash,
      response:
        row.response && row.request_hash === request.requestHash
          ? (openResponse(request, row.response) as StoredResponse)
          : null,
    };
  }

  /**
   * Waits for the response of the request that claimed the key first. Null when it does not
   * arrive in time (the first request is slow, or died between its commit and its answer).
   */
  async waitForResponse(request: IdempotentRequest): Promise<StoredResponse | null> {
    const deadline = Date.now() + WAIT_FOR_RESPONSE_MS;
    for (;;) {
      const found = await this.find(request);
      if (!found || found.requestHash !== request.requestHash) return null;
      if (found.response) return found.response;
      if (Date.now() >= deadline) return null;
      await sleep(POLL_EVERY_MS);
    }
  }

  /**
   * Stores the response of the request that claimed the key as `claimId`. A no-op when that
   * claim rolled back with its transaction (the row is gone, or belongs to a later claim).
   */
  async save(request: IdempotentRequest, claimId: string, response: StoredResponse): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET response = $4
        WHERE user_id = $1 AND key_hash = $2 AND claim_id = $3 AND response IS NULL`,
      [request.userId, hashIdempotencyKey(request.key), claimId, sealResponse(request, response)],
    );
    await this.cleanUpNow();
  }

  /** Deletes a batch of expired rows, at most once every few minutes per process. */
  private async cleanUpNow(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanUp < CLEAN_UP_EVERY_MS) return;
    this.lastCleanUp = now;
    try {
      await this.dataSource.query(
        `DELETE FROM idempotency_keys WHERE (user_id, key_hash) IN (
           SELECT user_id, key_hash FROM idempotency_keys WHERE expires_at <= now() LIMIT $1)`,
        [CLEAN_UP_BATCH],
      );
    } catch (error) {
      // Housekeeping only: an expired row is reused by the next claim of its key anyway.
      this.logger.warn(`Could not delete expired idempotency keys: ${String(error)}`);
    }
  }
}
