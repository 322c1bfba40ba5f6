import {
  OUTCOME_SEVERITY,
  compareOutcomes,
  deadlineInForce,
  deliverableRisk,
  isOverdue,
  worseOutcome,
} from './risk';
import { EDGES, PLATFORMS, deliverable, outage, pid, utc } from './engine.fixtures';
import type { RiskOutcome } from './types';

// After the example outage (15:00–17:20) and before the fixtures' 18:00 deadline: nothing is
// provisional and nothing is overdue yet.
const AS_OF = utc('2024-03-05T17:30:00Z');

describe('worseOutcome', () => {
  it('orders LOST > OVERDUE > LATE > DELAYED > AT_RISK > RECOVERABLE > ON_TRACK', () => {
    const order: RiskOutcome[] = [
      'LOST',
      'OVERDUE',
      'LATE',
      'DELAYED',
      'AT_RISK',
      'RECOVERABLE',
      'ON_TRACK',
    ];
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) {
        const worse = order[Math.min(i, j)];
        expect(worseOutcome(order[i], order[j])).toBe(worse);
      }
    }
    expect(OUTCOME_SEVERITY.slice(0, 7)).toEqual(order);
  });

  it('is commutative and associative over every outcome', () => {
    for (const a of OUTCOME_SEVERITY) {
      for (const b of OUTCOME_SEVERITY) {
        expect(worseOutcome(a, b)).toBe(worseOutcome(b, a));
        expect(Math.sign(compareOutcomes(a, b)) + Math.sign(compareOutcomes(b, a))).toBe(0);
        for (const c of OUTCOME_SEVERITY) {
          expect(worseOutcome(worseOutcome(a, b), c)).toBe(worseOutcome(a, worseOutcome(b, c)));
        }
      }
    }
  });
});

describe('deliverableRisk', () => {
  const meta = outage({ id: 'meta' }); // FULL 15:00–17:20
  const metaSlow = outage({
    id: 'meta-slow',
    severity: 'PARTIAL',
    degradationBps: 3000,
    startsAt: utc('2024-03-05T15:30:00Z'),
    endsAt: utc('2024-03-05T16:30:00Z'),
  });
  const unrelated = outage({ id: 'bytedance', slugs: ['bytedance'] });

  it('reports the worst outcome over all outages, with the outages behind it', () => {
    // A 16:00 post due 16:30: AT_RISK under the partial outage, LATE under the full one
    // (asked at 16:20, before the deadline passes).
    const d = deliverable({ dueAt: utc('2024-03-05T16:30:00Z') });
    const asOf = utc('2024-03-05T16:20:00Z');
    const risk = deliverableRisk(d, [metaSlow, meta, unrelated], EDGES, asOf, PLATFORMS);
    expect(risk.outcome).toBe('LATE');
    expect(risk.outageIds).toEqual(['meta']);
    expect(risk.suggestedSlot).toEqual(utc('2024-03-05T17:20:00Z'));
    expect(risk.suggestedPlatformId).toBe(pid('instagram'));
    expect(risk.assessment?.outageId).toBe('meta');
  });

  it('is AT_RISK under only a partial outage and ON_TRACK when nothing hits', () => {
    expect(deliverableRisk(deliverable(), [metaSlow], EDGES, AS_OF).outcome).toBe('AT_RISK');
    expect(deliverableRisk(deliverable(), [unrelated], EDGES, AS_OF)).toMatchObject({
      outcome: 'ON_TRACK',
      outageIds: [],
    });
    expect(deliverableRisk(deliverable(), [], EDGES, AS_OF).outcome).toBe('ON_TRACK');
    expect(
      deliverableRisk(deliverable({ deal: { status: 'DRAFT' } }), [meta], EDGES, AS_OF).outcome,
    ).toBe('ON_TRACK');
  });

  it('reports RECOVERABLE with the alternate', () => {
    const risk = deliverableRisk(
      deliverable({ deal: { alternatePlatformIds: [pid('youtube')] } }),
      [meta],
      EDGES,
      AS_OF,
    );
    expect(risk).toMatchObject({
      outcome: 'RECOVERABLE',
      suggestedPlatformId: pid('youtube'),
      outageIds: ['meta'],
    });
  });

  it('settled deliverables are POSTED or CANCELLED whatever happens', () => {
    expect(deliverableRisk(deliverable({ status: 'POSTED' }), [meta], EDGES, AS_OF).outcome).toBe(
      'POSTED',
    );
    expect(
      deliverableRisk(deliverable({ status: 'CANCELLED' }), [meta], EDGES, AS_OF).outcome,
    ).toBe('CANCELLED');
    expect(
      deliverableRisk(deliverable({ deal: { status: 'CANCELLED' } }), [meta], EDGES, AS_OF).outcome,
    ).toBe('CANCELLED');
  });

  it('lists every outage that gives the worst outcome', () => {
    // two separate FULL outages, each alone making a FIXED slot 16:00–17:00 LOST
    const a = outage({
      id: 'a',
      startsAt: utc('2024-03-05T15:00:00Z'),
      endsAt: utc('2024-03-05T16:10:00Z'),
    });
    const b = outage({
      id: 'b',
      slugs: ['instagram'],
      startsAt: utc('2024-03-05T16:40:00Z'),
      endsAt: utc('2024-03-05T18:00:00Z'),
    });
    const risk = deliverableRisk(
      deliverable({ timing: 'FIXED', durationMinutes: 60 }),
      [a, b],
      EDGES,
      AS_OF,
    );
    expect(risk.outcome).toBe('LOST');
    expect(risk.outageIds).toEqual(['a', 'b']);
  });

  it('is provisional when an ongoing outage is involved', () => {
    const ongoing = outage({ id: 'meta-now', endsAt: null });
    expect(
      deliverableRisk(deliverable(), [ongoing], EDGES, utc('2024-03-05T16:30:00Z')).provisional,
    ).toBe(true);
  });
});

