import { Injectable } from '@nestjs/common';
import { approvalStatus, type ApprovalStatus } from '../approvals/draft-state';
import { DraftRepository } from '../approvals/draft.repository';
import type { Viewer } from '../auth/viewer';
import {
  cursorTag,
  isPositionText,
  tagConnection,
  untagCursor,
} from '../common/graphql/list-order';
import { pageOf } from '../common/graphql/pagination';
import type { DealStatus } from '../deals/deal.entity';
import { tooManyToRank } from '../deals/deal.errors';
import {
  DealRepository,
  type CandidateNarrowing,
  type DeliverableCandidate,
  type DeliverablePage,
} from '../deals/deal.repository';
import { RISK_RANKING_LIMIT } from '../deals/deliverable.enums';
import { DeliverablesService } from '../deals/deliverables.service';
import type { DeliverableOrder } from '../deals/dto/deliverables.args';
import type { DeliverablesQueryArgs, DeliverableRiskFilter } from './dto/deliverables-query.args';
import {
  approvalRisk,
  compareOutcomes,
  isOverdue,
  riskScopes,
  withApprovalRisk,
  type Deliverable,
  type DeliverableRisk,
  type RiskOutcome,
  type RiskScopes,
} from './engine';
import { toEngineDeliverables } from './engine-deliverables';
import { ImpactRepository } from './impact.repository';

/** A page of the deliverables list, with the risks already computed for its nodes (if any). */
export type DeliverablesQueryPage = DeliverablePage & { risks: DeliverableRisk[] };

interface Ranked {
  candidate: DeliverableCandidate;
  /** The risk the list filters and orders by: the outages' and the deadline's, then approval's. */
  risk: DeliverableRisk;
  /** The outages' and the deadline's alone, which `Deliverable.risk` starts from. */
  outageRisk: DeliverableRisk;
}

// Levels an outage (or a passed deadline) gives: only PLANNED deliverables of ACTIVE deals.
const HIT_LEVELS: ReadonlySet<RiskOutcome> = new Set([
  'LOST',
  'OVERDUE',
  'LATE',
  'DELAYED',
  'AT_RISK',
  'RECOVERABLE',
]);
const UNSETTLED_DEAL_STATUSES: readonly DealStatus[] = ['DRAFT', 'ACTIVE', 'COMPLETED'];

/** True when the request filters or orders by risk, which only the engine can compute. */
export function ranksByRisk(args: Pick<DeliverablesQueryArgs, 'filter' | 'orderBy'>): boolean {
  const filter = args.filter;
  return (
    filter?.riskLevels !== undefined ||
    (filter?.overdue !== undefined && filter.overdue !== null) ||
    args.orderBy?.field === 'RISK'
  );
}

/**
 * The root `deliverables` list. Filters and orders the database can apply go to
 * `DeliverablesService.list` (one keyset statement). Risk filters and the RISK order are ranked
 * in ONE pass: one statement for every visible deliverable matching the SQL filters (with the
 * deal terms the engine needs and what nested fields show), one for the outages around them and
 * the platform graph, the pure engine for each risk, then filter, sort and page in memory. Two
 * statements whatever the page size; the risks come back for the loaders.
 */
@Injectable()
export class DeliverableRiskPageService {
  constructor(
    private readonly deliverables: DeliverablesService,
    private readonly deals: DealRepository,
    private readonly impact: ImpactRepository,
    private readonly drafts: DraftRepository,
  ) {}

  /** `asOf`: the request's now, which risk is judged at. */
  async page(
    viewer: Viewer,
    args: DeliverablesQueryArgs,
    asOf: Date,
  ): Promise<DeliverablesQueryPage> {
    if (!ranksByRisk(args)) {
      const page = await this.deliverables.list(viewer, args);
      return Object.assign(page, { risks: [] });
    }
    const filter = args.filter ?? {};
    const candidates = await this.deals.deliverableCandidates(
      viewer,
      filter,
      narrowing(filter, asOf),
      RISK_RANKING_LIMIT,
    );
    if (candidates.length > RISK_RANKING_LIMIT) throw tooManyToRank(RISK_RANKING_LIMIT);
    const ranked = sortRanked(await this.ranked(candidates, filter, asOf), args.orderBy);
    return pageOfRanked(ranked, args);
  }

  /** Each candidate with its risk, keeping those the risk filters let through. */
  private async ranked(
    candidates: readonly DeliverableCandidate[],
    filter: DeliverableRiskFilter,
    asOf: Date,
  ): Promise<Ranked[]> {
    if (candidates.length === 0) return [];
    const deliverables = toEngineDeliverables(candidates);
    const { outages, graph } = await this.impact.riskContextAround(deliverables);
    // Each outage's scope is built once for every candidate (up to RISK_RANKING_LIMIT of them).
    const scopes = riskScopes(outages, graph.edges, asOf, graph.platforms);
    const levels = filter.riskLevels ? new Set(filter.riskLevels) : null;
    const approvals = await this.approvalStates(candidates);
    const ranked: Ranked[] = [];
    deliverables.forEach((deliverable, index) => {
      const candidate = candidates[index];
      const outageRisk = scopes.risk(deliverable);
      const approval = approvals.get(deliverable.id);
      const risk = approval
        ? withApprovalRisk(
            outageRisk,
            approvalRisk(
              deliverable,
              { status: approval, leadHours: candidate.deal.approvalLeadHours },
              asOf,
            ),
          )
        : outageRisk;
      if (levels && !levels.has(risk.outcome)) return;
      if (
        filter.overdue !== undefined &&
        filter.overdue !== null &&
        overdueNow(deliverable, risk, scopes, asOf) !== filter.overdue
      ) {
        return;
      }
      ranked.push({ candidate, risk, outageRisk });
    });
    return ranked;
  }

