import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of every delivery (lower-case, as Node reports incoming headers). */
export const SIGNATURE_HEADER = 'deal-ledger-signature';
export const TIMESTAMP_HEADER = 'deal-ledger-timestamp';
export const EVENT_ID_HEADER = 'deal-ledger-event-id';
export const DELIVERY_ID_HEADER = 'deal-ledger-delivery-id';

/**
 * `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">` keyed with the endpoint's secret (Stripe-like).
 * `timestamp` is unix seconds as sent in Deal-Ledger-Timestamp; `body` the exact bytes sent.
 */
export function signPayload(secret: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `v1=${digest}`;
}

// ---- Verification, as a receiver writes it (quoted in docs/integrations.md; tests use it) ----

/**
 * True when `signatureHeader` holds a v1 signature of `timestamp.rawBody` by `secret` and the
 * timestamp is within `toleranceSeconds` of `nowSeconds` (refuses replays of old deliveries).
 */
export function verifyDealLedgerSignature(
  secret: string,
  rawBody: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  toleranceSeconds = 300,
  // A receiver's replay window is real time, so the wall clock (tests pass their own).
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const timestamp = Number(timestampHeader);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return false;
  }
  const expected = Buffer.from(
    createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex'),
  );
  // The header may carry several signatures (e.g. during a secret rotation): any v1 may match.
  return (signatureHeader ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .some((part) => {
      const given = Buffer.from(part.slice(3));
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