describe('OVERDUE: still PLANNED on an ACTIVE deal after the deadline', () => {
  const meta = outage({ id: 'meta' }); // FULL 15:00–17:20
  const due = utc('2024-03-05T18:00:00Z');
  const justAfter = utc('2024-03-05T18:00:00.001Z');

  it('a deadline exactly at asOf has not passed; 1 ms later it has', () => {
    const d = deliverable({ dueAt: due }); // instagram 16:00, no outage
    expect(deliverableRisk(d, [], EDGES, due).outcome).toBe('ON_TRACK');
    const risk = deliverableRisk(d, [], EDGES, utc('2024-03-06T09:00:00Z'));
    expect(risk).toMatchObject({
      outcome: 'OVERDUE',
      outageIds: [],
      suggestedSlot: null,
      suggestedPlatformId: null,
      assessment: null,
      provisional: false,
    });
    expect(risk.explanationCode).toBe('DEADLINE_PASSED');
    expect(risk.explanation).toBe(
      'Deadline passed on 2024-03-05 18:00 UTC without a post → OVERDUE.',
    );
    expect(deliverableRisk(d, [], EDGES, justAfter).outcome).toBe('OVERDUE');
  });

  it('outranks DELAYED, keeping the outage figures but no suggestion', () => {
    // 16:00 post due 18:00 → DELAYED to 17:20 by the outage; at 18:00:00.001 the deadline has passed
    const d = deliverable({ dueAt: due, fee: 120_000n });
    expect(deliverableRisk(d, [meta], EDGES, AS_OF).outcome).toBe('DELAYED');
    const risk = deliverableRisk(d, [meta], EDGES, justAfter, PLATFORMS);
    expect(risk.outcome).toBe('OVERDUE');
    expect(risk.outageIds).toEqual(['meta']);
    expect([risk.suggestedSlot, risk.suggestedPlatformId]).toEqual([null, null]);
    expect(risk.assessment).toMatchObject({ outcome: 'DELAYED', delayed: 120_000n }); // still in Deal.impact
    expect(risk.explanation).toBe(
      'Deadline passed on 2024-03-05 18:00 UTC without a post → OVERDUE. ' +
        'Before that, DELAYED: Instagram was down 15:00–17:20 UTC (through Meta); next free slot 17:20 is on or before the 18:00 deadline → 1200.00 USD delayed by 1 h 20 min; payment due moves from 2024-04-04 16:00 to 2024-04-04 17:20 UTC.',
    );
  });

  it('outranks LATE, AT_RISK and RECOVERABLE; LOST stays LOST', () => {
    const after = utc('2024-03-06T00:00:00Z');
    const late = deliverable({ dueAt: utc('2024-03-05T16:30:00Z') });
    const partial = outage({ severity: 'PARTIAL', degradationBps: 3000 });
    const recoverable = deliverable({ deal: { alternatePlatformIds: [pid('youtube')] } });
    expect(deliverableRisk(late, [meta], EDGES, after).outcome).toBe('OVERDUE');
    expect(deliverableRisk(deliverable(), [partial], EDGES, after).outcome).toBe('OVERDUE');
    expect(deliverableRisk(recoverable, [meta], EDGES, after).outcome).toBe('OVERDUE');
    const fixed = deliverable({ timing: 'FIXED' });
    expect(deliverableRisk(fixed, [meta], EDGES, after).outcome).toBe('LOST');
  });

  it('waits for a deadline extended under force majeure', () => {
    // due 17:00, force majeure: + 2 h 20 min of downtime → deadline in force 19:20
    const d = deliverable({ dueAt: utc('2024-03-05T17:00:00Z'), deal: { forceMajeure: true } });
    const at1900 = deliverableRisk(d, [meta], EDGES, utc('2024-03-05T19:00:00Z'));
    expect(at1900.outcome).toBe('DELAYED');
    expect(deadlineInForce(d, [at1900.assessment!])).toEqual(utc('2024-03-05T19:20:00Z'));
    const at1930 = deliverableRisk(d, [meta], EDGES, utc('2024-03-05T19:30:00Z'), PLATFORMS);
    expect(at1930.outcome).toBe('OVERDUE');
    expect(at1930.explanation).toMatch(
      /^Deadline \(due 2024-03-05 17:00 UTC \+ 2 h 20 min downtime under force majeure\) passed on 2024-03-05 19:20 UTC without a post/,
    );
  });

  it('never applies to settled deliverables or to deals that are not ACTIVE', () => {
    const after = utc('2024-03-07T00:00:00Z');
    expect(deliverableRisk(deliverable({ status: 'POSTED' }), [], EDGES, after).outcome).toBe(
      'POSTED',
    );
    expect(deliverableRisk(deliverable({ status: 'CANCELLED' }), [], EDGES, after).outcome).toBe(
      'CANCELLED',
    );
    for (const status of ['DRAFT', 'COMPLETED'] as const) {
      const d = deliverable({ deal: { status } });
      expect(isOverdue(d, after)).toBe(false);
      expect(deliverableRisk(d, [meta], EDGES, after).outcome).toBe('ON_TRACK');
    }
  });
});
