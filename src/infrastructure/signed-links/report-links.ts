import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed report link grants: one report, as one user, until `expiresAt`. */
export interface ReportLinkClaims {
  /** Request path, e.g. `/reports/outages/<id>.html` or `/reports/period.csv`. */
  path: string;
  /** Report parameters that are part of the link (from, to, platform, asOf). */
  params: Record<string, string>;
  userId: string;
  expiresAt: Date;
}

const SIGNED_PARAMS = ['u', 'exp'];

function canonical(claims: ReportLinkClaims): string {
  const params = Object.entries({
    ...claims.params,
    u: claims.userId,
    exp: String(Math.floor(claims.expiresAt.getTime() / 1000)),
  }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${claims.path}?${new URLSearchParams(params).toString()}`;
}

function sign(key: Buffer, claims: ReportLinkClaims): string {
  return createHmac('sha256', key).update(canonical(claims)).digest('base64url');
}

/** The query string of a signed link: the report's own parameters plus `u`, `exp` and `sig`. */
export function signReportLink(key: Buffer, claims: ReportLinkClaims): string {
  const query = new URLSearchParams({
    ...claims.params,
    u: claims.userId,
    exp: String(Math.floor(claims.expiresAt.getTime() / 1000)),
    sig: sign(key, claims),
  });
  return `${claims.path}?${query.toString()}`;
}

export type LinkCheck =
  { valid: true; userId: string } | { valid: false; reason: 'MISSING' | 'TAMPERED' | 'EXPIRED' };

/**
 * Checks a link's signature over its path and every report parameter, then its expiry. Any
 * change to the path, the parameters, the user or the expiry breaks the signature.
 */
export function verifyReportLink(
  key: Buffer,
  path: string,
  query: Record<string, string>,
  now: Date,
): LinkCheck {
  const { sig, u, exp } = query;
  if (!sig || !u || !exp) return { valid: false, reason: 'MISSING' };
  const seconds = Number(exp);
  if (!/^\d{1,12}$/.test(exp) || !Number.isSafeInteger(seconds))
    return { valid: false, reason: 'TAMPERED' };
  const params = Object.fromEntries(
    Object.entries(query).filter(([name]) => name !== 'sig' && !SIGNED_PARAMS.includes(name)),
  );
  const expected = Buffer.from(
    sign(key, { path, params, userId: u, expiresAt: new Date(seconds * 1000) }),
  );
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { valid: false, reason: 'TAMPERED' };
  }
  if (seconds * 1000 <= now.getTime()) return { valid: false, reason: 'EXPIRED' };
  return { valid: true, userId: u };
}
