import { UTCDate } from '@date-fns/utc';
import { format } from 'date-fns';

// The one place that turns instants into text. Everything is UTC: date-fns `format` prints in the
// zone of the Date it is given, and a UTCDate's zone is UTC whatever the machine's TZ is.

/** A date-fns pattern applied in UTC (`formatUtc(date, 'yyyy-MM-dd')`). */
export function formatUtc(date: Date | number, pattern: string): string {
  return format(new UTCDate(date), pattern);
}

/** `2024-03-05T15:00:00Z`; milliseconds only when there are some. */
export function isoUtc(date: Date): string {
  return formatUtc(
    date,
    date.getUTCMilliseconds() ? "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'",
  );
}

/** `2024-03-05`: the UTC calendar day. */
export function utcDay(date: Date | number): string {
  return formatUtc(date, 'yyyy-MM-dd');
}

/** `15:00`, or `15:00:30` when the instant has seconds (or milliseconds). */
export function utcClock(date: Date): string {
  return formatUtc(date, date.getUTCSeconds() || date.getUTCMilliseconds() ? 'HH:mm:ss' : 'HH:mm');
}

/**
 * `2024-03-05 15:00 UTC`, `2024-03-05 15:00:30 UTC` when the seconds field is non-zero.
 * Unlike `utcClock`, milliseconds alone do not add `:00`: reports have always printed it so.
 */
export function humanUtc(date: Date): string {
  return `${utcDay(date)} ${formatUtc(date, date.getUTCSeconds() ? 'HH:mm:ss' : 'HH:mm')} UTC`;
}

/** Whether two instants fall on the same UTC calendar day. */
export function sameUtcDay(a: Date, b: Date): boolean {
  return utcDay(a) === utcDay(b);
}
