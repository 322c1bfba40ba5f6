import { slotsOf, stateAt, type ProposalRow } from './reschedule.repository';

const row = (state: ProposalRow['state']): ProposalRow => ({
  id: 'p1',
  dealId: 'deal-1',
  deliverableId: 'd1',
  creatorId: 'c1',
  brandId: 'b1',
  state,
  originalPlatformId: 'instagram-id',
  originalPlatformSlug: 'instagram',
  originalScheduledAt: new Date('2030-03-05T16:00:00Z'),
  originalDueAt: new Date('2030-03-05T18:00:00Z'),
  proposedPlatformId: 'youtube-id',
  proposedPlatformSlug: 'youtube',
  proposedScheduledAt: new Date('2030-03-05T17:20:00Z'),
  proposedDueAt: new Date('2030-03-05T19:20:00Z'),
  outageIds: ['o1'],
  atStake: {},
  note: '',
  responseNote: '',
  proposedByUserId: null,
  proposedAt: new Date('2030-03-05T15:10:00Z'),
  closedByUserId: null,
  closedAt: null,
  version: 1,
});

describe('a reschedule proposal over time', () => {
  it('is OPEN until the original deadline, then EXPIRED', () => {
    expect(stateAt(row('OPEN'), new Date('2030-03-05T17:59:59Z'))).toBe('OPEN');
    // At the deadline itself the original slot can no longer be kept: nothing can be agreed.
    expect(stateAt(row('OPEN'), new Date('2030-03-05T18:00:00Z'))).toBe('EXPIRED');
  });

  it('keeps a closed state whatever the time', () => {
    for (const state of ['ACCEPTED', 'DECLINED', 'WITHDRAWN', 'EXPIRED'] as const) {
      expect(stateAt(row(state), new Date('2030-03-05T12:00:00Z'))).toBe(state);
      expect(stateAt(row(state), new Date('2031-01-01T00:00:00Z'))).toBe(state);
    }
  });

  it('names the slot before and after the move', () => {
    expect(slotsOf(row('OPEN'))).toEqual({
      original: {
        platformSlug: 'instagram',
        scheduledAt: new Date('2030-03-05T16:00:00Z'),
        dueAt: new Date('2030-03-05T18:00:00Z'),
      },
      proposed: {
        platformSlug: 'youtube',
        scheduledAt: new Date('2030-03-05T17:20:00Z'),
        dueAt: new Date('2030-03-05T19:20:00Z'),
      },
    });
  });
});
