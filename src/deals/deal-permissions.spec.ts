import type { Viewer } from '../auth/viewer';
import { ErrorCode } from '../common/errors/app-error';
import type { DealStatus } from './deal.entity';
import {
  dealStatusRefusal,
  dealWriteRefusal,
  deliverableWriteRefusal,
  mayChangeDealStatus,
  writeRefusalError,
} from './deal-permissions';
import type { DeliverableStatus } from './deliverable.entity';

const viewer = (overrides: Partial<Viewer>): Viewer => ({
  userId: 'u',
  email: 'u@example.com',
  role: 'CREATOR',
  isAdmin: false,
  tokenId: 't',
  creatorId: null,
  brandIds: [],
  ...overrides,
});
const owner = viewer({ creatorId: 'maya' });
const otherCreator = viewer({ creatorId: 'noor' });
const brandMember = viewer({ role: 'BRAND', brandIds: ['acme'] });
// The first account is an administrator and a creator: it reads every deal, writes only its own.
const admin = viewer({ creatorId: 'ops', isAdmin: true });
const deal = (status: DealStatus) => ({ id: 'd1', creatorId: 'maya', status });
const item = (status: DeliverableStatus) => ({ id: 'x1', status });

describe('deal write rules', () => {
  it.each([
    ['owner, DRAFT', owner, 'DRAFT', null],
    ['owner, ACTIVE', owner, 'ACTIVE', null],
    ['owner, COMPLETED', owner, 'COMPLETED', 'DEAL_CLOSED'],
    ['owner, CANCELLED', owner, 'CANCELLED', 'DEAL_CLOSED'],
    ['another creator', otherCreator, 'ACTIVE', 'NOT_OWNER'],
    ['brand member', brandMember, 'ACTIVE', 'NOT_A_CREATOR'],
    ['administrator', admin, 'ACTIVE', 'NOT_OWNER'],
  ] as const)('updateDeal / addDeliverable: %s → %s', (_, who, status, refusal) => {
    expect(dealWriteRefusal(who, deal(status))).toBe(refusal);
  });

  it('lets the owner move a deal only while a move exists', () => {
    expect(dealStatusRefusal(owner, deal('DRAFT'), 'ACTIVE')).toBeNull();
    expect(dealStatusRefusal(owner, deal('DRAFT'), 'COMPLETED')).toBe('INVALID_STATUS_TRANSITION');
    expect(mayChangeDealStatus(owner, deal('DRAFT'))).toBe(true);
    expect(mayChangeDealStatus(owner, deal('ACTIVE'))).toBe(true);
    expect(mayChangeDealStatus(owner, deal('COMPLETED'))).toBe(false);
    expect(mayChangeDealStatus(owner, deal('CANCELLED'))).toBe(false);
    for (const who of [otherCreator, brandMember, admin]) {
      expect(mayChangeDealStatus(who, deal('ACTIVE'))).toBe(false);
    }
  });

  it('lets the owner change a PLANNED deliverable of an open deal only', () => {
    expect(deliverableWriteRefusal(owner, deal('ACTIVE'), item('PLANNED'))).toBeNull();
    expect(deliverableWriteRefusal(owner, deal('ACTIVE'), item('POSTED'))).toBe(
      'DELIVERABLE_NOT_PLANNED',
    );
    expect(deliverableWriteRefusal(owner, deal('ACTIVE'), item('CANCELLED'))).toBe(
      'DELIVERABLE_NOT_PLANNED',
    );
    // The deal's state is asked first: a closed deal's planned item is DEAL_CLOSED.
    expect(deliverableWriteRefusal(owner, deal('COMPLETED'), item('PLANNED'))).toBe('DEAL_CLOSED');
    expect(deliverableWriteRefusal(brandMember, deal('ACTIVE'), item('PLANNED'))).toBe(
      'NOT_A_CREATOR',
    );
    expect(deliverableWriteRefusal(admin, deal('ACTIVE'), item('PLANNED'))).toBe('NOT_OWNER');
  });

  it('answers each refusal with the error the mutations have always given', () => {
    const code = (error: { code: string }) => error.code;
    expect(code(writeRefusalError('NOT_A_CREATOR', deal('ACTIVE')))).toBe(ErrorCode.FORBIDDEN);
    // Another creator's record reads as missing, worded for what was written.
    const hidden = writeRefusalError('NOT_OWNER', deal('ACTIVE'));
    expect([hidden.code, hidden.message]).toEqual([ErrorCode.NOT_FOUND, 'Deal d1 was not found']);
    const hiddenItem = writeRefusalError('NOT_OWNER', deal('ACTIVE'), {
      deliverable: item('PLANNED'),
    });
    expect(hiddenItem.message).toBe('Deliverable x1 was not found');
    expect(writeRefusalError('DEAL_CLOSED', deal('COMPLETED')).message).toBe(
      'The deal is COMPLETED and can no longer be edited',
    );
    expect(
      writeRefusalError('DEAL_CLOSED', deal('COMPLETED'), { forDeliverables: true }).message,
    ).toBe('The deal is COMPLETED; its deliverables can no longer change');
    const transition = writeRefusalError('INVALID_STATUS_TRANSITION', deal('COMPLETED'), {
      to: 'ACTIVE',
    });
    expect(transition.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(
      writeRefusalError('DELIVERABLE_NOT_PLANNED', deal('ACTIVE'), { deliverable: item('POSTED') })
        .message,
    ).toBe('The deliverable is already POSTED');
  });
});
