import ical, { ICalAlarmType, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { formatMoney } from '../common/money';
import { MS_PER_MINUTE } from '../common/time/durations';
import { formatUtc, isoUtc } from '../common/time/utc-format';

// The iCalendar (RFC 5545) text of a calendar feed, from plain data. Pure: no framework, no
// database, no clock (`now` is an argument).

/** Shortest event a calendar shows as a block: instants (posts, deadlines) get this length. */
export const MARKER_MINUTES = 15;

/** The outcomes where an outage actually hits the deliverable. */
const HIT_LEVELS = new Set(['LOST', 'OVERDUE', 'LATE', 'DELAYED', 'AT_RISK', 'RECOVERABLE']);

/** A deliverable's risk as the feed's owner may see it (the fields of `Deliverable.risk`). */
export interface FeedRisk {
  /** RiskLevel: LOST, OVERDUE, LATE, DELAYED, AT_RISK, RECOVERABLE, ON_TRACK, POSTED or CANCELLED. */
  level: string;
  /** Minor units of the deal's currency; null when no outage hits. */
  delayed: bigint | null;
  lost: bigint | null;
  suggestedSlot: Date | null;
  suggestedPlatform: string | null;
  provisional: boolean;
  explanation: string | null;
}

export interface FeedDeliverable {
  id: string;
  title: string;
  kind: string;
  timing: string;
  status: string;
  platform: string;
  dealTitle: string;
  /** The other party: the brand in a creator's feed, the creator in a brand's feed. */
  counterparty: string;
  currency: string;
  /** Minor units of `currency`. */
  fee: bigint;
  scheduledAt: Date;
  /** 0 = an instant post at scheduledAt. */
  durationMinutes: number;
  dueAt: Date;
  /** SEQUENCE of the slot event: how often the slot moved. */
  slotSequence: number;
  /** SEQUENCE of the deadline event: how often the deadline moved. */
  deadlineSequence: number;
  risk: FeedRisk | null;
}

export interface FeedOutage {
  id: string;
  title: string;
  startsAt: Date;
  /** Null while ongoing. */
  endsAt: Date | null;
  severity: string;
  degradationBps: number;
  platforms: string[];
  sequence: number;
  /** Titles of the feed's deliverables it hits. */
  hits: string[];
}

/** Something owed on a deal with part of it still open, as the feed's owner may see it. */
export interface FeedPayment {
  /** The receivable's id: its deliverable's, or `deposit:<deal id>`. */
  id: string;
  /** DELIVERABLE or DEPOSIT. */
  kind: string;
  /** The deliverable's title; null for a deposit. */
  title: string | null;
  dealTitle: string;
  /** The other party: the brand in a creator's feed, the creator in a brand's feed. */
  counterparty: string;
  /** IN: the feed's owner is to be paid (a creator's feed); OUT: it is to pay (a brand's). */
  direction: 'IN' | 'OUT';
  currency: string;
  /** Minor units of `currency`: what is owed, what was paid of it, what is still open. */
  owed: bigint;
  paid: bigint;
  open: bigint;
  dueAt: Date;
  /** ReceivableStatus: NOT_DUE, DUE, OVERDUE or PARTIALLY_PAID. */
  status: string;
  /** Whole days past the due date; 0 when not overdue. */
  daysOverdue: number;
}

export interface CalendarFeedData {
  /** Calendar name shown by clients (X-WR-CALNAME). */
  name: string;
  now: Date;
  /** Display alarm this many minutes before each open deadline; null = none. */
  alarmMinutesBefore: number | null;
  deliverables: readonly FeedDeliverable[];
  outages: readonly FeedOutage[];
  /** Receivables with something still open. */
  payments: readonly FeedPayment[];
}

export const slotUid = (id: string) => `deliverable-${id}-slot@deal-ledger`;
export const deadlineUid = (id: string) => `deliverable-${id}-deadline@deal-ledger`;
export const outageUid = (id: string) => `outage-${id}@deal-ledger`;
/**
 * One per receivable and due date: a due date that moves (an outage, a later post) is a new event
 * and the old one leaves the feed, so no client keeps a stale copy for want of a SEQUENCE.
 */
export const paymentUid = (id: string, dueAt: Date) =>
  `payment-${id}-${formatUtc(dueAt, "yyyyMMdd'T'HHmmss'Z'")}@deal-ledger`;

const addMinutes = (date: Date, minutes: number) =>
  new Date(date.getTime() + minutes * MS_PER_MINUTE);
const amount = (minor: bigint, currency: string) => `${formatMoney(minor, currency)} ${currency}`;

/** "24 h", "90 min", "2 d", "1 d 2 h 5 min". */
export function formatLead(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0 && hours === 0 && rest === 0) return `${days} d`;
  if (days === 0 && rest === 0 && hours > 0) return `${hours} h`;
  if (days === 0 && hours === 0) return `${rest} min`;
  return [days ? `${days} d` : '', hours ? `${hours} h` : '', rest ? `${rest} min` : '']
    .filter(Boolean)
    .join(' ');
}

