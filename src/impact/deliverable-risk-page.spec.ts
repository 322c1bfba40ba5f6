import type { DeliverableCandidate } from '../deals/deal.repository';
import { narrowing, ranksByRisk, sortRanked } from './deliverable-risk-page.service';
import type { DeliverableRisk, RiskOutcome } from './engine';

const AS_OF = new Date('2030-06-10T12:00:00Z');

function ranked(id: string, outcome: RiskOutcome, dueAt: string, scheduledAt = dueAt) {
  return {
    candidate: {
      deliverable: { id, dueAt: new Date(dueAt), scheduledAt: new Date(scheduledAt) },
    } as unknown as DeliverableCandidate,
    risk: { deliverableId: id, outcome } as DeliverableRisk,
  };
}

describe('ranking the deliverables list by risk', () => {
  it('ranks only when a risk filter or the RISK order is asked', () => {
    expect(ranksByRisk({})).toBe(false);
    expect(ranksByRisk({ filter: { statuses: ['PLANNED'] } })).toBe(false);
    expect(ranksByRisk({ orderBy: { field: 'DUE_AT', direction: 'ASC' } })).toBe(false);
    expect(ranksByRisk({ filter: { riskLevels: ['LOST'] } })).toBe(true);
    expect(ranksByRisk({ filter: { overdue: false } })).toBe(true);
    expect(ranksByRisk({ orderBy: { field: 'RISK', direction: 'ASC' } })).toBe(true);
  });

  it('RISK DESC: worst first, then the earliest deadline, then id; ASC is the reverse', () => {
    const items = [
      ranked('d', 'DELAYED', '2030-06-15T00:00:00Z'),
      ranked('b', 'OVERDUE', '2030-06-02T00:00:00Z'),
      ranked('c', 'LOST', '2030-06-20T00:00:00Z'),
      ranked('a', 'LOST', '2030-06-09T00:00:00Z'),
      ranked('e', 'LOST', '2030-06-09T00:00:00Z'),
      ranked('f', 'ON_TRACK', '2030-06-01T00:00:00Z'),
    ];
    const desc = sortRanked([...items], { field: 'RISK', direction: 'DESC' });
    // LOST (a, e share a deadline: by id), LOST later, OVERDUE, DELAYED, ON_TRACK
    expect(desc.map((item) => item.risk.deliverableId)).toEqual(['a', 'e', 'c', 'b', 'd', 'f']);
    const asc = sortRanked([...items], { field: 'RISK', direction: 'ASC' });
    expect(asc.map((item) => item.risk.deliverableId)).toEqual(['f', 'd', 'b', 'c', 'e', 'a']);
  });

  it('the other fields sort by instant then id, in the direction asked; default by slot', () => {
    const items = [
      ranked('b', 'LOST', '2030-06-02T00:00:00Z', '2030-06-01T00:00:00Z'),
      ranked('a', 'LOST', '2030-06-03T00:00:00Z', '2030-06-01T00:00:00Z'),
      ranked('c', 'LOST', '2030-06-01T00:00:00Z', '2030-06-02T00:00:00Z'),
    ];
    const ids = (order: Parameters<typeof sortRanked>[1]) =>
      sortRanked([...items], order).map((item) => item.risk.deliverableId);
    expect(ids(undefined)).toEqual(['a', 'b', 'c']);
    expect(ids({ field: 'DUE_AT', direction: 'ASC' })).toEqual(['c', 'b', 'a']);
    expect(ids({ field: 'SCHEDULED_AT', direction: 'DESC' })).toEqual(['c', 'b', 'a']);
  });

  it('narrows the SQL only where the rule allows', () => {
    // Outage levels and OVERDUE: only PLANNED deliverables of ACTIVE deals can have them.
    expect(narrowing({ riskLevels: ['LOST', 'OVERDUE'] }, AS_OF)).toEqual({
      statuses: ['PLANNED'],
      dealStatuses: ['ACTIVE'],
    });
    // ON_TRACK includes PLANNED deliverables of DRAFT and COMPLETED deals.
    expect(narrowing({ riskLevels: ['LOST', 'ON_TRACK'] }, AS_OF)).toEqual({
      statuses: ['PLANNED'],
      dealStatuses: ['DRAFT', 'ACTIVE', 'COMPLETED'],
    });
    // A settled level: nothing can be left out.
    expect(narrowing({ riskLevels: ['LOST', 'CANCELLED'] }, AS_OF)).toEqual({});
    // Overdue: dueAt (which force majeure only extends) is before asOf.
    expect(narrowing({ overdue: true }, AS_OF)).toEqual({
      statuses: ['PLANNED'],
      dealStatuses: ['ACTIVE'],
      dueBefore: AS_OF,
    });
    expect(narrowing({ overdue: false }, AS_OF)).toEqual({});
  });
});
