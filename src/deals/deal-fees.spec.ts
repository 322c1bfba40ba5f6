import fc from 'fast-check';
import {
  addDeliverableFees,
  cancelDeliverableFees,
  changeDeliverableFee,
  planDeliverableFees,
  rebalancePlannedFees,
  retotalDealFees,
  settledFees,
  type FeeLine,
} from './deal-fees';

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

// A deal's deliverables as the fee rules see them: planned (p) or settled (s), with fees.
const p = (fee: bigint): FeeLine => ({ fee, settled: false });
const s = (fee: bigint): FeeLine => ({ fee, settled: true });
const sum = (fees: readonly bigint[]): bigint => fees.reduce((a, b) => a + b, 0n);

/** Deliverables whose fees add up to their deal's total, as the services keep them. */
const dealLines = fc.array(
  fc.record({ fee: fc.bigInt({ min: 0n, max: 10n ** 10n }), settled: fc.boolean() }),
  { maxLength: 12 },
);

describe('settledFees', () => {
  it('adds up posted and cancelled fees only', () => {
    // 200.00 posted + 50.00 cancelled = 250.00; the planned 700.00 does not count
    expect(settledFees([s(20000n), p(70000n), s(5000n)])).toBe(25000n);
    expect(settledFees([])).toBe(0n);
  });
});

describe('retotalDealFees', () => {
  it('scales the planned fees to a new total, settled ones untouched', () => {
    // 1000.00 → 1200.00 with 200.00 posted: 1000.00 over planned 300 : 500 → 375.00 and 625.00
    expect(retotalDealFees(120000n, [p(30000n), s(20000n), p(50000n)])).toEqual({
      ok: true,
      fees: [37500n, 20000n, 62500n],
    });
  });

  it('shares a remainder by largest remainder, earliest first on ties', () => {
    // 100.00 over planned 1 : 1 : 1 = 33.333… each → 33.34, 33.33, 33.33
    expect(retotalDealFees(10000n, [p(500n), p(500n), p(500n)])).toEqual({
      ok: true,
      fees: [3334n, 3333n, 3333n],
    });
  });

  it('shares evenly when every planned fee is zero', () => {
    // 90.00 over two zero-fee planned deliverables = 45.00 each
    expect(retotalDealFees(9000n, [p(0n), p(0n)])).toEqual({ ok: true, fees: [4500n, 4500n] });
  });

  it('takes any total on a deal without deliverables', () => {
    expect(retotalDealFees(123456n, [])).toEqual({ ok: true, fees: [] });
  });

  it('refuses a total below the settled fees', () => {
    // 150.00 < 200.00 posted
    expect(retotalDealFees(15000n, [s(20000n), p(10000n)])).toEqual({
      ok: false,
      settledSum: 20000n,
      everySettled: false,
    });
  });

  it('refuses any other total when every deliverable is settled', () => {
    // posted 200.00 + cancelled 100.00 = 300.00: only 300.00 is possible
    expect(retotalDealFees(35000n, [s(20000n), s(10000n)])).toEqual({
      ok: false,
      settledSum: 30000n,
      everySettled: true,
    });
    expect(retotalDealFees(30000n, [s(20000n), s(10000n)])).toEqual({
      ok: true,
      fees: [20000n, 10000n],
    });
  });

  it('always sums to the new total, with no negative fee and settled fees untouched', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), dealLines, (total, lines) => {
        const result = retotalDealFees(total, lines);
        if (!result.ok) {
          // Refused only when the settled fees cannot fit, or nothing planned can absorb a change.
          const settled = settledFees(lines);
          expect(settled > total || (lines.every((l) => l.settled) && settled !== total)).toBe(
            true,
          );
          return;
        }
        expect(result.fees).toHaveLength(lines.length);
        if (lines.length > 0) expect(sum(result.fees)).toBe(total);
        expect(result.fees.every((fee) => fee >= 0n)).toBe(true);
        lines.forEach((line, i) => line.settled && expect(result.fees[i]).toBe(line.fee));
      }),
    );
  });
});

