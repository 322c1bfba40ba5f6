import { shortestDependencyPath, type SlugEdge } from './dependency-path';

const edge = (platform: string, provider: string): SlugEdge => ({ platform, provider });

describe('shortestDependencyPath', () => {
  it('follows edges from platform to provider', () => {
    const edges = [edge('instagram', 'meta'), edge('meta', 'cloud')];
    expect(shortestDependencyPath(edges, 'instagram', 'cloud')).toEqual([
      'instagram',
      'meta',
      'cloud',
    ]);
    // Edges are one-way: cloud does not depend on instagram.
    expect(shortestDependencyPath(edges, 'cloud', 'instagram')).toBeNull();
  });

  it('returns the one-element path from a node to itself', () => {
    expect(shortestDependencyPath([], 'x', 'x')).toEqual(['x']);
  });

  it('prefers the shortest chain', () => {
    const edges = [edge('a', 'b'), edge('b', 'c'), edge('c', 'd'), edge('a', 'd')];
    expect(shortestDependencyPath(edges, 'a', 'd')).toEqual(['a', 'd']);
  });

  it('terminates on cyclic data', () => {
    const edges = [edge('a', 'b'), edge('b', 'a'), edge('b', 'c')];
    expect(shortestDependencyPath(edges, 'a', 'c')).toEqual(['a', 'b', 'c']);
    expect(shortestDependencyPath(edges, 'a', 'z')).toBeNull();
  });
});
