import { MS_PER_HOUR } from '../../common/time/durations';

/** Length of the simulated provider outage. */
export const WHAT_IF_HOURS = 6;

/** Start of the UTC clock hour holding `instant`: 16:42:10Z → 16:00:00Z. */
export function clockHourStart(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / MS_PER_HOUR) * MS_PER_HOUR);
}

/**
 * The busiest clock hour: the hour start with the most income (minor units of one currency), ties
 * to the earliest hour. Hours are UTC clock hours [h, h + 1 h) given by their start; an hour listed
 * twice counts its amounts together. Zero amounts are hours too: with nothing but unpaid
 * deliverables the earliest hour holding one wins. Null for no hours.
 */
export function busiestHour(
  hours: Iterable<{ readonly hourStart: Date; readonly amount: bigint }>,
): { hourStart: Date; amount: bigint } | null {
  const byHour = new Map<number, bigint>();
  for (const { hourStart, amount } of hours) {
    const key = hourStart.getTime();
    byHour.set(key, (byHour.get(key) ?? 0n) + amount);
  }
  let best: { key: number; amount: bigint } | null = null;
  for (const [key, amount] of byHour) {
    if (!best || amount > best.amount || (amount === best.amount && key < best.key)) {
      best = { key, amount };
    }
  }
  return best ? { hourStart: new Date(best.key), amount: best.amount } : null;
}
