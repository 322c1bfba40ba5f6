import type { DealStatus } from './deal.entity';

const NEXT: Record<DealStatus, readonly DealStatus[]> = {
  DRAFT: ['ACTIVE', 'CANCELLED'],
  ACTIVE: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  CANCELLED: [],
};

/** DRAFT → ACTIVE → COMPLETED, and CANCELLED from DRAFT or ACTIVE; nothing else. */
export function canMoveDeal(from: DealStatus, to: DealStatus): boolean {
  return NEXT[from].includes(to);
}

/** Deals whose contract is over take no more edits. */
export function isDealOpen(status: DealStatus): boolean {
  return status === 'DRAFT' || status === 'ACTIVE';
}
