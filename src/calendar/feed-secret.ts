import { randomBytes } from 'node:crypto';

const FEED_SECRET = /^dl_cal_[A-Za-z0-9_-]{43}$/;

/**
 * A feed's secret: 32 random bytes, prefixed like the other bearer secrets (`dl_tok_`, `dl_inv_`)
 * so scanners recognise it. Stored only as its SHA-256 (`hashSecret`), like access tokens.
 */
export function generateFeedSecret(): string {
  return `dl_cal_${randomBytes(32).toString('base64url')}`;
}

/** Shape check before any lookup: anything else cannot be a feed. */
export function isFeedSecret(value: string): boolean {
  return FEED_SECRET.test(value);
}

/** `<secret>.ics` → the secret, or null for any other file name. */
export function secretFromFileName(file: string): string | null {
  if (!file.endsWith('.ics')) return null;
  const secret = file.slice(0, -'.ics'.length);
  return isFeedSecret(secret) ? secret : null;
}
