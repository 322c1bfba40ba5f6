/** A dependency edge by slug: `platform` runs on `provider`. */
export interface SlugEdge {
  platform: string;
  provider: string;
}

/**
 * The shortest chain `from → … → to` following edges from platform to provider, breadth-first,
 * or null when `to` is not upstream of `from`. Ties go to the provider listed first.
 */
export function shortestDependencyPath(
  edges: readonly SlugEdge[],
  from: string,
  to: string,
): string[] | null {
  const providers = new Map<string, string[]>();
  for (const { platform, provider } of edges) {
    const list = providers.get(platform);
    if (list) list.push(provider);
    else providers.set(platform, [provider]);
  }
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const current = queue[i];
    if (current === to) {
      const path: string[] = [];
      for (let step: string | null = current; step !== null; step = previous.get(step) ?? null)
        path.unshift(step);
      return path;
    }
    for (const next of providers.get(current) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return null;
}