/** The risk lines of a description: level, money delayed and lost, where and when instead. */
export function riskLines(risk: FeedRisk | null, currency: string): string[] {
  if (!risk) return ['Risk: ON_TRACK'];
  const lines = [
    `Risk: ${risk.level}${risk.provisional ? ' (provisional: an outage behind it is not over)' : ''}`,
  ];
  if (risk.delayed !== null || risk.lost !== null) {
    lines.push(
      `Delayed: ${amount(risk.delayed ?? 0n, currency)}; lost: ${amount(risk.lost ?? 0n, currency)}`,
    );
  }
  if (risk.suggestedSlot) {
    const where = risk.suggestedPlatform ? ` on ${risk.suggestedPlatform}` : '';
    lines.push(`Suggested slot: ${isoUtc(risk.suggestedSlot)}${where}`);
  }
  if (risk.explanation) lines.push(risk.explanation);
  return lines;
}

function slotEnd(deliverable: FeedDeliverable): Date {
  return addMinutes(deliverable.scheduledAt, deliverable.durationMinutes || MARKER_MINUTES);
}

function describe(deliverable: FeedDeliverable): string {
  const slot =
    deliverable.durationMinutes > 0
      ? `${isoUtc(deliverable.scheduledAt)} for ${deliverable.durationMinutes} min`
      : `${isoUtc(deliverable.scheduledAt)} (instant post)`;
  return [
    `Deal: ${deliverable.dealTitle} (${deliverable.counterparty})`,
    `${deliverable.kind} on ${deliverable.platform}, ${deliverable.timing}`,
    `Slot: ${slot}`,
    `Deadline: ${isoUtc(deliverable.dueAt)}`,
    `Fee: ${amount(deliverable.fee, deliverable.currency)}`,
    `Status: ${deliverable.status}`,
    ...riskLines(deliverable.risk, deliverable.currency),
  ].join('\n');
}

/** "[DELAYED] " when an outage hits the deliverable, so the calendar shows it at a glance. */
function flag(deliverable: FeedDeliverable): string {
  if (deliverable.status === 'POSTED') return '[POSTED] ';
  const level = deliverable.risk?.level;
  return level && HIT_LEVELS.has(level) ? `[${level}] ` : '';
}

/** "Payment due: 950.00 USD from Acme — Spring launch", flagged "[OVERDUE] " once past due. */
export function paymentSummary(payment: FeedPayment): string {
  const flagged = payment.daysOverdue > 0 ? '[OVERDUE] ' : '';
  const party = `${payment.direction === 'IN' ? 'from' : 'to'} ${payment.counterparty}`;
  return `${flagged}Payment due: ${amount(payment.open, payment.currency)} ${party} — ${payment.dealTitle}`;
}

function describePayment(payment: FeedPayment): string {
  const overdue =
    payment.daysOverdue > 0
      ? ` (${payment.daysOverdue} day${payment.daysOverdue === 1 ? '' : 's'} overdue)`
      : payment.status === 'NOT_DUE'
        ? ' (not posted yet: the due date is a forecast)'
        : '';
  return [
    `Deal: ${payment.dealTitle} (${payment.counterparty})`,
    payment.title === null ? 'For: the deposit' : `For: ${payment.title}`,
    `Due: ${isoUtc(payment.dueAt)}`,
    `Owed: ${amount(payment.owed, payment.currency)}; paid: ${amount(payment.paid, payment.currency)}; open: ${amount(payment.open, payment.currency)}`,
    `Status: ${payment.status}${overdue}`,
  ].join('\n');
}

/**
 * The feed as iCalendar text. Per deliverable: a slot event (its slot, or a
 * {@link MARKER_MINUTES}-minute block for an instant post) and a deadline event (a
 * {@link MARKER_MINUTES}-minute block starting at the deadline, shown as free, with a display
 * alarm `alarmMinutesBefore` ahead while the deliverable is still PLANNED). Per outage: its
 * window, up to `now` while ongoing. Per payment with something open: a
 * {@link MARKER_MINUTES}-minute block starting at its due date, shown as free (a due date is a
 * moment, like a deadline; an all-day date would float with the viewer's zone). Every time is
 * UTC; UIDs are stable, SEQUENCE comes from the data. Events are ordered by start, then UID, so
 * the same data gives the same text.
 */
