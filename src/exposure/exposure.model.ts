import { Extensions, Field, Int, ObjectType } from '@nestjs/graphql';
import { CurrencyCode } from '../common/graphql/currency-code.enum';
import { graphqlEnum } from '../common/graphql/enums';
import { Money } from '../common/graphql/money.model';
import { ConnectionType } from '../common/graphql/pagination';
import { ImpactTotals } from '../impact/impact.model';
import type { PlatformGraph } from '../impact/impact.repository';
import type {
  AdviceAudience,
  AdviceCode,
  CurrencyExposure as EngineCurrencyExposure,
} from './engine';

export const AdviceCodeEnum = graphqlEnum(
  [
    'NOTHING_SCHEDULED',
    'PROVIDER_SHARE',
    'CONCENTRATED',
    'MODERATELY_CONCENTRATED',
    'WELL_SPREAD',
    'WHAT_IF',
  ] as const satisfies readonly AdviceCode[],
  'ExposureAdviceCode',
  'What an exposure advice sentence says, beside the English text and written by the same rule. May gain values; handle unknown ones',
  {
    NOTHING_SCHEDULED: 'Nothing the caller may see is scheduled in the window (the only sentence)',
    PROVIDER_SHARE:
      "A currency's largest provider: its share and amount, and how many exposed deals allow no alternate platform outside it",
    CONCENTRATED:
      'The concentrationIndex is at least 2 500 (highly concentrated): spread deliverables or alternates outside the largest provider',
    MODERATELY_CONCENTRATED:
      'The concentrationIndex is 1 500–2 499 (moderately concentrated): spread the risk outside the largest provider',
    WELL_SPREAD: 'The concentrationIndex is below 1 500: income is well spread across providers',
    WHAT_IF:
      "A 6-hour FULL outage of a currency's largest provider at its busiest hour: what it would cost",
  },
);

@ObjectType({ description: 'One advice sentence with its code' })
export class ExposureAdvice {
  @Field(() => AdviceCodeEnum, { description: 'What the sentence says, as a code' })
  code: AdviceCode;
  @Field({ description: 'The sentence, with its figures' }) text: string;
}

/** One provider's hypothetical outage, ready for ImpactService.simulate (see ExposureLoaders). */
export interface WhatIfRequest {
  readonly providerId: string;
  readonly providerSlug: string;
  readonly title: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** max(now, endsAt): the whole simulated window counts. */
  readonly asOf: Date;
}

@ObjectType({
  description:
    "A 6-hour FULL outage of the provider from the start of the busiest clock hour of income on its platforms, simulated on the caller's deliverables",
})
export class ProviderWhatIf {
  @Field({ description: 'Start of the busiest UTC clock hour' }) startsAt: Date;
  @Field({ description: 'End of the simulated outage: startsAt + 6 hours' }) endsAt: Date;
  @Field(() => Int, { description: 'Deliverables the simulated outage hits, in every currency' })
  deliverablesHit: number;
  // one entry per currency present: a caller works in one to three
  @Extensions({ expectedItems: 3 })
  @Field(() => [ImpactTotals], {
    description:
      "Per currency, as simulateOutage returns them: at most one entry per currency of the caller's deliverables",
  })
  totals: ImpactTotals[];
}

@ObjectType({ description: "A platform's part of one currency's scheduled income" })
export class PlatformShare {
  platformId: string;
  @Field(() => Money, {
    description: "Fees of the window's PLANNED deliverables of ACTIVE deals on this platform",
  })
  amount: Money;
  @Field(() => Int, {
    description: "Basis points of the currency's total; they sum to exactly 10 000",
  })
  shareBps: number;
  @Field(() => Int, { description: 'Deliverables on this platform in the window' })
  deliverableCount: number;
}

@ObjectType({
  description:
    "An infrastructure provider's part of one currency's scheduled income: a root of the platform dependency graph (instagram → meta; a platform with no providers is its own root)",
})
export class ProviderShare {
  providerId: string;
  /** The provider's what-if, shared by its shares in every currency. */
  whatIfRequest: WhatIfRequest;
  @Field(() => Money, {
    description:
      'Income on platforms depending on it; a platform on several providers is split between them in equal parts by largest remainder',
  })
  amount: Money;
  @Field(() => Int, {
    description: "Basis points of the currency's total; they sum to exactly 10 000",
  })
  shareBps: number;
  @Field(() => Int, {
    description: 'Deliverables on platforms depending on it (a multi-provider one counts for each)',
  })
  deliverableCount: number;
  @Field(() => Int, {
    description:
      'Exposed deals that allow no alternate platform outside this provider (none, or only alternates that depend on it too)',
  })
  dealsWithoutAlternates: number;
}

@ObjectType({ description: 'Exposure in one currency; never summed across currencies' })
export class CurrencyExposure {
  @Field(() => CurrencyCode, { description: 'ISO 4217 code of every amount here' })
  currency: string;
  @Field(() => Money, {
    description: "Fees of the window's PLANNED deliverables of ACTIVE deals in this currency",
  })
  total: Money;
  @Field(() => Int, { description: 'How many deliverables those fees come from' })
  deliverableCount: number;
  /** Largest first; paged by the byPlatform field. */
  byPlatform: PlatformShare[];
  /** Largest first; paged by the byProvider field. */
  byProvider: ProviderShare[];
  @Field(() => Int, {
    description:
      'Herfindahl–Hirschman index over providers: the sum of squared percentage shares, 0–10 000 (10 000 = everything on one provider), from the exact amounts, rounded half away from zero',
  })
  concentrationIndex: number;
}

@ObjectType({
  description:
    'Scheduled sponsored income the caller may see in a window (PLANNED deliverables of ACTIVE deals), by platform and by infrastructure provider, with what-ifs and advice',
})
export class Exposure {
  @Field({ description: 'Start of the window, included: the from argument (ISO 8601, UTC)' })
  startsAt: Date;
  @Field({ description: 'End of the window, excluded: the to argument (ISO 8601, UTC)' })
  endsAt: Date;
  // one per currency scheduled in the window
  @Extensions({ expectedItems: 3 })
  @Field(() => [CurrencyExposure], {
    description:
      "By currency code: one entry per currency of the caller's scheduled deliverables (at most one per CurrencyCode value)",
  })
  currencies: CurrencyExposure[];
  /** For the advice resolver. */
  audience: AdviceAudience;
  now: Date;
  engine: readonly EngineCurrencyExposure[];
  /** Per provider, in the order providers first appear. */
  whatIfRequests: readonly WhatIfRequest[];
  graph: PlatformGraph;
}

export const PlatformShareConnection = ConnectionType(PlatformShare);
export const ProviderShareConnection = ConnectionType(ProviderShare);
