import { currencyDecimals, roundHalfAwayFromZero } from '../../common/money';
import { MS_PER_DAY, MS_PER_MINUTE } from '../../common/time/durations';
import { effectiveWindow, isOpenEnded, isProvisional } from './downtime';
import {
  formatAmount,
  formatBpsAsPercent,
  ENDS_AFTER_AS_OF,
  explained,
  formatDuration,
  formatInstant,
  formatRatio,
  platformName,
} from './explanation';
import { affectedPlatformIds } from './platform-graph';
import type {
  Outage,
  PlatformAccount,
  PlatformDirectory,
  PlatformEdge,
  PlatformIncomeLoss,
} from './types';
import { EngineInputError } from './errors';

const FULL_FACTOR_BPS = 10_000;

/**
 * Exact income lost: dailyEarnings × downtime / 24 h × factorBps / 10 000, rounded once half away
 * from zero to the minor unit. Downtime is in milliseconds so windows with seconds stay exact;
 * for whole minutes this is dailyEarnings × minutes / 1440 × factor.
 * (120.00/day × 140 min / 1440 = 11.666… → 11.67.)
 */
export function incomeLoss(dailyEarnings: bigint, downtimeMs: number, factorBps: number): bigint {
  if (!Number.isSafeInteger(downtimeMs) || downtimeMs < 0) {
    throw new EngineInputError(`downtimeMs must be a whole number ≥ 0, got ${downtimeMs}`);
  }
  return roundHalfAwayFromZero(
    dailyEarnings * BigInt(downtimeMs) * BigInt(factorBps),
    BigInt(MS_PER_DAY) * 10_000n,
  );
}

/**
 * Rule 5 — income each platform account loses to one outage: every account on an affected
 * platform (rule 1) loses dailyEarnings × downtime / 1440 min × factor, factor 1 for FULL and
 * degradationBps / 10 000 for PARTIAL, computed exactly and rounded once (minor units of the
 * account's currency). Downtime is the outage's {@link effectiveWindow} — the recorded window,
 * even where it runs past asOf; an open-ended outage up to asOf — the same window deliverables
 * are assessed against; each entry is `provisional` per {@link isProvisional}. Accounts are
 * returned in input order; zero downtime gives a zero loss.
 * @throws EngineInputError for negative earnings or a degradation outside [0, 10 000] bps.
 */
export function platformIncomeLoss(params: {
  readonly outage: Outage;
  readonly accounts: readonly PlatformAccount[];
  readonly edges: readonly PlatformEdge[];
  readonly asOf: Date;
  readonly platforms?: PlatformDirectory;
}): PlatformIncomeLoss[] {
  const { outage, accounts, edges, asOf, platforms } = params;
  const factorBps = outage.severity === 'FULL' ? FULL_FACTOR_BPS : (outage.degradationBps ?? 0);
  if (!Number.isSafeInteger(factorBps) || factorBps < 0 || factorBps > 10_000) {
    throw new EngineInputError(
      `outage ${outage.id}: degradationBps must be in [0, 10000], got ${factorBps}`,
    );
  }
  const affected = new Set(affectedPlatformIds(outage.platformIds, edges));
  const window = effectiveWindow(outage, asOf);
  const provisional = isProvisional(outage, asOf);
  const downtimeMs = window.end.getTime() - window.start.getTime();
  const minutes = downtimeMs / MS_PER_MINUTE;
  const explanationCode = factorBps === FULL_FACTOR_BPS ? 'FULL_DOWNTIME' : 'PARTIAL_DOWNTIME';
  // Accounts with the same earnings lose the same: one rounding per (earnings, currency).
  const losses = new Map<string, bigint>();
  const sentence = (account: PlatformAccount, loss: bigint) => {
    const factor = factorBps === FULL_FACTOR_BPS ? '' : ` × ${formatBpsAsPercent(factorBps)}`;
    const exact = formatRatio(
      account.dailyEarnings * BigInt(downtimeMs) * BigInt(factorBps),
      BigInt(MS_PER_DAY) * 10_000n * 10n ** BigInt(currencyDecimals(account.currency)),
      account.currency,
    );
    const name = platformName(platforms, account.platformId);
    const clamp = isOpenEnded(outage)
      ? ', counted up to asOf (provisional)'
      : provisional
        ? `, as recorded, ${ENDS_AFTER_AS_OF}`
        : '';
    return `${name} down ${formatDuration(downtimeMs)} (${formatInstant(window.start, window.start)}–${formatInstant(window.end, window.start)} UTC${clamp}): ${formatAmount(account.dailyEarnings, account.currency)}/day × ${formatMinutes(minutes)} min / 1440 min${factor} = ${exact} → ${formatAmount(loss, account.currency)} income lost.`;
  };
  const entries: PlatformIncomeLoss[] = [];
  for (const account of accounts) {
    if (!affected.has(account.platformId)) continue;
    if (account.dailyEarnings < 0n) {
      throw new EngineInputError(`account ${account.id}: dailyEarnings must be ≥ 0`);
    }
    const key = `${account.currency}${account.dailyEarnings}`;
    let loss = losses.get(key);
    if (loss === undefined) {
      currencyDecimals(account.currency);
      loss = incomeLoss(account.dailyEarnings, downtimeMs, factorBps);
      losses.set(key, loss);
    }
    // Written only when read (one per account: thousands for a large outage).
    entries.push(
      explained(
        {
          accountId: account.id,
          creatorId: account.creatorId,
          platformId: account.platformId,
          outageId: outage.id,
          currency: account.currency,
          downtimeMinutes: minutes,
          factorBps,
          loss,
          provisional,
          explanationCode,
        },
        () => sentence(account, loss),
      ),
    );
  }
  return entries;
}

function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? String(minutes) : minutes.toFixed(3).replace(/0+$/, '');
}
