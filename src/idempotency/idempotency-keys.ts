import { AsyncLocalStorage } from 'node:async_hooks';
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { IdempotencyKeyReused, IdempotentReplay } from './idempotency.errors';

/** How long a key (and the response it replays) is kept; expired keys may be used again. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

// Visible ASCII (0x21–0x7E), as for the header in draft-ietf-httpapi-idempotency-key-header.
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function isValidIdempotencyKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** A write that must happen at most once per (user, key). */
export interface IdempotentRequest {
  userId: string;
  /** The client's key, as sent. Never stored: only its hash is. */
  key: string;
  /** What makes two requests "the same" (see {@link hashGraphqlRequest}); hex SHA-256. */
  requestHash: string;
  /** The operation it guards, e.g. `createDeal`. */
  operation: string;
}

export type ClaimOutcome =
  | { kind: 'claimed'; claimId: string; manager: EntityManager }
  | { kind: 'replay' }
  | { kind: 'reused' };

/** Per-request state: the key to claim, and what happened when the write tried to claim it. */
export interface IdempotencyScope {
  request?: IdempotentRequest;
  outcome?: ClaimOutcome;
}

const scopes = new AsyncLocalStorage<IdempotencyScope>();

export function currentIdempotencyScope(): IdempotencyScope | undefined {
  return scopes.getStore();
}

/**
 * Runs `work` with its own scope. The HTTP middleware opens an empty one per request (the GraphQL
 * plugin fills it in); a non-GraphQL caller such as an importer passes the request directly:
 * `runWithIdempotencyScope(() => deals.create(viewer, input), { request })`.
 */
export function runWithIdempotencyScope<T>(work: () => T, scope: IdempotencyScope = {}): T {
  return scopes.run(scope, work);
}

/**
 * Claims the current request's idempotency key inside the caller's transaction: call it first
 * thing in the transaction of every create. Without a key in scope it does nothing.
 *
 * The key's row is inserted by `manager`, so it commits or rolls back with the write: a failed
 * write leaves the key free. A concurrent twin blocks on the uncommitted row; once the first
 * commits, the twin finds the row and throws {@link IdempotentReplay} (same request: its
 * transaction rolls back and the first response stands) or {@link IdempotencyKeyReused}.
 * `ON CONFLICT` rather than a caught unique violation, which would abort the transaction.
 */
export async function claimIdempotencyKey(manager: EntityManager): Promise<void> {
  const scope = currentIdempotencyScope();
  const request = scope?.request;
  if (!scope || !request) return;
  // Claimed already in this very transaction (a create calling another create): nothing to do.
  if (scope.outcome?.kind === 'claimed' && scope.outcome.manager === manager) return;
  const claimId = randomUUID();
  const keyHash = hashIdempotencyKey(request.key);
  const claimed = await manager.query<Array<{ claim_id: string }>>(
    `INSERT INTO idempotency_keys AS k (user_id, key_hash, request_hash, operation, claim_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6))
     ON CONFLICT (user_id, key_hash) DO UPDATE
        SET request_hash = EXCLUDED.request_hash, operation = EXCLUDED.operation,
            claim_id = EXCLUDED.claim_id, response = NULL, created_at = now(),
            expires_at = EXCLUDED.expires_at
      WHERE k.expires_at <= now()
     RETURNING claim_id`,
    [
      request.userId,
      keyHash,
      request.requestHash,
      request.operation,
      claimId,
      IDEMPOTENCY_KEY_TTL_HOURS,
    ],
  );
  if (claimed.length === 1) {
    scope.outcome = { kind: 'claimed', claimId, manager };
    return;
  }
  const [existing] = await manager.query<Array<{ request_hash: string }>>(
    `SELECT request_hash FROM idempotency_keys WHERE user_id = $1 AND key_hash = $2`,
    [request.userId, keyHash],
  );
  if (existing && existing.request_hash !== request.requestHash) {
    scope.outcome = { kind: 'reused' };
    throw new IdempotencyKeyReused();
  }
  scope.outcome = { kind: 'replay' };
  throw new IdempotentReplay();
}

export function hashIdempotencyKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Same query text, same variables (in any key order) and same operation name: same request. */
export function hashGraphqlRequest(request: {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}): string {
  const canonical = JSON.stringify([
    request.query,
    sortKeys(request.variables ?? {}),
    request.operationName ?? null,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/*
 * Stored responses are encrypted (AES-256-GCM) under a key derived from the client's
 * Idempotency-Key, which the database never sees: a `createAccessToken` response carries a bearer
 * token, and tokens are otherwise kept only as hashes. Clients should use random keys (UUIDs).
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

function responseKey(request: IdempotentRequest): Buffer {
  return Buffer.from(
    hkdfSync('sha256', request.key, request.userId, 'deal-ledger/idempotent-response/v1', 32),
  );
}

function associatedData(request: IdempotentRequest): Buffer {
  return Buffer.from(`${request.userId}:${request.requestHash}`, 'utf8');
}

export function sealResponse(request: IdempotentRequest, response: unknown): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', responseKey(request), iv);
  cipher.setAAD(associatedData(request));
  const body = Buffer.concat([cipher.update(JSON.stringify(response), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The response sealed for `request`; throws if it was sealed for another key or body. */
export function openResponse(request: IdempotentRequest, sealed: Uint8Array): unknown {
  const bytes = Buffer.from(sealed);
  const decipher = createDecipheriv(
    'aes-256-gcm',
    responseKey(request),
    bytes.subarray(0, IV_BYTES),
  );
  decipher.setAAD(associatedData(request));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const text = Buffer.concat([
    decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
  return JSON.parse(text) as unknown;
}
