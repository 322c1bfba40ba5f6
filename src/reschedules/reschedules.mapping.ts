import { toMoney } from '../common/graphql/money.model';
import type { RiskOutcome } from '../impact/engine';
import type { RescheduleFigures, RescheduleProposal } from './reschedule.model';
import { slotsOf, type ProposalRow } from './reschedule.repository';

/** Minor units stored as a decimal string (see ReschedulesService's stored figures). */
function minor(value: unknown): bigint {
  return typeof value === 'string' || typeof value === 'number' ? BigInt(value) : 0n;
}

function figures(stored: unknown, currency: string): RescheduleFigures {
  const f = (stored ?? {}) as Record<string, unknown>;
  const money = (key: string) => toMoney(minor(f[key]), currency);
  return {
    outcome: f.outcome as RiskOutcome,
    delayed: money('delayed'),
    lost: money('lost'),
    retained: money('retained'),
    recoverable: money('recoverable'),
    delayMinutes: typeof f.delayMinutes === 'number' ? f.delayMinutes : null,
  };
}

/** A proposal as the API shows it (the state already judged at the request's instant). */
export function toProposalModel(row: ProposalRow): RescheduleProposal {
  const currency = String(row.atStake.currency);
  return {
    id: row.id,
    dealId: row.dealId,
    deliverableId: row.deliverableId,
    state: row.state,
    ...slotsOf(row),
    outageIds: [...row.outageIds],
    atStake: {
      now: figures(row.atStake.now, currency),
      ifAccepted: figures(row.atStake.ifAccepted, currency),
      saved: toMoney(minor(row.atStake.saved), currency),
    },
    note: row.note,
    responseNote: row.responseNote,
    proposedAt: row.proposedAt,
    closedAt: row.closedAt,
  };
}
