import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/**
 * Imports run one way (docs/architecture.md): feature → shared infrastructure → `common`. Each
 * top-level folder of src/ has a rank; a folder may import folders of a lower rank, and its peers
 * of the same rank where the rule below allows. Runtime code only: specs and fixtures are left out.
 */
const RANK: Record<string, number> = {
  common: 0,
  config: 1,
  // Shared mechanisms every feature may use.
  database: 2,
  infrastructure: 2,
  security: 2,
  idempotency: 2,
  audit: 2,
  auth: 2,
  health: 2,
  // Leaf features: they import no other feature.
  platforms: 3,
  creators: 3,
  brands: 3,
  // The deal aggregate (deals and deliverables) and outages.
  deals: 4,
  outages: 4,
  impact: 5,
  reports: 6,
  exposure: 6,
  calendar: 6,
  webhooks: 6,
  integrations: 6,
  // Composition roots: the app module, main, bootstrap and the command-line scripts.
  '': 7,
  scripts: 7,
};

/** Peers that may import each other: one aggregate split over two folders, the composition roots, the shared mechanisms and the read-side features. */
function peersAllowed(from: string, to: string): boolean {
  const rank = RANK[from];
  if (from === 'outages' || to === 'outages') return false;
  return rank === 2 || rank === 4 || rank === 6 || rank === 7;
}

/**
 * Upward imports that exist today, each a known debt the architecture step (issue 12) removes.
 * The second test fails when one of them is gone, so that this list only ever shrinks.
 */
const KNOWN_UPWARD = new Set([
  'common -> auth', // the Viewer type in the request context
  'database -> brands', // database/entities.ts registers every feature's entities
  'database -> creators',
  'database -> deals',
  'database -> outages',
  'database -> platforms',
  'auth -> brands', // sign-up creates a brand or a creator profile
  'auth -> creators',
  'audit -> deals', // audit scoping reads deal visibility
  'audit -> platforms',
  'deals -> webhooks', // the outbox lives in webhooks until it moves to infrastructure
  'outages -> webhooks',
]);

const SRC = __dirname;

function runtimeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(
      (entry) =>
        entry.isFile() &&
        entry.name.endsWith('.ts') &&
        !entry.name.endsWith('.spec.ts') &&
        !entry.name.endsWith('.fixtures.ts'),
    )
    .map((entry) => join(entry.parentPath, entry.name));
}

function topFolder(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : '';
}

/** Every "folder -> folder" edge among runtime imports, with one file that makes it. */
function importEdges(): Map<string, string> {
  const edges = new Map<string, string>();
  for (const file of runtimeFiles(SRC)) {
    const from = topFolder(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = normalize(join(dirname(file), match[1]));
      if (relative(SRC, target).startsWith('..')) continue; // migrations/, outside src/
      const to = topFolder(target);
      if (to !== from && !edges.has(`${from} -> ${to}`)) {
        edges.set(`${from} -> ${to}`, relative(SRC, file));
      }
    }
  }
  return edges;
}

function allowed(from: string, to: string): boolean {
  return RANK[to] < RANK[from] || (RANK[to] === RANK[from] && peersAllowed(from, to));
}

describe('import direction', () => {
  const edges = importEdges();

  it('gives every folder of src/ a rank', () => {
    const folders = new Set([...edges.keys()].flatMap((edge) => edge.split(' -> ')));
    expect([...folders].filter((folder) => !(folder in RANK))).toEqual([]);
  });

  it('has no upward import but the known ones', () => {
    const upward = [...edges]
      .filter(([edge]) => {
        const [from, to] = edge.split(' -> ');
        return !allowed(from, to) && !KNOWN_UPWARD.has(edge);
      })
      .map(([edge, file]) => `${edge} (${file})`);
    expect(upward).toEqual([]);
  });

  it('lists only upward imports that still exist, so the list shrinks as they are fixed', () => {
    expect([...KNOWN_UPWARD].filter((edge) => !edges.has(edge))).toEqual([]);
  });
});
