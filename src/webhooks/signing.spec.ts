import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { signPayload, verifyDealLedgerSignature } from './signing';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body =
    '{"id":"e1","type":"deliverable.posted","createdAt":"2030-03-05T16:00:00.000Z","data":{}}';

  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signPayload(secret, 1_700_000_000, body)).toBe(`v1=${expected}`);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies its own signatures within the tolerance', () => {
    const signature = signPayload(secret, 1_700_000_000, body);
    expect(
      verifyDealLedgerSignature(secret, body, '1700000000', signature, 300, 1_700_000_299),
    ).toBe(true);
    // One second past the five-minute tolerance: a replay.
    expect(
      verifyDealLedgerSignature(secret, body, '1700000000', signature, 300, 1_700_000_301),
    ).toBe(false);
  });

  it('refuses another secret, a changed body, a changed timestamp and junk headers', () => {
    const signature = signPayload(secret, 1_700_000_000, body);
    const now = 1_700_000_000;
    expect(verifyDealLedgerSignature('whsec_other', body, '1700000000', signature, 300, now)).toBe(
      false,
    );
    expect(verifyDealLedgerSignature(secret, `${body} `, '1700000000', signature, 300, now)).toBe(
      false,
    );
    expect(verifyDealLedgerSignature(secret, body, '1700000001', signature, 300, now)).toBe(false);
    expect(verifyDealLedgerSignature(secret, body, undefined, signature, 300, now)).toBe(false);
    expect(verifyDealLedgerSignature(secret, body, '1700000000', undefined, 300, now)).toBe(false);
    expect(verifyDealLedgerSignature(secret, body, '1700000000', 'v1=abc', 300, now)).toBe(false);
    expect(verifyDealLedgerSignature(secret, body, 'soon', signature, 300, now)).toBe(false);
  });

  it('accepts any matching v1 among several (secret rotation)', () => {
    const signature = signPayload(secret, 1_700_000_000, body);
    const header = `v1=${'0'.repeat(64)}, ${signature}`;
    expect(verifyDealLedgerSignature(secret, body, '1700000000', header, 300, 1_700_000_000)).toBe(
      true,
    );
  });

  it('property: a signature verifies exactly for its own secret, timestamp and body', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.string(),
        fc.integer({ min: 1, max: 4_000_000_000 }),
        (secretA, secretB, bodyA, bodyB, timestamp) => {
          const signature = signPayload(secretA, timestamp, bodyA);
          const ts = String(timestamp);
          expect(verifyDealLedgerSignature(secretA, bodyA, ts, signature, 0, timestamp)).toBe(true);
          if (secretB !== secretA) {
            expect(verifyDealLedgerSignature(secretB, bodyA, ts, signature, 0, timestamp)).toBe(
              false,
            );
          }
          if (bodyB !== bodyA) {
            expect(verifyDealLedgerSignature(secretA, bodyB, ts, signature, 0, timestamp)).toBe(
              false,
            );
          }
        },
      ),
    );
  });
});
