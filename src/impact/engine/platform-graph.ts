import type { Id, PlatformEdge } from './types';

interface Graph {
  /** provider → platforms that depend on it directly */
  readonly dependents: ReadonlyMap<Id, readonly Id[]>;
  /** platform → platforms it depends on directly */
  readonly providers: ReadonlyMap<Id, readonly Id[]>;
  readonly upstreamCache: Map<Id, ReadonlySet<Id>>;
}

// The service passes the same edges array for a whole computation; building the adjacency once
// per array keeps assessments over thousands of deliverables linear.
const graphs = new WeakMap<readonly PlatformEdge[], Graph>();

function graphOf(edges: readonly PlatformEdge[]): Graph {
  let graph = graphs.get(edges);
  if (!graph) {
    const dependents = new Map<Id, Id[]>();
    const providers = new Map<Id, Id[]>();
    for (const { platformId, providerId } of edges) {
      push(dependents, providerId, platformId);
      push(providers, platformId, providerId);
    }
    graph = { dependents, providers, upstreamCache: new Map() };
    graphs.set(edges, graph);
  }
  return graph;
}

function push(map: Map<Id, Id[]>, key: Id, value: Id): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function closure(start: readonly Id[], next: ReadonlyMap<Id, readonly Id[]>): Id[] {
  const seen = new Set<Id>();
  const order: Id[] = [];
  const queue = [...start];
  // Breadth-first with a seen set: cycles in bad data end the walk instead of looping.
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    if (seen.has(id)) continue;
    seen.add(id);
    order.push(id);
    for (const n of next.get(id) ?? []) if (!seen.has(n)) queue.push(n);
  }
  return order;
}

/**
 * Rule 1 — platforms affected by an outage on `directIds`: those platforms plus every platform
 * that depends on one of them, transitively (meta ⇒ facebook, instagram, whatsapp, …).
 *
 * Reference implementation of the service's recursive CTE. Order: the direct ids first, then
 * dependents breadth-first; no duplicates; cycles are tolerated.
 */
export function affectedPlatformIds(
  directIds: readonly Id[],
  edges: readonly PlatformEdge[],
): Id[] {
  return closure(directIds, graphOf(edges).dependents);
}

/**
 * The platform itself plus everything it depends on, transitively (instagram → {instagram, meta}).
 * An outage takes `platformId` down iff it names one of these.
 */
export function upstreamPlatformIds(
  platformId: Id,
  edges: readonly PlatformEdge[],
): ReadonlySet<Id> {
  const graph = graphOf(edges);
  let upstream = graph.upstreamCache.get(platformId);
  if (!upstream) {
    upstream = new Set(closure([platformId], graph.providers));
    graph.upstreamCache.set(platformId, upstream);
  }
  return upstream;
}

/** True when an outage on `outagePlatformIds` takes `platformId` down, directly or through the graph. */
export function outageAffectsPlatform(
  outagePlatformIds: readonly Id[],
  platformId: Id,
  edges: readonly PlatformEdge[],
): boolean {
  const upstream = upstreamPlatformIds(platformId, edges);
  return outagePlatformIds.some((id) => upstream.has(id));
}
