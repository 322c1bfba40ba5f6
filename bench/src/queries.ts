import { MS_PER_HOUR } from '../../src/common/time/durations';
import { BENCH_OUTAGE } from './dataset';

/**
 * The operations the bench sends. The impact query asks for what a report's first screen shows:
 * totals per currency and the first page of hit deliverables; `asOf` is fixed after the outage,
 * so every run computes the same settled answer.
 */
export const IMPACT_AS_OF = new Date(BENCH_OUTAGE.endsAt.getTime() + 3 * MS_PER_HOUR);

export const IMPACT_QUERY = `query BenchImpact($outageId: ID!, $asOf: DateTime!) {
  outageImpact(outageId: $outageId, asOf: $asOf) {
    provisional
    totals {
      currency
      delayed { amount }
      lost { amount }
      recoverable { amount }
      retained { amount }
      atRisk { amount }
      platformIncomeLost { amount }
      byOutcome { outcome deliverableCount amount { amount } }
    }
    deliverables(first: 20) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          outcome
          fee { amount currency }
          delayed { amount }
          lost { amount }
          suggestedSlotAt
          explanation
          deliverable { id title scheduledAt }
        }
      }
    }
  }
}`;

const BRAND_LIST_FIELDS = `id kind title status scheduledAt dueAt
        fee { amount currency }
        deal { id title status currency creator { id displayName } }
        platform { id slug name }`;

/** A brand's status list: 50 deliverables with their deal, the deal's creator and the platform. */
export const BRAND_LIST_QUERY = `query BrandList {
  deliverables(first: 50) {
    pageInfo { hasNextPage endCursor }
    edges { node { ${BRAND_LIST_FIELDS} } }
  }
}`;

/** The same list with each deliverable's standing against recorded outages. */
export const BRAND_LIST_WITH_RISK_QUERY = `query BrandListWithRisk {
  deliverables(first: 50) {
    pageInfo { hasNextPage endCursor }
    edges { node { ${BRAND_LIST_FIELDS} risk { level provisional suggestedSlotAt explanation } } }
  }
}`;

/**
 * PostGraphile's equivalent: the same rows (the brand's deliverables by slot, first 50) and
 * fields, through a SQL function it exposes (`bench.brand_deliverables`), since it has no notion
 * of "the caller's brand". It reads the deliverables by their own brand_id, through the index
 * (brand_id, scheduled_at, id) our page uses: the same indexes and access path for both. The fee
 * comes as a BigInt string in minor units, the currency from the deal: the same data, in its own
 * shape.
 */
export const POSTGRAPHILE_BRAND_LIST_QUERY = `query BrandList($brandId: UUID!) {
  brandDeliverables(brandId: $brandId, first: 50) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id kind title status scheduledAt dueAt fee
      dealByDealId { id title status currency creatorByCreatorId { id displayName } }
      platformByPlatformId { id slug name }
    }
  }
}`;

export const POSTGRAPHILE_SETUP_SQL = `
  CREATE SCHEMA IF NOT EXISTS bench;
  CREATE OR REPLACE FUNCTION bench.brand_deliverables(brand_id uuid)
    RETURNS SETOF public.deliverables
    LANGUAGE sql STABLE
    AS $$
      SELECT d.* FROM public.deliverables d
       WHERE d.brand_id = brand_deliverables.brand_id
       ORDER BY d.scheduled_at, d.id
    $$;
  -- A payment's reversal points at the payment it cancels (a one-to-one self-reference): name the
  -- backward field, which PostGraphile would otherwise give the forward field's name.
  COMMENT ON CONSTRAINT payments_reverses_payment_id_fkey ON public.payments
    IS E'@foreignSingleFieldName reversal';`;

export const TYPENAME_QUERY = '{ __typename }';
