import { formatMoney } from '../common/money';
import type {
  Deliverable,
  DeliverableRisk,
  PlatformDirectory,
  PlatformInfo,
} from '../impact/engine';

/** The JSON body of every delivery. `id` is the event's id, the same for every endpoint. */
export interface WebhookEnvelope {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
}

/** The exact bytes sent and signed: stored once per delivery so every retry sends the same body. */
export function envelopeBody(envelope: WebhookEnvelope): string {
  return JSON.stringify(envelope);
}

function slugOf(platforms: PlatformDirectory, id: string | null): string | null {
  if (!id) return null;
  const info: PlatformInfo | undefined =
    platforms instanceof Map
      ? (platforms as ReadonlyMap<string, PlatformInfo>).get(id)
      : (platforms as Readonly<Record<string, PlatformInfo | undefined>>)[id];
  return info?.slug ?? null;
}

/**
 * A deliverable's risk as webhook JSON: the same figures `Deliverable.risk` and the deal impact
 * totals show a brand, money as decimal strings in the deal's currency. It never carries platform
 * income (a creator's private earnings), so one body suits the creator and the brand alike.
 */
export function riskData(
  risk: DeliverableRisk,
  currency: string,
  platforms: PlatformDirectory,
): Record<string, unknown> {
  const assessment = risk.assessment;
  const money = (minor: bigint | undefined) => formatMoney(minor ?? 0n, currency);
  return {
    level: risk.outcome,
    provisional: risk.provisional,
    suggestedSlot: risk.suggestedSlot?.toISOString() ?? null,
    suggestedPlatform: slugOf(platforms, risk.suggestedPlatformId),
    outageIds: [...risk.outageIds],
    currency,
    delayed: money(assessment?.delayed),
    lost: money(assessment?.lost),
    retained: money(assessment?.retained),
    recoverable: money(assessment?.recoverable),
    atRisk: money(assessment?.atRisk),
    newPaymentDue: assessment?.newPaymentDue?.toISOString() ?? null,
    explanation: risk.explanation,
  };
}

/** The deliverable a deliverable.* event is about, as the brand may see it. */
export function deliverableData(deliverable: Deliverable): Record<string, unknown> {
  return {
    id: deliverable.id,
    dealId: deliverable.dealId,
    title: deliverable.title,
    kind: deliverable.kind,
    platform: deliverable.platformSlug,
    scheduledAt: deliverable.scheduledAt.toISOString(),
    dueAt: deliverable.dueAt.toISOString(),
    fee: {
      amount: formatMoney(deliverable.fee, deliverable.currency),
      currency: deliverable.currency,
    },
    status: deliverable.status,
  };
}

/**
 * Whether a receiver would see a difference between two risks: level, suggestion, money,
 * provisional flag. The explanation's wording and the list of outages alone do not count.
 */
export function riskChanged(before: DeliverableRisk, after: DeliverableRisk): boolean {
  return riskKey(before) !== riskKey(after);
}

function riskKey(risk: DeliverableRisk): string {
  const a = risk.assessment;
  return JSON.stringify([
    risk.outcome,
    risk.provisional,
    risk.suggestedSlot?.getTime() ?? null,
    risk.suggestedPlatformId,
    [a?.delayed, a?.lost, a?.retained, a?.recoverable, a?.atRisk].map((v) => (v ?? 0n).toString()),
  ]);
}

/** The stored event's `data` as an object (an absent or malformed part reads as empty). */
function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * The body of a payment.recorded delivery, from the stored event (`paymentEventData`): the ledger
 * entry as both parties of the deal see it, money as a decimal string with its currency, the
 * received instant in ISO 8601. Fields are picked one by one, so the creator's private note never
 * reaches a body, whatever the stored event holds.
 */
export function paymentRecordedData(stored: Record<string, unknown>): Record<string, unknown> {
  return {
    payment: {
      id: stored.paymentId ?? null,
      dealId: stored.dealId ?? null,
      kind: stored.kind ?? null,
      amount: stored.amount ?? null,
      currency: stored.currency ?? null,
      receivedAt: stored.receivedAt ?? null,
      reference: stored.reference ?? '',
      receivableIds: Array.isArray(stored.receivableIds) ? stored.receivableIds : [],
      reversesPaymentId: stored.reversesPaymentId ?? null,
    },
  };
}

/**
 * The body of a receivable.overdue delivery, from the stored event
 * (`receivableOverdueEventData`): which receivable (a deliverable's, or `deposit:<deal id>`),
 * what is owed and still open as decimal strings in the deal's currency, the due date in ISO 8601
 * and the whole days it is overdue. Picked field by field, as for payments.
 */
export function receivableOverdueData(stored: Record<string, unknown>): Record<string, unknown> {
  const receivable = objectOf(stored.receivable);
  return {
    receivable: {
      id: receivable.id ?? null,
      kind: receivable.kind ?? null,
      dealId: receivable.dealId ?? null,
      deliverableId: receivable.deliverableId ?? null,
      currency: receivable.currency ?? null,
      owed: receivable.owed ?? null,
      open: receivable.open ?? null,
      dueAt: receivable.dueAt ?? null,
      daysOverdue: receivable.daysOverdue ?? null,
    },
  };
}

/**
 * The body of a reschedule.* delivery (`rescheduleEventData`): the proposal as both parties of
 * the deal see it, picked field by field.
 */
export function rescheduleData(stored: Record<string, unknown>): Record<string, unknown> {
  const proposal = objectOf(stored.proposal);
  const slot = (value: unknown) => {
    const s = objectOf(value);
    return {
      platform: s.platform ?? null,
      scheduledAt: s.scheduledAt ?? null,
      dueAt: s.dueAt ?? null,
    };
  };
  return {
    proposal: {
      id: proposal.id ?? null,
      dealId: proposal.dealId ?? null,
      deliverableId: proposal.deliverableId ?? null,
      state: proposal.state ?? null,
      original: slot(proposal.original),
      proposed: slot(proposal.proposed),
      outageIds: Array.isArray(proposal.outageIds) ? proposal.outageIds : [],
      atStake: objectOf(proposal.atStake),
      note: typeof proposal.note === 'string' ? proposal.note : '',
    },
  };
}

/** The body of a draft.* delivery (`draftEventData`), picked field by field. */
export function draftData(stored: Record<string, unknown>): Record<string, unknown> {
  const draft = objectOf(stored.draft);
  return {
    draft: {
      id: draft.id ?? null,
      dealId: draft.dealId ?? null,
      deliverableId: draft.deliverableId ?? null,
      round: draft.round ?? null,
      url: draft.url ?? null,
      state: draft.state ?? null,
      note: typeof draft.note === 'string' ? draft.note : '',
    },
  };
}
