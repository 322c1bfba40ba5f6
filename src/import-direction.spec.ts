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
  auth: 2,
  health: 2,
  backup: 2,
  // Leaf features: they import no other feature.
  platforms: 3,
  creators: 3,
  brands: 3,
  // The deal aggregate (deals and deliverables) and outages.
  deals: 4,
  outages: 4,
  // Content approval, on the deal aggregate; impact's risk reads it.
  approvals: 4.5,
  impact: 5,
  reports: 6,
  exposure: 6,
  calendar: 6,
  receivables: 6,
  reschedules: 6,
  webhooks: 6,
  audit: 6,
  integrations: 6,
  graph: 6,
  events: 6,
  // Composition roots: the app module, main, bootstrap and the command-line scripts.
  '': 7,
  scripts: 7,
};

/**
 * Peers that may import each other: the shared mechanisms (rank 2), the read-side features built
 * on impact (rank 6) and the composition roots. Leaves import no other leaf; deals and outages
 * import neither each other nor a leaf's peer.
 */
function peersAllowed(from: string): boolean {
  const rank = RANK[from];
  return rank === 2 || rank === 6 || rank === 7;
}

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
  return RANK[to] < RANK[from] || (RANK[to] === RANK[from] && peersAllowed(from));
}

describe('import direction', () => {
  const edges = importEdges();

  it('gives every folder of src/ a rank', () => {
    const folders = new Set([...edges.keys()].flatMap((edge) => edge.split(' -> ')));
    expect([...folders].filter((folder) => !(folder in RANK))).toEqual([]);
  });

  it('has no upward import', () => {
    const upward = [...edges]
      .filter(([edge]) => {
        const [from, to] = edge.split(' -> ');
        return !allowed(from, to);
      })
      .map(([edge, file]) => `${edge} (${file})`);
    expect(upward).toEqual([]);
  });

  it('refuses the imports the layout forbids', () => {
    expect(allowed('common', 'auth')).toBe(false); // common imports nothing above it
    expect(allowed('config', 'integrations')).toBe(false);
    expect(allowed('database', 'deals')).toBe(false); // entities are listed at the root
    expect(allowed('platforms', 'brands')).toBe(false); // leaves import no other leaf
    expect(allowed('deals', 'outages')).toBe(false);
    expect(allowed('deals', 'impact')).toBe(false);
    expect(allowed('impact', 'reports')).toBe(false);
    expect(allowed('reports', 'impact')).toBe(true);
    expect(allowed('deals', 'infrastructure')).toBe(true);
    expect(allowed('', 'scripts')).toBe(true);
  });
});
