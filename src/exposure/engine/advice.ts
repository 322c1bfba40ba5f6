import { formatMoney } from '../../common/money';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../../common/time/durations';
import { formatUtc } from '../../common/time/utc-format';
import type { CurrencyTotals, Id, PlatformDirectory } from '../../impact/engine';
import { platformInfo } from './provider-roots';
import { formatShare } from './shares';
import type { CurrencyExposure } from './types';

// Plain-language advice from the exposure figures. Every figure is formatted from the same
// numbers the API returns beside it, so a sentence can be checked against them.

/** Who the sentences speak to: a creator's income, a brand's campaigns, an admin's whole book. */
export type AdviceAudience = 'CREATOR' | 'BRAND' | 'ADMIN';

/** What an advice sentence is about, as a code beside it. */
export type AdviceCode =
  | 'NOTHING_SCHEDULED'
  | 'PROVIDER_SHARE'
  | 'CONCENTRATED'
  | 'MODERATELY_CONCENTRATED'
  | 'WELL_SPREAD'
  | 'WHAT_IF';

/** One advice sentence and the code of the rule that wrote it. */
export interface Advice {
  readonly code: AdviceCode;
  readonly text: string;
}

/** HHI from which income counts as concentrated (the 2010 US merger guidelines' "highly"). */
export const HHI_CONCENTRATED = 2_500;
/** HHI from which income counts as moderately concentrated. */
export const HHI_MODERATE = 1_500;

/** The result of one provider's simulated outage. */
export interface WhatIfOutcome {
  readonly providerId: Id;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly deliverablesHit: number;
  /** Per currency, as the impact engine returns them. */
  readonly totals: readonly CurrencyTotals[];
}

export interface AdviceInput {
  readonly audience: AdviceAudience;
  readonly from: Date;
  readonly to: Date;
  /** When the question is asked: a window starting within the hour reads "in the next …". */
  readonly now: Date;
  readonly currencies: readonly CurrencyExposure[];
  /** In the order the sentences should come (see `adviceProviderIds`). */
  readonly whatIfs: readonly WhatIfOutcome[];
  readonly platforms?: PlatformDirectory;
}