export function buildCalendar(data: CalendarFeedData): string {
  const calendar = ical({
    name: data.name,
    prodId: { company: 'Deal Ledger', product: 'Calendar feed', language: 'EN' },
    // REFRESH-INTERVAL / X-PUBLISHED-TTL: a hint to poll hourly.
    ttl: 3600,
  });
  type Event = { start: Date; uid: string; add: () => void };
  const events: Event[] = [];

  for (const deliverable of data.deliverables) {
    const description = describe(deliverable);
    events.push({
      start: deliverable.scheduledAt,
      uid: slotUid(deliverable.id),
      add: () =>
        calendar.createEvent({
          id: slotUid(deliverable.id),
          sequence: deliverable.slotSequence,
          stamp: data.now,
          start: deliverable.scheduledAt,
          end: slotEnd(deliverable),
          summary: `${flag(deliverable)}${deliverable.title} (${deliverable.kind} on ${deliverable.platform})`,
          description,
          status: ICalEventStatus.CONFIRMED,
        }),
    });
    events.push({
      start: deliverable.dueAt,
      uid: deadlineUid(deliverable.id),
      add: () => {
        const event = calendar.createEvent({
          id: deadlineUid(deliverable.id),
          sequence: deliverable.deadlineSequence,
          stamp: data.now,
          start: deliverable.dueAt,
          end: addMinutes(deliverable.dueAt, MARKER_MINUTES),
          summary: `${flag(deliverable)}Due: ${deliverable.title}`,
          description,
          status: ICalEventStatus.CONFIRMED,
          // A deadline is a moment, not a meeting: it does not make the calendar busy.
          transparency: ICalEventTransparency.TRANSPARENT,
        });
        if (data.alarmMinutesBefore !== null && deliverable.status === 'PLANNED') {
          event.createAlarm({
            type: ICalAlarmType.display,
            triggerBefore: data.alarmMinutesBefore * 60,
            description: `Due in ${formatLead(data.alarmMinutesBefore)}: ${deliverable.title}`,
          });
        }
      },
    });
  }

  for (const outage of data.outages) {
    const ongoing = outage.endsAt === null;
    const markerEnd = addMinutes(outage.startsAt, MARKER_MINUTES);
    const nowOrMarker = data.now > markerEnd ? data.now : markerEnd;
    const severity =
      outage.severity === 'FULL'
        ? 'FULL'
        : `${outage.severity} (${(outage.degradationBps / 100).toString()} % degraded)`;
    events.push({
      start: outage.startsAt,
      uid: outageUid(outage.id),
      add: () =>
        calendar.createEvent({
          id: outageUid(outage.id),
          sequence: outage.sequence,
          stamp: data.now,
          start: outage.startsAt,
          end: outage.endsAt ?? nowOrMarker,
          summary: `Outage${ongoing ? ' (ongoing)' : ''}: ${outage.title}`,
          description: [
            `Platforms: ${outage.platforms.join(', ')}`,
            `Severity: ${severity}`,
            ongoing
              ? `Ongoing; shown up to ${isoUtc(data.now)}`
              : `Ended: ${isoUtc(outage.endsAt!)}`,
            `Hits: ${outage.hits.join('; ')}`,
          ].join('\n'),
          transparency: ICalEventTransparency.TRANSPARENT,
        }),
    });
  }

  for (const payment of data.payments) {
    const uid = paymentUid(payment.id, payment.dueAt);
    events.push({
      start: payment.dueAt,
      uid,
      add: () =>
        calendar.createEvent({
          id: uid,
          stamp: data.now,
          start: payment.dueAt,
          end: addMinutes(payment.dueAt, MARKER_MINUTES),
          summary: paymentSummary(payment),
          description: describePayment(payment),
          status: ICalEventStatus.CONFIRMED,
          transparency: ICalEventTransparency.TRANSPARENT,
        }),
    });
  }

  events
    .sort((a, b) => a.start.getTime() - b.start.getTime() || (a.uid < b.uid ? -1 : 1))
    .forEach((event) => event.add());
  // RFC 5545 ends every content line with CRLF, the last one too; ical-generator omits that one.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
