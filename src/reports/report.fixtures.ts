// The worked example as a ReportModel, built with the real engine and builder, for report specs.
// Spec-only: `*.fixtures.ts` is left out of the build (tsconfig.build.json).
import { computeOutageImpact, type Deliverable, type Outage } from '../impact/engine';
import {
  AS_OF,
  EDGES,
  PLATFORMS,
  account,
  deliverable,
  outage,
  utc,
} from '../impact/engine/engine.fixtures';
import { buildReportModel, type DealNames, type ReportBuildInput } from './report-builder';
import type { ReportModel, ReportViewer } from './report.model';

export const ADMIN_VIEW: ReportViewer = {
  role: 'ADMIN',
  description: 'admin view',
  seesPlatformIncome: true,
};
export const BRAND_VIEW: ReportViewer = {
  role: 'BRAND',
  description: "Globex's view",
  seesPlatformIncome: false,
};
export const GENERATED_AT = utc('2024-03-06T09:00:00Z');

const dealX = {
  status: 'ACTIVE',
  forceMajeure: false,
  killFeeBps: 0,
  latePenaltyBpsPerDay: 250,
  latePenaltyCapBps: 1500,
  killAfterDaysLate: 5,
  netPaymentDays: 30,
  alternatePlatformIds: [],
} as const;

export const DEALS: ReadonlyMap<string, DealNames> = new Map([
  [
    'deal-x',
    { title: 'Deal X', creatorId: 'maya', creatorName: 'Maya', brandId: 'acme', brandName: 'Acme' },
  ],
  [
    'deal-y',
    {
      title: 'Deal Y',
      creatorId: 'noor',
      creatorName: 'Noor',
      brandId: 'globex',
      brandName: 'Globex',
    },
  ],
  [
    'deal-z',
    {
      title: 'Deal Z',
      creatorId: 'noor',
      creatorName: 'Noor',
      brandId: 'globex',
      brandName: 'Globex',
    },
  ],
]);

/** Meta down 2024-03-05 15:00–17:20 UTC, and the deliverables of deals X, Y and Z. */
export function workedExample(titles: Partial<Record<'reel' | 'story' | 'yLive', string>> = {}) {
  const meta = outage({
    id: 'outage-meta',
    title: 'Meta down',
    slugs: ['meta'],
    startsAt: utc('2024-03-05T15:00:00Z'),
    endsAt: utc('2024-03-05T17:20:00Z'),
  });
  const x = { dealId: 'deal-x', creatorId: 'maya', brandId: 'acme', currency: 'USD', deal: dealX };
  const reel = deliverable({
    ...x,
    id: 'x-reel',
    title: titles.reel ?? 'X reel',
    slug: 'instagram',
    kind: 'REEL',
    scheduledAt: utc('2024-03-05T16:00:00Z'),
    dueAt: utc('2024-03-05T18:00:00Z'),
    fee: 120_000n, // 1200.00 USD
  });
  const story = deliverable({
    ...x,
    id: 'x-story',
    title: titles.story ?? 'X story',
    slug: 'facebook',
    kind: 'STORY',
    scheduledAt: utc('2024-03-05T15:30:00Z'),
    dueAt: utc('2024-03-05T16:30:00Z'),
    fee: 40_000n, // 400.00 USD
  });
  const short = deliverable({
    ...x,
    id: 'x-short',
    title: 'X short',
    slug: 'tiktok',
    kind: 'SHORT',
    fee: 10_000n,
  });
  const yLive = deliverable({
    id: 'y-live',
    title: titles.yLive ?? 'Y live',
    dealId: 'deal-y',
    creatorId: 'noor',
    brandId: 'globex',
    slug: 'instagram',
    kind: 'LIVE',
    timing: 'FIXED',
    scheduledAt: utc('2024-03-05T14:30:00Z'),
    durationMinutes: 60,
    dueAt: utc('2024-03-05T15:30:00Z'),
    fee: 50_000n, // 500.00 GBP
    currency: 'GBP',
    deal: { forceMajeure: true, killFeeBps: 0, alternatePlatformIds: ['platform-youtube'] },
  });
  const zLive = deliverable({
    id: 'z-live',
    title: 'Z live',
    dealId: 'deal-z',
    creatorId: 'noor',
    brandId: 'globex',
    slug: 'facebook',
    kind: 'LIVE',
    timing: 'FIXED',
    scheduledAt: utc('2024-03-05T16:00:00Z'),
    durationMinutes: 30,
    dueAt: utc('2024-03-05T16:30:00Z'),
    fee: 80_000n, // 800.00 GBP
    currency: 'GBP',
    deal: { forceMajeure: true, killFeeBps: 2500 },
  });
  const mayaInstagram = account({
    id: 'account-maya-instagram',
    creatorId: 'maya',
    slug: 'instagram',
    dailyEarnings: 12_000n, // 120.00 USD a day
  });
  return {
    meta,
    deliverables: [reel, story, short, yLive, zLive],
    accounts: [mayaInstagram],
  };
}

/** Builder input for some outages over the example's deliverables, as one viewer sees them. */
export function buildInput(
  outages: readonly Outage[],
  options: {
    deliverables: readonly Deliverable[];
    accounts?: ReturnType<typeof workedExample>['accounts'];
    viewer?: ReportViewer;
    kind?: ReportBuildInput['kind'];
    asOf?: Date;
  },
): ReportBuildInput {
  const viewer = options.viewer ?? ADMIN_VIEW;
  const asOf = options.asOf ?? AS_OF;
  const accounts = viewer.seesPlatformIncome ? (options.accounts ?? []) : [];
  const deliverables =
    viewer.role === 'BRAND'
      ? options.deliverables.filter((d) => d.brandId === 'globex')
      : options.deliverables;
  const impacts = outages.map((o) => ({
    outage: o,
    impact: computeOutageImpact({
      outage: o,
      allOutages: outages,
      edges: EDGES,
      platforms: PLATFORMS,
      deliverables,
      accounts,
      asOf,
    }),
  }));
  return {
    kind: options.kind ?? (outages.length === 1 ? 'OUTAGE' : 'PERIOD'),
    generatedAt: GENERATED_AT,
    asOf,
    period:
      options.kind === 'PERIOD' || outages.length !== 1
        ? { from: utc('2024-03-01T00:00:00Z'), to: utc('2024-04-01T00:00:00Z') }
        : null,
    platformFilterId: null,
    viewer,
    impacts,
    edges: EDGES,
    platforms: PLATFORMS,
    deliverables: new Map(deliverables.map((d) => [d.id, d])),
    deals: DEALS,
    creatorNames: new Map([
      ['maya', 'Maya'],
      ['noor', 'Noor'],
    ]),
    contextOutages: outages,
    accounts: new Map(accounts.map((a) => [a.id, a])),
  };
}

/** The worked example's outage report for a viewer, with optional hostile titles. */
export function workedExampleReport(
  options: { viewer?: ReportViewer; titles?: Parameters<typeof workedExample>[0] } = {},
): ReportModel {
  const example = workedExample(options.titles);
  return buildReportModel(
    buildInput([example.meta], {
      deliverables: example.deliverables,
      accounts: example.accounts,
      viewer: options.viewer,
    }),
  );
}
