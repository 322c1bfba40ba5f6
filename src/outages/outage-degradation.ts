import { FULL_OUTAGE_BPS } from './dto/outage-fields';
import type { OutageEntity, OutageSeverity } from './outage.entity';
import {
  degradationRequired,
  fullDegradationFixed,
  partialDegradationOutOfRange,
} from './outage.errors';

// One rule for every input that describes an outage: recordOutage, updateOutage and
// simulateOutage refuse and accept the same severities and degradations, with the same words.

/**
 * The bps a severity implies: FULL is always 10 000; PARTIAL needs 1–9 999, given now or kept
 * from a PARTIAL record being updated.
 */
export function degradationFor(
  severity: OutageSeverity,
  given: number | undefined,
  previous?: Pick<OutageEntity, 'severity' | 'degradationBps'>,
): number {
  if (severity === 'FULL') {
    if (given !== undefined && given !== FULL_OUTAGE_BPS)
      throw fullDegradationFixed(FULL_OUTAGE_BPS);
    return FULL_OUTAGE_BPS;
  }
  const bps = given ?? (previous?.severity === 'PARTIAL' ? previous.degradationBps : undefined);
  if (bps === undefined) throw degradationRequired();
  if (bps < 1 || bps >= FULL_OUTAGE_BPS) throw partialDegradationOutOfRange(bps);
  return bps;
}
