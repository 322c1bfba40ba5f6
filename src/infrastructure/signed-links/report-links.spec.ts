import { randomBytes } from 'node:crypto';
import { signReportLink, verifyReportLink } from './report-links';

const key = randomBytes(32);
const now = new Date('2024-03-06T12:00:00Z');
const claims = {
  path: '/reports/period.csv',
  params: { from: '2024-03-01T00:00:00.000Z', to: '2024-03-31T00:00:00.000Z' },
  userId: '5f0c6a2e-7c1b-4d43-9a55-0b7d6c3c1f00',
  expiresAt: new Date('2024-03-07T12:00:00Z'),
};

function parse(link: string): { path: string; query: Record<string, string> } {
  const url = new URL(link, 'http://x');
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
}

describe('signed report links', () => {
  it('verifies an untouched link as its user', () => {
    const { path, query } = parse(signReportLink(key, claims));
    expect(verifyReportLink(key, path, query, now)).toEqual({ valid: true, userId: claims.userId });
  });

  it('refuses any change to the path, a parameter, the user or the expiry', () => {
    const { path, query } = parse(signReportLink(key, claims));
    expect(verifyReportLink(key, '/reports/period.html', query, now).valid).toBe(false);
    expect(
      verifyReportLink(key, path, { ...query, to: '2024-12-31T00:00:00.000Z' }, now).valid,
    ).toBe(false);
    expect(verifyReportLink(key, path, { ...query, platform: 'meta' }, now).valid).toBe(false);
    expect(
      verifyReportLink(key, path, { ...query, u: '00000000-0000-4000-8000-000000000000' }, now)
        .valid,
    ).toBe(false);
    expect(
      verifyReportLink(key, path, { ...query, exp: String(Number(query.exp) + 3600) }, now),
    ).toEqual({
      valid: false,
      reason: 'TAMPERED',
    });
    expect(verifyReportLink(randomBytes(32), path, query, now).valid).toBe(false);
  });

  it('refuses an expired link and one without a signature', () => {
    const { path, query } = parse(signReportLink(key, claims));
    expect(verifyReportLink(key, path, query, new Date('2024-03-07T12:00:00Z'))).toEqual({
      valid: false,
      reason: 'EXPIRED',
    });
    const { sig: _sig, ...unsigned } = query;
    expect(verifyReportLink(key, path, unsigned, now)).toEqual({ valid: false, reason: 'MISSING' });
  });
});