  /**
   * The approval of the candidates the approval rule can reach (PLANNED, on an ACTIVE deal that
   * requires approval), in one statement; none, and no statement, when no deal requires it.
   */
  private async approvalStates(
    candidates: readonly DeliverableCandidate[],
  ): Promise<Map<string, ApprovalStatus>> {
    const reached = candidates.filter(
      ({ deal, deliverable }) =>
        deal.requiresApproval && deal.status === 'ACTIVE' && deliverable.status === 'PLANNED',
    );
    if (reached.length === 0) return new Map();
    const latest = await this.drafts.latestStates(reached.map(({ deliverable }) => deliverable.id));
    return new Map(
      reached.map(({ deliverable }) => {
        const state = latest.get(deliverable.id);
        return [deliverable.id, approvalStatus(true, state ? { state } : null)] as const;
      }),
    );
  }
}

/**
 * SQL conditions implied by the risk filters, so fewer rows are ranked: levels an outage or a
 * passed deadline gives need a PLANNED deliverable of an ACTIVE deal, and an overdue one a
 * deadline (dueAt, which force majeure only extends) before asOf. They never change the answer.
 */
export function narrowing(filter: DeliverableRiskFilter, asOf: Date): CandidateNarrowing {
  const levels = filter.riskLevels;
  const narrowed: CandidateNarrowing = {};
  if (levels && !levels.some((level) => level === 'POSTED' || level === 'CANCELLED')) {
    narrowed.statuses = ['PLANNED'];
    narrowed.dealStatuses = levels.every((level) => HIT_LEVELS.has(level))
      ? ['ACTIVE']
      : UNSETTLED_DEAL_STATUSES;
  }
  if (filter.overdue === true) {
    narrowed.statuses = ['PLANNED'];
    narrowed.dealStatuses = ['ACTIVE'];
    narrowed.dueBefore = asOf;
  }
  return narrowed;
}

/**
 * The engine's OVERDUE rule (`isOverdue`): the level says it unless an outage made it LOST,
 * which outranks OVERDUE; then the deadline in force is worked out from every assessment.
 */
function overdueNow(
  deliverable: Deliverable,
  risk: DeliverableRisk,
  scopes: RiskScopes,
  asOf: Date,
): boolean {
  if (risk.outcome === 'OVERDUE') return true;
  if (risk.outcome !== 'LOST') return false;
  return isOverdue(deliverable, asOf, scopes.assessments(deliverable));
}

type Sortable = Pick<Ranked, 'candidate' | 'risk'>;

const byId = (a: Sortable, b: Sortable): number =>
  a.candidate.deliverable.id < b.candidate.deliverable.id
    ? -1
    : a.candidate.deliverable.id > b.candidate.deliverable.id
      ? 1
      : 0;

const byInstant =
  (instant: (ranked: Sortable) => Date) =>
  (a: Sortable, b: Sortable): number =>
    instant(a).getTime() - instant(b).getTime() || byId(a, b);

/**
 * The list in `order`. RISK DESC: worst level first (the engine's severity), ties by the earliest
 * deadline then id; RISK ASC is that list reversed. The other fields sort like the SQL list: the
 * instant then id, both in the direction asked.
 */
export function sortRanked<R extends Sortable>(
  ranked: R[],
  order: DeliverableOrder | null | undefined,
): R[] {
  const field = order?.field ?? 'SCHEDULED_AT';
  const compare =
    field === 'RISK'
      ? (a: Sortable, b: Sortable) =>
          compareOutcomes(a.risk.outcome, b.risk.outcome) ||
          byInstant((r) => r.candidate.deliverable.dueAt)(a, b)
      : byInstant((r) => {
          const d = r.candidate.deliverable;
          return field === 'DUE_AT'
            ? d.dueAt
            : field === 'UPDATED_AT'
              ? d.updatedAt
              : d.scheduledAt;
        });
  // RISK's natural comparison is worst first (DESC); the instants' is earliest first (ASC).
  const natural = field === 'RISK' ? 'DESC' : 'ASC';
  const sign = (order?.direction ?? 'ASC') === natural ? 1 : -1;
  return ranked.sort((a, b) => sign * compare(a, b));
}

/**
 * One page of the ranked list (`pageOf`), its cursors tagged with the order, the related rows
 * of its nodes for the loaders and their risks.
 */
function pageOfRanked(
  ranked: readonly Ranked[],
  args: DeliverablesQueryArgs,
): DeliverablesQueryPage {
  const tag = cursorTag(
    args.orderBy?.field ?? 'SCHEDULED_AT',
    args.orderBy?.direction ?? 'ASC',
    'position',
  );
  // Forward or backward (last/before): pageOf pages the ranked list either way, exactly.
  const page = pageOf(
    ranked,
    {
      first: args.first,
      last: args.last,
      after: untagCursor(args.after, tag, isPositionText),
      before: untagCursor(args.before, tag, isPositionText, 'before'),
    },
    (item) => item.candidate.deliverable.id,
  );
  const nodes = page.edges.map((edge) => edge.node);
  const unique = <E extends { id: string }>(entities: E[]) => [
    ...new Map(entities.map((entity) => [entity.id, entity])).values(),
  ];
  const connection = tagConnection(
    {
      edges: page.edges.map(({ cursor, node }) => ({ cursor, node: node.candidate.deliverable })),
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    },
    tag,
  );
  return Object.assign(connection, {
    related: {
      deals: unique(nodes.map((node) => node.candidate.deal)),
      creators: unique(nodes.map((node) => node.candidate.creator)),
      platforms: unique(nodes.map((node) => node.candidate.platform)),
    },
    // Deliverable.risk applies the approval rule itself: it is primed with the outages' risk.
    risks: nodes.map((node) => node.outageRisk),
  });
}
