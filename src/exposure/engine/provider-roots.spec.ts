import { EDGES, PLATFORMS, pid } from '../../impact/engine/engine.fixtures';
import type { PlatformEdge } from '../../impact/engine';
import { dependsOn, providerRoots, splitAcrossRoots } from './provider-roots';

describe('providerRoots', () => {
  it('maps each platform to the root of the dependency graph above it', () => {
    expect(providerRoots(pid('instagram'), EDGES, PLATFORMS)).toEqual([pid('meta')]);
    expect(providerRoots(pid('facebook'), EDGES, PLATFORMS)).toEqual([pid('meta')]);
    expect(providerRoots(pid('youtube'), EDGES, PLATFORMS)).toEqual([pid('google')]);
    expect(providerRoots(pid('tiktok'), EDGES, PLATFORMS)).toEqual([pid('bytedance')]);
  });

  it('makes a platform with no providers its own root', () => {
    expect(providerRoots('x', EDGES, PLATFORMS)).toEqual(['x']);
    expect(providerRoots(pid('meta'), EDGES, PLATFORMS)).toEqual([pid('meta')]);
  });

  it('follows the graph transitively and lists every root of a multi-root platform by slug', () => {
    // shop → cdn → aws, and shop → meta: two roots, aws before meta
    const edges: PlatformEdge[] = [
      ...EDGES,
      { platformId: 'shop', providerId: 'cdn' },
      { platformId: 'cdn', providerId: 'aws' },
      { platformId: 'shop', providerId: pid('meta') },
    ];
    const platforms = new Map([
      ...PLATFORMS,
      ['shop', { slug: 'shop' }],
      ['cdn', { slug: 'cdn' }],
      ['aws', { slug: 'aws' }],
    ]);
    expect(providerRoots('shop', edges, platforms)).toEqual(['aws', pid('meta')]);
    expect(dependsOn('shop', 'aws', edges)).toBe(true);
    expect(dependsOn('shop', pid('google'), edges)).toBe(false);
  });

  it('counts a platform caught in a dependency cycle as its own root', () => {
    const edges: PlatformEdge[] = [
      { platformId: 'a', providerId: 'b' },
      { platformId: 'b', providerId: 'a' },
    ];
    expect(providerRoots('a', edges)).toEqual(['a']);
  });
});

describe('splitAcrossRoots', () => {
  it('gives one root the whole amount', () => {
    expect(splitAcrossRoots(10_001n, ['meta'])).toEqual(new Map([['meta', 10_001n]]));
  });

  it('splits by largest remainder, the leftover unit to the earlier root', () => {
    // 100.01 over two roots = 50.005 each → 50.01 + 50.00
    expect(splitAcrossRoots(10_001n, ['aws', 'meta'])).toEqual(
      new Map([
        ['aws', 5_001n],
        ['meta', 5_000n],
      ]),
    );
    // 100.00 over three → 33.34 + 33.33 + 33.33 = 100.00
    const parts = [...splitAcrossRoots(10_000n, ['a', 'b', 'c']).values()];
    expect(parts).toEqual([3_334n, 3_333n, 3_333n]);
    expect(parts.reduce((sum, part) => sum + part, 0n)).toBe(10_000n);
  });
});
