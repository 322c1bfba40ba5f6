import fc from 'fast-check';
import { approvalRisk, withApprovalRisk, type ApprovalStatus } from './approval';
import { EDGES, PLATFORMS, deliverable, outage, pid, utc } from './engine.fixtures';
import { OUTCOME_SEVERITY, deliverableRisk, worseOutcome } from './risk';
import type { DeliverableRisk, RiskOutcome } from './types';

// The fixtures' deliverable: a 16:00 post on 2024-03-05, due 18:00, on an ACTIVE deal.
const SLOT = utc('2024-03-05T16:00:00Z');
const inReview = { status: 'IN_REVIEW' as const, leadHours: 48 };

describe('approvalRisk', () => {
  it('is at risk from exactly leadHours before the slot, not a minute earlier', () => {
    const d = deliverable();
    // 16:00 on the 5th − 48 h = 16:00 on the 3rd.
    const before = approvalRisk(d, inReview, utc('2024-03-03T15:59:00Z'));
    expect(before).toEqual({
      atRisk: false,
      neededBy: utc('2024-03-03T16:00:00Z'),
      explanation: null,
    });
    const at = approvalRisk(d, inReview, utc('2024-03-03T16:00:00Z'));
    expect(at).toEqual({
      atRisk: true,
      neededBy: utc('2024-03-03T16:00:00Z'),
      explanation:
        'Approval missing: the brand needs the approved draft by 2024-03-03 16:00 UTC ' +
        '(48 h before the slot at 2024-03-05 16:00 UTC), and the latest draft is still in review → AT_RISK.',
    });
  });

  it('names what is missing: no draft, a draft in review, changes asked for', () => {
    const asOf = utc('2024-03-04T00:00:00Z'); // 8 h past the 48 h lead
    const why = (status: ApprovalStatus) =>
      approvalRisk(deliverable(), { status, leadHours: 48 }, asOf).explanation;
    expect(why('AWAITING_DRAFT')).toContain('and no draft has been submitted → AT_RISK.');
    expect(why('IN_REVIEW')).toContain('and the latest draft is still in review → AT_RISK.');
    expect(why('CHANGES_REQUESTED')).toContain(
      'and the brand asked for changes to the latest draft → AT_RISK.',
    );
  });

  it('never flags an approved draft or a deal that requires none', () => {
    const asOf = utc('2024-03-05T15:00:00Z'); // an hour before the slot
    for (const status of ['APPROVED', 'NOT_REQUIRED'] as const) {
      expect(approvalRisk(deliverable(), { status, leadHours: 48 }, asOf).atRisk).toBe(false);
    }
  });

  it('stays at risk after the slot until approved; with no lead time, from the slot on', () => {
    const afterSlot = utc('2024-03-05T17:00:00Z'); // slot passed, deadline (18:00) not yet
    expect(approvalRisk(deliverable(), inReview, afterSlot).atRisk).toBe(true);
    const noLead = { status: 'AWAITING_DRAFT' as const, leadHours: 0 };
    expect(approvalRisk(deliverable(), noLead, utc('2024-03-05T15:59:59Z')).atRisk).toBe(false);
    const atSlot = approvalRisk(deliverable(), noLead, SLOT);
    expect(atSlot.neededBy).toEqual(SLOT);
    expect(atSlot.explanation).toBe(
      'Approval missing: the brand needs the approved draft by 2024-03-05 16:00 UTC ' +
        '(at the slot at 2024-03-05 16:00 UTC), and no draft has been submitted → AT_RISK.',
    );
  });

  it('judges only PLANNED deliverables of ACTIVE deals (as OVERDUE does)', () => {
    const late = utc('2024-03-05T12:00:00Z');
    expect(approvalRisk(deliverable({ status: 'POSTED' }), inReview, late).atRisk).toBe(false);
    expect(approvalRisk(deliverable({ status: 'CANCELLED' }), inReview, late).atRisk).toBe(false);
    for (const status of ['DRAFT', 'COMPLETED', 'CANCELLED'] as const) {
      expect(approvalRisk(deliverable({ deal: { status } }), inReview, late).atRisk).toBe(false);
    }
  });
});

