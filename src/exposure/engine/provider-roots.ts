import { splitEvenly } from '../../common/money';
import {
  upstreamPlatformIds,
  type Id,
  type PlatformDirectory,
  type PlatformEdge,
  type PlatformInfo,
} from '../../impact/engine';

// Which platforms carry each other's income: edges go from a platform to the provider it runs on.
const providerSets = new WeakMap<readonly PlatformEdge[], ReadonlySet<Id>>();

function platformsWithProviders(edges: readonly PlatformEdge[]): ReadonlySet<Id> {
  let set = providerSets.get(edges);
  if (!set) {
    set = new Set(edges.map((edge) => edge.platformId));
    providerSets.set(edges, set);
  }
  return set;
}

/** The directory entry for a platform id, from a Map or a plain object. */
export function platformInfo(
  platforms: PlatformDirectory | undefined,
  id: Id,
): PlatformInfo | undefined {
  if (!platforms) return undefined;
  if (platforms instanceof Map) return (platforms as ReadonlyMap<Id, PlatformInfo>).get(id);
  return (platforms as Readonly<Record<Id, PlatformInfo | undefined>>)[id];
}

/** Orders platform ids by slug (then id), for deterministic splits and ties. */
export function compareBySlug(platforms: PlatformDirectory | undefined) {
  return (a: Id, b: Id): number => {
    const sa = platformInfo(platforms, a)?.slug ?? a;
    const sb = platformInfo(platforms, b)?.slug ?? b;
    if (sa !== sb) return sa < sb ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

/**
 * The infrastructure providers a platform's income depends on: the roots of the dependency graph
 * above it, i.e. the platforms in its transitive upstream that depend on nothing
 * (instagram → [meta], youtube → [google], tiktok → [bytedance]). A platform with no providers is
 * its own root (x → [x], email → [email]). A platform on several roots lists them all. Should bad
 * data leave no root (a dependency cycle with no way out), the platform counts as its own root.
 * Ordered by slug, then id.
 */
export function providerRoots(
  platformId: Id,
  edges: readonly PlatformEdge[],
  platforms?: PlatformDirectory,
): Id[] {
  const dependsOnSomething = platformsWithProviders(edges);
  const roots = [...upstreamPlatformIds(platformId, edges)].filter(
    (id) => !dependsOnSomething.has(id),
  );
  return (roots.length > 0 ? roots : [platformId]).sort(compareBySlug(platforms));
}

/** True when an outage of `providerId` takes `platformId` down (it is the platform or upstream of it). */
export function dependsOn(platformId: Id, providerId: Id, edges: readonly PlatformEdge[]): boolean {
  return upstreamPlatformIds(platformId, edges).has(providerId);
}

/**
 * Splits a platform's amount (minor units) across its roots in equal parts by largest remainder:
 * the parts sum to exactly `amount`, and the roots earlier in `roots` (by slug, from
 * `providerRoots`) get the leftover units — 100.01 over [google, meta] → 50.01, 50.00.
 * A single root takes the whole amount.
 * @throws RangeError for no roots or a negative amount.
 */
export function splitAcrossRoots(amount: bigint, roots: readonly Id[]): Map<Id, bigint> {
  const parts = splitEvenly(amount, roots.length);
  return new Map(roots.map((root, index) => [root, parts[index]]));
}
