import { diffSnapshots, encodeAuditValue, money } from './audit-changes';

describe('audit changes', () => {
  it('stores money as minor units with the currency, instants as ISO UTC, lists as JSON', () => {
    expect(encodeAuditValue(money(160000n, 'USD'))).toEqual({ minor: '160000', currency: 'USD' });
    // 2^63 − 1 minor units survive: no Number on the way.
    expect(encodeAuditValue(money(9223372036854775807n, 'JPY'))).toEqual({
      minor: '9223372036854775807',
      currency: 'JPY',
    });
    expect(encodeAuditValue(new Date('2030-03-05T16:00:00+01:00'))).toBe(
      '2030-03-05T15:00:00.000Z',
    );
    expect(encodeAuditValue(['youtube', 'tiktok'])).toBe('["youtube","tiktok"]');
    expect(encodeAuditValue([])).toBeNull();
    expect(encodeAuditValue(250)).toBe('250');
    expect(encodeAuditValue(false)).toBe('false');
    expect(encodeAuditValue(undefined)).toBeNull();
  });

  it('lists only the fields that changed, before → after', () => {
    const before = { status: 'DRAFT', totalFee: money(100n, 'USD'), title: 'A', signedOn: null };
    const after = { status: 'ACTIVE', totalFee: money(100n, 'USD'), title: 'A', signedOn: null };
    expect(diffSnapshots(before, after)).toEqual([
      { field: 'status', before: 'DRAFT', after: 'ACTIVE' },
    ]);
    expect(diffSnapshots(before, before)).toEqual([]);
  });

  it('sees a change of currency with the same minor units', () => {
    expect(diffSnapshots({ fee: money(100n, 'USD') }, { fee: money(100n, 'EUR') })).toEqual([
      {
        field: 'fee',
        before: { minor: '100', currency: 'USD' },
        after: { minor: '100', currency: 'EUR' },
      },
    ]);
  });

  it('records a creation as every field with a value, from null', () => {
    expect(diffSnapshots(null, { title: 'A', endsAt: null, platforms: ['meta'] })).toEqual([
      { field: 'title', before: null, after: 'A' },
      { field: 'platforms', before: null, after: '["meta"]' },
    ]);
  });

  it('treats a field present on one side only as null on the other', () => {
    expect(diffSnapshots({ platform: 'instagram' }, {})).toEqual([
      { field: 'platform', before: 'instagram', after: null },
    ]);
  });
});