describe('withApprovalRisk', () => {
  // After the example Meta outage (15:00–17:20) and before the 18:00 deadline; the approval was
  // needed on the 3rd at 16:00, so it is missing here.
  const AS_OF = utc('2024-03-05T17:30:00Z');
  const meta = outage({ id: 'meta' });
  const metaSlow = outage({
    id: 'meta-slow',
    severity: 'PARTIAL',
    degradationBps: 3000,
    startsAt: utc('2024-03-05T15:30:00Z'),
    endsAt: utc('2024-03-05T16:30:00Z'),
  });
  const missing = (d = deliverable(), asOf = AS_OF) => approvalRisk(d, inReview, asOf);

  it('turns ON_TRACK into AT_RISK with the approval sentence', () => {
    const d = deliverable();
    const risk = withApprovalRisk(deliverableRisk(d, [], EDGES, AS_OF), missing(d));
    expect(risk).toMatchObject({
      deliverableId: d.id,
      outcome: 'AT_RISK',
      outageIds: [],
      suggestedSlot: null,
      suggestedPlatformId: null,
      assessment: null,
      provisional: false,
      explanationCode: 'APPROVAL_MISSING',
    });
    expect(risk.explanation).toBe(missing(d).explanation);
  });

  it('outranks RECOVERABLE, keeping the outage assessment and its sentence after its own', () => {
    const d = deliverable({ deal: { alternatePlatformIds: [pid('youtube')] } });
    const outages = deliverableRisk(d, [meta], EDGES, AS_OF, PLATFORMS);
    expect(outages.outcome).toBe('RECOVERABLE');
    const risk = withApprovalRisk(outages, missing(d));
    expect(risk).toMatchObject({
      outcome: 'AT_RISK',
      outageIds: [], // the approval is behind the level, not the outage
      suggestedSlot: null,
      suggestedPlatformId: null,
      explanationCode: 'APPROVAL_MISSING',
    });
    expect(risk.assessment).toBe(outages.assessment); // the money the outage moved still counts
    expect(risk.explanation).toBe(
      `${missing(d).explanation} Also RECOVERABLE: ${outages.explanation}`,
    );
  });

  it("keeps a partial outage's AT_RISK outages beside the approval", () => {
    const d = deliverable();
    const outages = deliverableRisk(d, [metaSlow], EDGES, AS_OF, PLATFORMS);
    expect(outages.outcome).toBe('AT_RISK');
    const risk = withApprovalRisk(outages, missing(d));
    expect(risk.outcome).toBe('AT_RISK');
    expect(risk.outageIds).toEqual(['meta-slow']);
    expect(risk.explanation).toBe(`${missing(d).explanation} Also AT_RISK: ${outages.explanation}`);
  });

  it('leaves worse outcomes and settled deliverables as they are', () => {
    // LATE: due 16:30, the Meta outage pushes the post to 17:20 (asked at 16:20).
    const lateOne = deliverable({ dueAt: utc('2024-03-05T16:30:00Z') });
    const late = deliverableRisk(lateOne, [meta], EDGES, utc('2024-03-05T16:20:00Z'));
    expect(late.outcome).toBe('LATE');
    expect(withApprovalRisk(late, missing(lateOne, utc('2024-03-05T16:20:00Z')))).toBe(late);
    // OVERDUE: the 18:00 deadline passed without a post.
    const d = deliverable();
    const overdue = deliverableRisk(d, [], EDGES, utc('2024-03-05T19:00:00Z'));
    expect(overdue.outcome).toBe('OVERDUE');
    expect(withApprovalRisk(overdue, missing(d, utc('2024-03-05T19:00:00Z')))).toBe(overdue);
    // POSTED: the rule itself says not at risk, and a POSTED risk is never changed.
    const posted = deliverableRisk(deliverable({ status: 'POSTED' }), [], EDGES, AS_OF);
    expect(withApprovalRisk(posted, missing(d))).toBe(posted);
  });

  it('changes nothing when the approval is not missing', () => {
    const d = deliverable();
    const onTrack = deliverableRisk(d, [], EDGES, AS_OF);
    const approved = approvalRisk(d, { status: 'APPROVED', leadHours: 48 }, AS_OF);
    expect(withApprovalRisk(onTrack, approved)).toBe(onTrack);
  });

  it('is the worse of the outcome and AT_RISK for every unsettled outcome', () => {
    const d = deliverable();
    const atRisk = missing(d);
    fc.assert(
      fc.property(fc.constantFrom(...OUTCOME_SEVERITY), (outcome: RiskOutcome) => {
        const risk: DeliverableRisk = {
          deliverableId: d.id,
          outcome,
          outageIds: [],
          suggestedSlot: null,
          suggestedPlatformId: null,
          assessment: null,
          provisional: false,
          explanation: outcome === 'ON_TRACK' ? null : `${outcome} because.`,
          explanationCode: null,
        };
        const settled = outcome === 'POSTED' || outcome === 'CANCELLED';
        const result = withApprovalRisk(risk, atRisk);
        expect(result.outcome).toBe(settled ? outcome : worseOutcome(outcome, 'AT_RISK'));
        // A sentence whenever the level is not ON_TRACK or settled.
        if (!settled) expect(result.explanation).toBeTruthy();
      }),
    );
  });
});
