// Public API of the pure exposure engine. No framework, no database, no clock.
export * from './types';
export { WHAT_IF_HOURS, busiestHour, clockHourStart } from './busiest-hour';
export {
  compareBySlug,
  dependsOn,
  platformInfo,
  providerRoots,
  splitAcrossRoots,
} from './provider-roots';
export { WHOLE_BPS, concentrationIndex, formatShare, sharesInBps } from './shares';
export { computeExposure, pickWhatIfCurrency, type ExposureInput } from './exposure';
export {
  HHI_CONCENTRATED,
  HHI_MODERATE,
  adviceProviderIds,
  exposureAdvice,
  formatDay,
  formatGroupedAmount,
  formatHour,
  formatSpan,
  groupDigits,
  providerName,
  windowPhrase,
  type Advice,
  type AdviceAudience,
  type AdviceCode,
  type AdviceInput,
  type WhatIfOutcome,
} from './advice';
