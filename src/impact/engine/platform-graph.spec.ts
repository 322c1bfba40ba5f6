import { affectedPlatformIds, outageAffectsPlatform, upstreamPlatformIds } from './platform-graph';
import { EDGES, pid } from './engine.fixtures';
import type { PlatformEdge } from './types';

describe('platform graph', () => {
  it('meta down ⇒ facebook, instagram, whatsapp, messenger, threads down', () => {
    expect(affectedPlatformIds([pid('meta')], EDGES)).toEqual(
      ['meta', 'facebook', 'instagram', 'whatsapp', 'messenger', 'threads'].map(pid),
    );
  });

  it('a leaf platform affects only itself', () => {
    expect(affectedPlatformIds([pid('instagram')], EDGES)).toEqual([pid('instagram')]);
  });

  it('follows dependencies transitively and without duplicates', () => {
    // cdn ← meta ← instagram, and instagram also directly on cdn
    const edges: PlatformEdge[] = [
      ...EDGES,
      { platformId: pid('meta'), providerId: 'cdn' },
      { platformId: pid('instagram'), providerId: 'cdn' },
      { platformId: pid('youtube'), providerId: 'cdn' },
    ];
    const affected = affectedPlatformIds(['cdn'], edges);
    expect(affected[0]).toBe('cdn');
    expect(new Set(affected)).toEqual(
      new Set([
        'cdn',
        ...['meta', 'instagram', 'youtube', 'facebook', 'whatsapp', 'messenger', 'threads'].map(
          pid,
        ),
      ]),
    );
    expect(affected).toHaveLength(new Set(affected).size);
    expect(upstreamPlatformIds(pid('instagram'), edges)).toEqual(
      new Set([pid('instagram'), pid('meta'), 'cdn']),
    );
  });

  it('survives a cycle in bad data', () => {
    const edges: PlatformEdge[] = [
      { platformId: 'a', providerId: 'b' },
      { platformId: 'b', providerId: 'a' },
    ];
    expect(affectedPlatformIds(['a'], edges)).toEqual(['a', 'b']);
    expect(upstreamPlatformIds('a', edges)).toEqual(new Set(['a', 'b']));
  });

  it('knows whether an outage reaches a platform', () => {
    expect(outageAffectsPlatform([pid('meta')], pid('threads'), EDGES)).toBe(true);
    expect(outageAffectsPlatform([pid('threads')], pid('meta'), EDGES)).toBe(false); // not upward
    expect(outageAffectsPlatform([pid('google')], pid('instagram'), EDGES)).toBe(false);
  });

  it('does not reuse a cached graph across different edge arrays', () => {
    expect(affectedPlatformIds([pid('meta')], [])).toEqual([pid('meta')]);
    expect(affectedPlatformIds([pid('meta')], EDGES)).toHaveLength(6);
  });
});