describe('addDeliverableFees', () => {
  it('grows the total by a given fee and moves no other fee', () => {
    // 1000.00 + 250.00 = 1250.00
    expect(addDeliverableFees(100000n, 25000n, [p(60000n), s(40000n)])).toEqual({
      fee: 25000n,
      totalFee: 125000n,
      fees: [60000n, 40000n],
    });
    // a zero fee extends the contract by nothing
    expect(addDeliverableFees(100000n, 0n, [])).toEqual({ fee: 0n, totalFee: 100000n, fees: [] });
  });

  it('without a fee, takes an even share of what is not settled; the total stays put', () => {
    // total 1000.00, 400.00 posted: pool 600.00 over two planned + the newcomer = 200.00 each;
    // the planned 300.00 : 300.00 give up 100.00 each
    expect(addDeliverableFees(100000n, null, [p(30000n), s(40000n), p(30000n)])).toEqual({
      fee: 20000n,
      totalFee: 100000n,
      fees: [20000n, 40000n, 20000n],
    });
  });

  it('keeps the planned fees in proportion when they differ', () => {
    // pool 900.00 over 2 planned + 1 = 300.00 share; 600.00 left over 200 : 400 → 200.00 and 400.00
    expect(addDeliverableFees(90000n, null, [p(30000n), p(60000n)])).toEqual({
      fee: 30000n,
      totalFee: 90000n,
      fees: [20000n, 40000n],
    });
  });

  it('gives the newcomer the last (smallest) share when the pool does not divide', () => {
    // pool 100.00 over 3 = 33.34, 33.33, 33.33: the newcomer takes the last, 33.33;
    // 66.67 over 50.00 : 50.00 → 33.34 and 33.33 (the earlier takes the odd cent)
    expect(addDeliverableFees(10000n, null, [p(5000n), p(5000n)])).toEqual({
      fee: 3333n,
      totalFee: 10000n,
      fees: [3334n, 3333n],
    });
  });

  it('takes the whole unsettled rest when nothing else is planned', () => {
    // total 500.00, 500.00 posted: nothing left, the newcomer's fee is 0.00
    expect(addDeliverableFees(50000n, null, [s(50000n)])).toEqual({
      fee: 0n,
      totalFee: 50000n,
      fees: [50000n],
    });
    // a deal without deliverables: the newcomer takes the whole 1000.00
    expect(addDeliverableFees(100000n, null, [])).toEqual({
      fee: 100000n,
      totalFee: 100000n,
      fees: [],
    });
  });

  it('keeps fees summing to the total, none negative, settled ones untouched', () => {
    fc.assert(
      fc.property(
        dealLines,
        fc.option(fc.bigInt({ min: 0n, max: 10n ** 10n }), { nil: null }),
        (lines, given) => {
          const total = sum(lines.map((line) => line.fee));
          const result = addDeliverableFees(total, given, lines);
          expect(result.fees).toHaveLength(lines.length);
          expect(result.fee + sum(result.fees)).toBe(result.totalFee);
          expect(result.totalFee).toBe(given === null ? total : total + given);
          expect(result.fee >= 0n && result.fees.every((fee) => fee >= 0n)).toBe(true);
          lines.forEach((line, i) => {
            if (line.settled || given !== null) expect(result.fees[i]).toBe(line.fee);
          });
        },
      ),
    );
  });
});

describe('changeDeliverableFee', () => {
  it('moves the total by the difference', () => {
    // 1000.00 − 300.00 + 450.00 = 1150.00
    expect(changeDeliverableFee(100000n, 30000n, 45000n)).toBe(115000n);
    // 1000.00 − 300.00 + 0.00 = 700.00
    expect(changeDeliverableFee(100000n, 30000n, 0n)).toBe(70000n);
  });

  it('keeps the fees summing to the total, never negative', () => {
    fc.assert(
      fc.property(
        dealLines.filter((lines) => lines.some((line) => !line.settled)),
        fc.nat(),
        fc.bigInt({ min: 0n, max: 10n ** 10n }),
        (lines, pick, after) => {
          const planned = lines.flatMap((line, i) => (line.settled ? [] : [i]));
          const index = planned[pick % planned.length];
          const total = sum(lines.map((line) => line.fee));
          const next = changeDeliverableFee(total, lines[index].fee, after);
          const fees = lines.map((line, i) => (i === index ? after : line.fee));
          expect(next).toBe(sum(fees));
          expect(next >= 0n).toBe(true);
        },
      ),
    );
  });
});

describe('cancelDeliverableFees', () => {
  it('keeps the fee on the record and the total where it is', () => {
    // cancelling a 300.00 deliverable of a 1000.00 deal: still 300.00 of 1000.00
    expect(cancelDeliverableFees(100000n, 30000n)).toEqual({ fee: 30000n, totalFee: 100000n });
  });

  it('never moves money', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (total, fee) => {
          expect(cancelDeliverableFees(total, fee)).toEqual({ fee, totalFee: total });
        },
      ),
    );
  });
});
