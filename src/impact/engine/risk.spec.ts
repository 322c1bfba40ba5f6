import { OUTCOME_SEVERITY, compareOutcomes, deliverableRisk, worseOutcome } from './risk';
import { EDGES, PLATFORMS, deliverable, outage, pid, utc } from './test-fixtures';
import type { RiskOutcome } from './types';

const AS_OF = utc('2024-03-06T00:00:00Z');

describe('worseOutcome', () => {
  it('orders LOST > LATE > DELAYED > AT_RISK > RECOVERABLE > ON_TRACK', () => {
    const order: RiskOutcome[] = ['LOST', 'LATE', 'DELAYED', 'AT_RISK', 'RECOVERABLE', 'ON_TRACK'];
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) {
        const worse = order[Math.min(i, j)];
        expect(worseOutcome(order[i], order[j])).toBe(worse);
      }
    }
    expect(OUTCOME_SEVERITY.slice(0, 6)).toEqual(order);
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
    // A 16:00 post due 16:30: AT_RISK under the partial outage, LATE under the full one.
    const d = deliverable({ dueAt: utc('2024-03-05T16:30:00Z') });
    const risk = deliverableRisk(d, [metaSlow, meta, unrelated], EDGES, AS_OF, PLATFORMS);
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
