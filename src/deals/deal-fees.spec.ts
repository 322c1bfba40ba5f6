import fc from 'fast-check';
import { planDeliverableFees, rebalancePlannedFees } from './deal-fees';

describe('planDeliverableFees', () => {
  it('splits an omitted fee evenly, largest remainder to the earliest', () => {
    // 1000.00 over 3: 333.33 × 3 = 999.99, the leftover cent goes to the first
    expect(planDeliverableFees(100000n, [null, null, null])).toEqual({
      ok: true,
      fees: [33334n, 33333n, 33333n],
    });
  });

  it('keeps given fees and shares the rest among the omitted ones', () => {
    // 1500.00 − 600.00 given = 900.00 over two = 450.00 each
    expect(planDeliverableFees(150000n, [null, 60000n, null])).toEqual({
      ok: true,
      fees: [45000n, 60000n, 45000n],
    });
  });

  it('accepts given fees that add up exactly and refuses ones that do not', () => {
    expect(planDeliverableFees(100000n, [40000n, 60000n])).toEqual({
      ok: true,
      fees: [40000n, 60000n],
    });
    expect(planDeliverableFees(100000n, [40000n, 50000n])).toEqual({
      ok: false,
      shortfall: -10000n,
    });
    expect(planDeliverableFees(100000n, [70000n, 50000n])).toEqual({
      ok: false,
      shortfall: 20000n,
    });
    expect(planDeliverableFees(100000n, [120000n, null])).toEqual({ ok: false, shortfall: 20000n });
  });

  it('always adds up to the total when it succeeds, with no negative fee', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(fc.option(fc.bigInt({ min: 0n, max: 10n ** 11n }), { nil: null }), {
          minLength: 1,
          maxLength: 12,
        }),
        (total, given) => {
          const plan = planDeliverableFees(total, given);
          if (!plan.ok) return;
          expect(plan.fees.reduce((a, b) => a + b, 0n)).toBe(total);
          expect(plan.fees.every((fee) => fee >= 0n)).toBe(true);
          given.forEach((fee, index) => fee !== null && expect(plan.fees[index]).toBe(fee));
        },
      ),
    );
  });
});

describe('rebalancePlannedFees', () => {
  it('scales planned fees to a new total, keeping settled ones', () => {
    // new total 1200.00, 200.00 already posted: 1000.00 over planned 300 : 100 → 750.00 and 250.00
    expect(rebalancePlannedFees(120000n, 20000n, [30000n, 10000n])).toEqual([75000n, 25000n]);
  });

  it('refuses a total below what is already settled', () => {
    expect(rebalancePlannedFees(10000n, 20000n, [5000n])).toBeNull();
    expect(rebalancePlannedFees(30000n, 20000n, [])).toBeNull();
    expect(rebalancePlannedFees(20000n, 20000n, [])).toEqual([]);
  });
});
