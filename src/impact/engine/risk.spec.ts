import fc from 'fast-check';
import { assessDeliverable } from './deliverable-impact';
import { EngineInputError } from './errors';
import {
  OUTCOME_SEVERITY,
  compareOutcomes,
  deadlineInForce,
  deliverableRisk,
  deliverableRisks,
  isOverdue,
  riskScopes,
  worseOutcome,
} from './risk';
import { EDGES, PLATFORMS, deliverable, outage, pid, scenarioArb, utc } from './engine.fixtures';
import type { DeliverableAssessment, DeliverableRisk, RiskOutcome } from './types';

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

/** Shared by the deliverableRisk and deliverableRisks specs. */
const meta = outage({ id: 'meta' }); // FULL 15:00–17:20
const metaSlow = outage({
  id: 'meta-slow',
  severity: 'PARTIAL',
  degradationBps: 3000,
  startsAt: utc('2024-03-05T15:30:00Z'),
  endsAt: utc('2024-03-05T16:30:00Z'),
});
const unrelated = outage({ id: 'bytedance', slugs: ['bytedance'] });

describe('deliverableRisk', () => {
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

describe('deliverableRisks: one scope per outage for a whole list', () => {
  it('gives each deliverable what deliverableRisk gives it, keyed by id', () => {
    const list = [
      deliverable({ dueAt: utc('2024-03-05T16:30:00Z') }), // LATE (meta), as above
      deliverable({ deal: { alternatePlatformIds: [pid('youtube')] } }), // RECOVERABLE
      deliverable({ timing: 'FIXED' }), // LOST
      deliverable({ slug: 'tiktok' }), // DELAYED: ByteDance down 15:00–17:20, 17:20 ≤ due 18:00
      deliverable({ slug: 'youtube' }), // ON_TRACK: nothing on Google
      deliverable({ status: 'POSTED' }),
    ];
    const outages = [metaSlow, meta, unrelated];
    const asOf = utc('2024-03-05T16:20:00Z');
    const risks = deliverableRisks(list, outages, EDGES, asOf, PLATFORMS);
    expect([...risks.keys()]).toEqual(list.map((d) => d.id));
    expect([...risks.values()].map((r) => r.outcome)).toEqual([
      'LATE',
      'RECOVERABLE',
      'LOST',
      'DELAYED',
      'ON_TRACK',
      'POSTED',
    ]);
    for (const d of list) {
      expect(plain(risks.get(d.id)!)).toEqual(
        plain(deliverableRisk(d, outages, EDGES, asOf, PLATFORMS)),
      );
    }
  });

  it('refuses terms that break the guarantees as deliverableRisk does, only when hit', () => {
    const bad = deliverable({ deal: { killFeeBps: 10_001 } });
    const asOf = utc('2024-03-05T16:20:00Z');
    expect(() => deliverableRisk(bad, [meta], EDGES, asOf)).toThrow(EngineInputError);
    expect(() => deliverableRisks([bad], [meta], EDGES, asOf)).toThrow(EngineInputError);
    // not hit: no rule reads the terms
    expect(deliverableRisks([bad], [unrelated], EDGES, asOf).get(bad.id)?.outcome).toBe('ON_TRACK');
  });

  it('is empty for an empty list and ON_TRACK against no outage', () => {
    expect(deliverableRisks([], [meta], EDGES, AS_OF).size).toBe(0);
    const d = deliverable();
    expect(deliverableRisks([d], [], EDGES, AS_OF).get(d.id)?.outcome).toBe('ON_TRACK');
  });

  it('equals deliverableRisk for random lists, outages and graphs (property)', () => {
    const seen = new Set<RiskOutcome>();
    let hits = 0;
    let shared = 0; // outages hitting two deliverables or more of one list: a scope reused
    fc.assert(
      fc.property(scenarioArb, ({ deliverables, outages, edges, asOf, named }) => {
        const hitCount = new Map<string, number>();
        const platforms = named ? PLATFORMS : undefined;
        const risks = deliverableRisks(deliverables, outages, edges, asOf, platforms);
        const scopes = riskScopes(outages, edges, asOf, platforms);
        expect(risks.size).toBe(deliverables.length);
        for (const d of deliverables) {
          const expected = deliverableRisk(d, outages, edges, asOf, platforms);
          seen.add(expected.outcome);
          expect(plain(risks.get(d.id)!)).toEqual(plain(expected));
          // the assessments behind it, in the order of the outages
          const assessed = outages
            .map((o) =>
              assessDeliverable({
                deliverable: d,
                outage: o,
                allOutages: outages,
                edges,
                asOf,
                platforms,
              }),
            )
            .filter((a): a is DeliverableAssessment => a !== null);
          hits += assessed.length;
          for (const a of assessed) hitCount.set(a.outageId, (hitCount.get(a.outageId) ?? 0) + 1);
          expect(scopes.assessments(d).map(plainAssessment)).toEqual(assessed.map(plainAssessment));
        }
        shared += [...hitCount.values()].filter((n) => n > 1).length;
      }),
      { numRuns: 300 },
    );
    // real hits of every kind, not only empty results
    expect(hits).toBeGreaterThan(150);
    expect(shared).toBeGreaterThan(20);
    // Every outcome but at most one: LATE needs a narrow band of slots, deadlines and kill days,
    // and a random run of 300 misses it now and then (the example above compares a LATE one).
    const missing = OUTCOME_SEVERITY.filter((outcome) => !seen.has(outcome));
    expect(missing.length).toBeLessThanOrEqual(1);
  });
});

/** Getters (the lazy explanations) read into plain values, so that toEqual compares them too. */
function plainAssessment(a: DeliverableAssessment): Record<string, unknown> {
  return { ...a, explanation: a.explanation };
}

function plain(risk: DeliverableRisk): Record<string, unknown> {
  return {
    ...risk,
    explanation: risk.explanation,
    assessment: risk.assessment && plainAssessment(risk.assessment),
  };
}
