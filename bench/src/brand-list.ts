import { Client } from 'pg';
import { postGraphql } from './app-server';
import { BENCH_ADMIN } from './dataset';
import { signIn } from './impact-http';
import { httpLoad, sqlLoad, type LoadOptions, type LoadResult } from './load';
import {
  BRAND_LIST_QUERY,
  BRAND_LIST_WITH_RISK_QUERY,
  POSTGRAPHILE_BRAND_LIST_QUERY,
  TYPENAME_QUERY,
} from './queries';
import { startApi, startPostGraphile } from './servers';
import { statementsPerRequest } from './statements';

/** Brand 1 is claimed by its member `brand-1@bench.example` (see ./dataset). */
export const BENCH_BRAND = {
  email: 'brand-1@bench.example',
  password: BENCH_ADMIN.password,
  idSql: `SELECT md5('brand1')::uuid::text AS id`,
};
const PAGE = 50;

export interface BrandListResults {
  loads: LoadResult[];
  /** Resident memory of the API process after its load tests, in MiB. */
  apiRssAfterLoadMiB: number;
}

type ListBody = { data?: { deliverables: { edges: Array<{ node: { id: string } }> } } };
type PostGraphileBody = { data?: { brandDeliverables: { nodes: Array<{ id: string }> } } };

const fullPage = (ids: string[] | undefined) => ids?.length === PAGE;

/**
 * The brand's status list under `options.connections` concurrent clients: our API without and
 * with `risk`, PostGraphile on the same rows, the list's SQL alone, and `{ __typename }`. Before
 * loading, each server's answer is checked once: PostGraphile must return exactly our rows.
 */
export async function benchBrandList(
  databaseUrl: string,
  options: LoadOptions,
  log: (line: string) => void,
): Promise<BrandListResults> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const brandId = (await client.query<{ id: string }>(BENCH_BRAND.idSql)).rows[0].id;
  await client.end();

  const loads: LoadResult[] = [];
  let apiRssAfterLoadMiB = NaN;
  let ourIds: string[] = [];
  let token = '';

  const api = await startApi(databaseUrl);
  try {
    const endpoint = `${api.url}/graphql`;
    token = await signIn(endpoint, { email: BENCH_BRAND.email, password: BENCH_BRAND.password });
    const first = await postGraphql<ListBody['data']>(endpoint, BRAND_LIST_QUERY, {}, token);
    ourIds = first.body.data?.deliverables.edges.map((edge) => edge.node.id) ?? [];
    if (!fullPage(ourIds)) throw new Error(`Brand list answered ${JSON.stringify(first.body)}`);
    const headers = { authorization: `Bearer ${token}` };
    const ourListOk = (body: string) => {
      const parsed = JSON.parse(body) as ListBody & { errors?: unknown };
      return !parsed.errors && fullPage(parsed.data?.deliverables.edges.map((e) => e.node.id));
    };
    const cases: Array<[string, string, string, (body: string) => boolean]> = [
      [
        'API { __typename }',
        'same server, no resolver, no SQL: the framework floor',
        TYPENAME_QUERY,
        (body) => body.includes('"Query"'),
      ],
      [
        'API brand list',
        'deliverables(first: 50) + deal, creator, platform',
        BRAND_LIST_QUERY,
        ourListOk,
      ],
      [
        'API brand list + risk',
        'the same with risk per deliverable',
        BRAND_LIST_WITH_RISK_QUERY,
        ourListOk,
      ],
    ];
    for (const [name, description, query, ok] of cases) {
      log(`  ${name}…`);
      loads.push(
        await httpLoad(
          name,
          description,
          endpoint,
          JSON.stringify({ query }),
          headers,
          ok,
          options,
        ),
      );
    }
    apiRssAfterLoadMiB = api.rssMiB();
  } finally {
    await api.stop();
  }

  // The same requests on Nest's Fastify adapter (the Express-versus-Fastify question).
  const fastify = await startApi(databaseUrl, {}, 'fastify');
  try {
    const endpoint = `${fastify.url}/graphql`;
    const headers = { authorization: `Bearer ${token}` };
    log('  Fastify adapter…');
    loads.push(
      await httpLoad(
        'API on Fastify { __typename }',
        'the same modules on @nestjs/platform-fastify',
        endpoint,
        JSON.stringify({ query: TYPENAME_QUERY }),
        headers,
        (body) => body.includes('"Query"'),
        options,
      ),
      await httpLoad(
        'API on Fastify brand list',
        'the same list on @nestjs/platform-fastify',
        endpoint,
        JSON.stringify({ query: BRAND_LIST_QUERY }),
        headers,
        (body) => {
          const parsed = JSON.parse(body) as ListBody & { errors?: unknown };
          return !parsed.errors && fullPage(parsed.data?.deliverables.edges.map((e) => e.node.id));
        },
        options,
      ),
    );
  } finally {
    await fastify.stop();
  }

  log('  statements per request…');
  const statements = await statementsPerRequest(databaseUrl, [
    { name: 'API brand list', query: BRAND_LIST_QUERY, token },
    { name: 'API brand list + risk', query: BRAND_LIST_WITH_RISK_QUERY, token },
    { name: 'API { __typename }', query: TYPENAME_QUERY, token },
  ]);
  for (const load of loads) load.statementsPerRequest = statements[load.name]?.count;
  // The page statement exactly as the API sent it (the other one reads the caller's token).
  const pageStatement = statements['API brand list'].statements.find((statement) =>
    statement.query.includes('FROM deliverables d'),
  );
  if (!pageStatement) throw new Error('The brand list sent no statement on deliverables');

  const postgraphile = await startPostGraphile(databaseUrl, log);
  try {
    const endpoint = `${postgraphile.url}/graphql`;
    const variables = { brandId };
    const first = await postGraphql<PostGraphileBody['data']>(
      endpoint,
      POSTGRAPHILE_BRAND_LIST_QUERY,
      variables,
    );
    const theirIds = first.body.data?.brandDeliverables.nodes.map((node) => node.id) ?? [];
    if (theirIds.join() !== ourIds.join()) {
      throw new Error(
        `PostGraphile returned other rows: ${JSON.stringify(first.body).slice(0, 500)}`,
      );
    }
    log('  PostGraphile brand list…');
    loads.push(
      await httpLoad(
        'PostGraphile brand list',
        'postgraphile@4, same rows and fields (no risk)',
        endpoint,
        JSON.stringify({ query: POSTGRAPHILE_BRAND_LIST_QUERY, variables }),
        {},
        (body) => {
          const parsed = JSON.parse(body) as PostGraphileBody & { errors?: unknown };
          return !parsed.errors && fullPage(parsed.data?.brandDeliverables.nodes.map((n) => n.id));
        },
        options,
      ),
    );
  } finally {
    await postgraphile.stop();
  }

  log('  the list SQL alone…');
  loads.push(
    await sqlLoad(
      'SQL alone (pg)',
      "the API's page statement as it sent it, pool of as many connections",
      databaseUrl,
      pageStatement.query,
      pageStatement.parameters,
      PAGE + 1,
      options,
    ),
  );
  return { loads, apiRssAfterLoadMiB };
}