/** Digits grouped by three with a space: "4300.00" → "4 300.00", "6800" → "6 800", "-1000" → "-1 000". */
export function groupDigits(decimal: string): string {
  const [whole, fraction] = decimal.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** `430000n, 'USD'` → `"4 300.00 USD"`. */
export function formatGroupedAmount(minor: bigint, currency: string): string {
  return `${groupDigits(formatMoney(minor, currency))} ${currency}`;
}

/**
 * A provider's name for a sentence: the platform's name without a trailing "infrastructure"
 * ("Meta infrastructure" → "Meta"), else its slug capitalised, else the id.
 */
export function providerName(platforms: PlatformDirectory | undefined, id: Id): string {
  const info = platformInfo(platforms, id);
  const name = info?.name?.replace(/\s+infrastructure$/i, '').trim();
  if (name) return name;
  return info?.slug ? info.slug.charAt(0).toUpperCase() + info.slug.slice(1) : id;
}

/** "Tue 5 Mar 16:00 UTC" (UTC, no year: the window says which). */
export function formatHour(instant: Date): string {
  return formatUtc(instant, "EEE d MMM HH:mm 'UTC'");
}

/** "Fri 1 Mar 2030" at midnight UTC, else "Fri 1 Mar 2030 16:30 UTC". */
export function formatDay(instant: Date): string {
  return formatUtc(
    instant,
    instant.getTime() % MS_PER_DAY === 0 ? 'EEE d MMM y' : "EEE d MMM y HH:mm 'UTC'",
  );
}

function counted(count: number, unit: string): string {
  return count === 1 ? unit : `${count} ${unit}s`;
}

/** 30 days → "30 days", 1 day → "day", 36 h → "36 hours", 90 min → "90 minutes". */
export function formatSpan(ms: number): string {
  if (ms > 0 && ms % MS_PER_DAY === 0) return counted(ms / MS_PER_DAY, 'day');
  if (ms > 0 && ms % MS_PER_HOUR === 0) return counted(ms / MS_PER_HOUR, 'hour');
  return counted(Math.round(ms / MS_PER_MINUTE), 'minute');
}

/**
 * "in the next 30 days" when the window starts within an hour of `now`, otherwise
 * "in the 30 days from Fri 1 Mar 2030".
 */
export function windowPhrase(from: Date, to: Date, now: Date): string {
  const span = formatSpan(to.getTime() - from.getTime());
  return Math.abs(from.getTime() - now.getTime()) <= MS_PER_HOUR
    ? `in the next ${span}`
    : `in the ${span} from ${formatDay(from)}`;
}

/** The providers advice speaks of: each currency's largest, once each, in currency order. */
export function adviceProviderIds(currencies: readonly CurrencyExposure[]): Id[] {
  const ids: Id[] = [];
  for (const exposure of currencies) {
    const top = exposure.byProvider[0];
    if (top && !ids.includes(top.providerId)) ids.push(top.providerId);
  }
  return ids;
}

function dealsClause(count: number, provider: string): string {
  if (count === 0) return `; every deal involved allows an alternate platform outside ${provider}`;
  return count === 1
    ? `; 1 deal allows no alternate platform outside ${provider}`
    : `; ${count} deals allow no alternate platform outside ${provider}`;
}

function shareSentence(
  audience: AdviceAudience,
  exposure: CurrencyExposure,
  window: string,
  currencyLabel: string,
  platforms: PlatformDirectory | undefined,
): string | null {
  const top = exposure.byProvider[0];
  if (!top) return null;
  const provider = providerName(platforms, top.providerId);
  const share = formatShare(top.shareBps);
  const amount = formatGroupedAmount(top.amount, exposure.currency);
  const deals = dealsClause(top.dealsWithoutAlternates, provider);
  switch (audience) {
    case 'CREATOR':
      return `${share} of your ${currencyLabel}sponsored income ${window} (${amount}) depends on ${provider}${deals}`;
    case 'BRAND':
      return `${share} of your campaigns' ${currencyLabel}deliverables by fee ${window} (${amount}) depend on ${provider}${deals}`;
    case 'ADMIN':
      return `${share} of the ${currencyLabel}sponsored income scheduled ${window} (${amount}) depends on ${provider}${deals}`;
  }
}

function concentrationSentence(
  audience: AdviceAudience,
  exposure: CurrencyExposure,
  currencyLabel: string,
  platforms: PlatformDirectory | undefined,
): Advice | null {
  const top = exposure.byProvider[0];
  if (!top) return null;
  const provider = providerName(platforms, top.providerId);
  const hhi = `HHI ${groupDigits(String(exposure.concentrationIndex))}`;
  const subject =
    audience === 'BRAND'
      ? `Your campaigns' ${currencyLabel}delivery`
      : audience === 'CREATOR'
        ? `Your ${currencyLabel}income`
        : `Scheduled ${currencyLabel}sponsored income`;
  const remedy =
    audience === 'BRAND'
      ? `ask creators for deliverables or alternate platforms outside ${provider}`
      : `add deliverables on platforms outside ${provider}`;
  if (exposure.concentrationIndex >= HHI_CONCENTRATED) {
    return { code: 'CONCENTRATED', text: `${subject} is concentrated (${hhi}): ${remedy}` };
  }
  if (exposure.concentrationIndex >= HHI_MODERATE) {
    return {
      code: 'MODERATELY_CONCENTRATED',
      text: `${subject} is moderately concentrated (${hhi}): to spread the risk, ${remedy}`,
    };
  }
  return { code: 'WELL_SPREAD', text: `${subject} is well spread across providers (${hhi})` };
}

/** 6 h → "6-hour", 90 min → "90-minute". */
function durationAdjective(ms: number): string {
  return ms % MS_PER_HOUR === 0
    ? `${ms / MS_PER_HOUR}-hour`
    : `${Math.round(ms / MS_PER_MINUTE)}-minute`;
}

function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1
    ? (parts[0] ?? '')
    : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function whatIfSentence(
  audience: AdviceAudience,
  whatIf: WhatIfOutcome,
  platforms: PlatformDirectory | undefined,
): string {
  const provider = providerName(platforms, whatIf.providerId);
  const hours = durationAdjective(whatIf.endsAt.getTime() - whatIf.startsAt.getTime());
  const head = `A ${hours} ${provider} outage at the busiest hour (${formatHour(whatIf.startsAt)})`;
  const costs = whatIf.totals
    .filter((totals) => totals.lost > 0n || totals.delayed > 0n)
    .map(
      (totals) =>
        `${formatGroupedAmount(totals.lost, totals.currency)} lost and ${formatGroupedAmount(totals.delayed, totals.currency)} delayed`,
    );
  const recoverable = whatIf.totals
    .filter((totals) => totals.recoverable > 0n)
    .map((totals) => formatGroupedAmount(totals.recoverable, totals.currency));
  const saved =
    recoverable.length > 0 ? `; ${joinAnd(recoverable)} can move to alternate platforms` : '';
  const cost = costs.length > 0 ? costs.join(', plus ') : null;
  const hit =
    whatIf.deliverablesHit === 1 ? '1 deliverable' : `${whatIf.deliverablesHit} deliverables`;
  if (audience === 'BRAND') {
    if (whatIf.deliverablesHit === 0)
      return `${head} would hit none of your campaigns' deliverables`;
    return `${head} would hit ${whatIf.deliverablesHit} of your campaigns' deliverables: ${cost ?? 'nothing lost or delayed'}${saved}`;
  }
  if (whatIf.deliverablesHit === 0) return `${head} would hit no deliverables`;
  return cost
    ? `${head} would cost ${cost}${saved}`
    : `${head} would hit ${hit} but cost nothing${saved}`;
}

/**
 * Advice sentences, in this order: for each currency (by code) where its income depends most
 * (largest provider, its share and amount, and how many exposed deals allow no alternate platform
 * outside it) and how concentrated it is (HHI against HHI_CONCENTRATED and HHI_MODERATE); then
 * one sentence per what-if given, with the lost and delayed amounts per currency and what could
 * move to alternates. Shares are shown to one decimal (`formatShare`), amounts and the HHI with
 * digits grouped by a space. A currency is named in the sentence only when there are several.
 * Nothing scheduled → one sentence saying so. Each sentence comes with the code of its rule; at
 * most 3 per currency (share, concentration, what-if of its largest provider).
 */
export function exposureAdvice(input: AdviceInput): Advice[] {
  const { audience, currencies, platforms } = input;
  const window = windowPhrase(input.from, input.to, input.now);
  if (currencies.length === 0) {
    return [
      {
        code: 'NOTHING_SCHEDULED',
        text:
          audience === 'BRAND'
            ? `None of your campaigns' deliverables are scheduled ${window}`
            : `No sponsored deliverables are scheduled ${window}`,
      },
    ];
  }
  const sentences: Advice[] = [];
  for (const exposure of currencies) {
    const label = currencies.length > 1 ? `${exposure.currency} ` : '';
    const share = shareSentence(audience, exposure, window, label, platforms);
    const concentration = concentrationSentence(audience, exposure, label, platforms);
    if (share) sentences.push({ code: 'PROVIDER_SHARE', text: share });
    if (concentration) sentences.push(concentration);
  }
  for (const whatIf of input.whatIfs) {
    sentences.push({ code: 'WHAT_IF', text: whatIfSentence(audience, whatIf, platforms) });
  }
  return sentences;
}
