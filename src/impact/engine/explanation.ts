import { currencyDecimals, formatMoney } from '../../common/money';
import { sameUtcDay, utcClock, utcDay } from '../../common/time/utc-format';
import type { Id, PlatformDirectory, PlatformInfo, TimeWindow } from './types';

// Human sentences for assessments. Every figure is formatted from the same bigint the engine
// returns, so a sentence can be checked against the numbers beside it.

/** `40000n, 'USD'` → `"400.00 USD"`. */
export function formatAmount(minor: bigint, currency: string): string {
  return `${formatMoney(minor, currency)} ${currency}`;
}

/** Basis points as a percentage without noise: 250 → "2.5 %", 1500 → "15 %", 1 → "0.01 %". */
export function formatBpsAsPercent(bps: number): string {
  const sign = bps < 0 ? '-' : '';
  const abs = Math.abs(bps);
  const whole = Math.trunc(abs / 100);
  const cents = String(abs % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${cents ? `.${cents}` : ''} %`;
}

/**
 * Exact value of `amount × bps / 10 000` in major units as a terminating decimal
 * (333.33 × 2.5 % → "8.33325"), for showing what was rounded.
 */
export function formatExactBpsOf(amount: bigint, bps: number, currency: string): string {
  const scale = currencyDecimals(currency) + 4;
  return trimDecimal(amount * BigInt(bps), scale);
}

/**
 * Exact `numerator / denominator` in major units of `currency`, with up to two digits beyond the
 * minor unit and a trailing "…" when cut (11.666…).
 */
export function formatRatio(numerator: bigint, denominator: bigint, currency: string): string {
  const digits = currencyDecimals(currency) + 2;
  const scaled = numerator * 10n ** BigInt(digits);
  const truncated = scaled / denominator;
  const exact = truncated * denominator === scaled;
  return trimDecimal(truncated, digits) + (exact ? '' : '…');
}

function trimDecimal(value: bigint, scale: number): string {
  const sign = value < 0n ? '-' : '';
  const digits = (value < 0n ? -value : value).toString().padStart(scale + 1, '0');
  const whole = scale === 0 ? digits : digits.slice(0, -scale);
  const fraction = scale === 0 ? '' : digits.slice(-scale).replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * A UTC instant for a sentence: "HH:mm" when it falls on the same UTC day as `referenceDay`,
 * otherwise "yyyy-MM-dd HH:mm"; seconds when the instant has seconds or milliseconds.
 */
export function formatInstant(date: Date, referenceDay?: Date): string {
  const sameDay = referenceDay !== undefined && sameUtcDay(date, referenceDay);
  return sameDay ? utcClock(date) : `${utcDay(date)} ${utcClock(date)}`;
}

/** 50 → "50 min", 140 → "2 h 20 min", 1500 → "1 d 1 h"; seconds shown only when present. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(Math.max(0, ms) / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = [
    days ? `${days} d` : '',
    hours ? `${hours} h` : '',
    minutes ? `${minutes} min` : '',
    seconds ? `${seconds} s` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 min';
}

/** The directory entry for a platform id, from a Map or a plain object. */
export function lookupPlatform(
  platforms: PlatformDirectory | undefined,
  id: Id,
): PlatformInfo | undefined {
  if (!platforms) return undefined;
  // instanceof narrows to Map<any, any>; keep the declared element type.
  if (platforms instanceof Map) return (platforms as ReadonlyMap<Id, PlatformInfo>).get(id);
  return (platforms as Readonly<Record<Id, PlatformInfo | undefined>>)[id];
}

/** Display name: the directory's name, else the slug capitalised, else the id. */
export function platformName(
  platforms: PlatformDirectory | undefined,
  id: Id,
  slug?: string,
): string {
  const info = lookupPlatform(platforms, id);
  if (info?.name) return info.name;
  const s = info?.slug ?? slug;
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : id;
}

/**
 * "Facebook was down 15:00–17:20 UTC (through Meta)"; while provisional either the open-ended
 * form (cut at asOf) or the recorded form ("is down 12:00–2024-03-06 00:00 UTC as recorded,
 * ending after asOf (provisional)").
 */
export function downPhrase(args: {
  platform: string;
  window: TimeWindow;
  /** The window may still change (`isProvisional`). */
  provisional: boolean;
  /** The window ends at asOf because an open-ended outage was cut there. */
  cutAtAsOf: boolean;
  through?: string;
}): string {
  const { platform, window, provisional, cutAtAsOf, through } = args;
  const day = window.start;
  const via = through ? ` (through ${through})` : '';
  if (cutAtAsOf) {
    return `${platform} has been down since ${formatInstant(window.start, day)} UTC${via}, still ongoing and counted up to ${formatInstant(window.end, day)} (provisional)`;
  }
  if (provisional) {
    return `${platform} is down ${formatInstant(window.start, day)}–${formatInstant(window.end, day)} UTC${via} as recorded, ${ENDS_AFTER_AS_OF}`;
  }
  return `${platform} was down ${formatInstant(window.start, day)}–${formatInstant(window.end, day)} UTC${via}`;
}

/**
 * The tail of a window recorded to end after asOf. It does not print asOf itself, so the
 * sentence stays the same however often it is asked until the outage ends.
 */
export const ENDS_AFTER_AS_OF = 'ending after asOf (provisional)';

/** "16:00" for an instant post, "16:00–16:30" for a slot with a duration. */
export function slotPhrase(slot: TimeWindow, referenceDay: Date): string {
  return slot.start.getTime() === slot.end.getTime()
    ? formatInstant(slot.start, referenceDay)
    : `${formatInstant(slot.start, referenceDay)}–${formatInstant(slot.end, referenceDay)}`;
}

/** "1 day", "6 days". */
export function daysWord(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

const SENTENCE = Symbol('sentence');

interface Unwritten<E> {
  /** The sentence until first read, then what it wrote. */
  [SENTENCE]: (() => E) | { readonly written: E };
}

/** The one prototype every explained object shares: the getter writes the sentence once. */
const EXPLAINED_PROTOTYPE = Object.freeze(
  Object.create(Object.prototype, {
    explanation: {
      get(this: Unwritten<unknown>): unknown {
        const slot = this[SENTENCE];
        if (typeof slot !== 'function') return slot.written;
        const written = slot();
        this[SENTENCE] = { written };
        return written;
      },
      enumerable: false,
    },
  }) as object,
);

/**
 * `fields` (a fresh object literal, returned itself) with an `explanation` written on first read.
 * Impact and report rows number in the tens of thousands, of which a page reads twenty sentences.
 * The literal keeps V8's fast properties: an object literal with its own `get explanation()`, or
 * its fields copied onto a class instance with `Object.assign`, becomes a dictionary-mode object
 * (≈ 1 KB and a slow shape each; the copy cost 6× this in a microbenchmark). The getter lives on a
 * shared prototype and the sentence in a non-enumerable symbol, so neither is an own enumerable
 * property: copy the explanation explicitly, never by spreading the result.
 */
export function explained<T extends object, E = string>(
  fields: T,
  sentence: () => E,
): T & { readonly explanation: E } {
  Object.defineProperty(fields, SENTENCE, { value: sentence, writable: true });
  return Object.setPrototypeOf(fields, EXPLAINED_PROTOTYPE) as T & { readonly explanation: E };
}
