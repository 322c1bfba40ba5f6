import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Money } from '../common/graphql/money.model';
import { ImpactTotals } from '../impact/impact.model';
import type { PlatformGraph } from '../impact/impact.repository';
import type { AdviceAudience, CurrencyExposure as EngineCurrencyExposure } from './engine';

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
  @Field(() => [ImpactTotals], { description: 'Per currency, as simulateOutage returns them' })
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
  @Field({ description: 'shareBps as a percentage with one decimal, e.g. "72.0 %"' })
  share: string;
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
  @Field({ description: 'shareBps as a percentage with one decimal, e.g. "72.0 %"' })
  share: string;
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
  @Field({ description: 'ISO 4217 code of every amount here' }) currency: string;
  @Field(() => Money, {
    description: "Fees of the window's PLANNED deliverables of ACTIVE deals in this currency",
  })
  total: Money;
  @Field(() => Int, { description: 'How many deliverables those fees come from' })
  deliverableCount: number;
  @Field(() => [PlatformShare], { description: 'Largest first' }) byPlatform: PlatformShare[];
  @Field(() => [ProviderShare], { description: 'Largest first' }) byProvider: ProviderShare[];
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
  @Field({ description: 'Start of the window, included (ISO 8601, UTC)' }) from: Date;
  @Field({ description: 'End of the window, excluded (ISO 8601, UTC)' }) to: Date;
  @Field(() => [CurrencyExposure], { description: 'By currency code' })
  currencies: CurrencyExposure[];
  /** For the advice resolver. */
  audience: AdviceAudience;
  now: Date;
  engine: readonly EngineCurrencyExposure[];
  /** Per provider, in the order providers first appear. */
  whatIfRequests: readonly WhatIfRequest[];
  graph: PlatformGraph;
}
