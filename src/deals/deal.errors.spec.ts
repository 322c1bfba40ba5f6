import {
  changedConcurrently,
  createFeesDoNotAddUp,
  dealClosed,
  dealClosedForDeliverables,
  dealNotFound,
  DealErrorReason,
  deliverableNotFound,
  staleVersion,
  totalBelowSettled,
} from './deal.errors';

// Clients and tests match on these values: a rename here is an API change.
describe('deal error reasons', () => {
  it('keeps every reason value equal to its name', () => {
    for (const [name, value] of Object.entries(DealErrorReason)) expect(value).toBe(name);
    expect(Object.values(DealErrorReason).sort()).toEqual([
      'BRAND_REQUIRED',
      'DEADLINE_BEFORE_SLOT',
      'DEAL_CLOSED',
      'DELIVERABLE_NOT_PLANNED',
      'DUPLICATE_PLATFORM',
      'FEES_DO_NOT_ADD_UP',
      'INVALID_STATUS_TRANSITION',
      'PENALTY_CAP_REQUIRED',
      'POSTED_IN_FUTURE',
      'STALE_VERSION',
      'TOO_MANY_DELIVERABLES',
      'UNKNOWN_CURRENCY',
    ]);
  });

  it('words the refusals as before', () => {
    expect(dealNotFound('x').details.reason).toBe('DEAL_NOT_FOUND');
    expect(deliverableNotFound('x').details.reason).toBe('DELIVERABLE_NOT_FOUND');
    expect(dealClosed('COMPLETED').message).toBe(
      'The deal is COMPLETED and can no longer be edited',
    );
    expect(dealClosedForDeliverables('CANCELLED').message).toBe(
      'The deal is CANCELLED; its deliverables can no longer change',
    );
    expect(staleVersion('deal', 2, 3).details).toEqual({
      reason: 'STALE_VERSION',
      currentVersion: 3,
      // The user error points at the argument that is behind.
      fields: ['input.expectedVersion'],
    });
    expect(changedConcurrently('deliverable', null).details).toEqual({
      reason: 'STALE_VERSION',
      currentVersion: null,
    });
    // 1000.00 given against a 900.00 total: 100.00 over
    expect(createFeesDoNotAddUp(10000n, 'USD').message).toBe(
      "The deliverables' fees exceed the deal's total by 100.00 USD",
    );
    expect(totalBelowSettled(20000n, 'USD', true).message).toBe(
      'Every deliverable is posted or cancelled; the total must stay 200.00 USD',
    );
  });
});
