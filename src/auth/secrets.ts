import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keyLength: number,
  options: object,
) => Promise<Buffer>;

const KEY_LENGTH = 64;
const MAX_MEMORY = 256 * 1024 * 1024;

/**
 * scrypt with r=8, p=1 and N=2^costLog2. Production uses OWASP's floor (2^17); the cost is
 * stored in the hash, so lowering it for tests never weakens hashes made elsewhere.
 */
export async function hashPassword(password: string, costLog2: number): Promise<string> {
  const salt = randomBytes(16);
  const params = { N: 2 ** costLog2, r: 8, p: 1, maxmem: MAX_MEMORY };
  const key = await scryptAsync(password, salt, KEY_LENGTH, params);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEMORY,
  });
  return timingSafeEqual(actual, expected);
}

/** A hash with the same cost as a real one, so a sign-in for an unknown email takes as long. */
export function dummyPasswordHash(costLog2: number): string {
  return `scrypt$${2 ** costLog2}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;
}

/** Bearer secrets: 32 random bytes, prefixed so they are recognisable in logs and secret scanners. */
export function generateSecret(prefix: 'dl_tok' | 'dl_inv'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * Secrets are stored only as SHA-256: a leaked table grants nothing. They are 32 random bytes,
 * so a fast unsalted hash is enough (nothing to guess from a dictionary), and they are found by
 * an indexed equality on the hash rather than compared in code: timing can at most tell how
 * much of a *hash* matched, which says nothing about a secret that would produce it. Passwords
 * are compared with timingSafeEqual (verifyPassword), signed links likewise (reports).
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
