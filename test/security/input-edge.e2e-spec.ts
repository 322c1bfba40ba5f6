import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHECK_CONSTRAINT_FIELDS,
  translateDatabaseError,
} from '../../src/common/errors/database-errors';
import { withoutErrorLogs } from '../support/error-log';
import { expectUserError } from '../support/errors';
import { CREATE_DEAL, dealInput, signUpAdmin, signUpCreator } from '../support/factories';
import type { GraphqlResponse } from '../support/test-app';
import { TestApp } from '../support/test-app';
import { rowCount, SIGN_IN, SIGN_UP, signUpInput } from './support';

/**
 * Input the database cannot hold is refused at the edge, naming the field: impossible dates
 * (INVALID_DATE_TIME), text with NUL or a lone surrogate (INVALID_CHARACTER), in variables and in
 * literals, through GraphQL, the report routes and Statuspage documents. Every refusal is a
 * BAD_USER_INPUT that writes nothing and logs nothing at error level.
 */
describe('the input edge', () => {
  let t: TestApp;
  let admin: string;
  let creator: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = (await signUpAdmin(t)).token;
    creator = (await signUpCreator(t)).token;
  });
  afterAll(async () => {
    await t.close();
  });

  const tables = ['users', 'brands', 'deals', 'deliverables', 'outages', 'audit_entries'];
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(tables.map(async (name) => [name, await rowCount(t, name)])),
    );

  /**
   * Sends it, expecting one refusal with this reason and these fields, and nothing written or
   * logged. HTTP 400 when refused before execution; a resolver's refusal is a 200 with errors.
   */
  async function refused(
    send: () => Promise<GraphqlResponse>,
    reason: string,
    fields: string[],
    status = 400,
  ): Promise<GraphqlResponse> {
    const before = await counts();
    const response = await withoutErrorLogs(send);
    expect(response.status).toBe(status);
    expect(response.data ?? null).toBeNull();
    expect(response.errors).toHaveLength(1);
    const { problems: _problems, ...extensions } = response.errors![0].extensions ?? {};
    expect(extensions).toEqual({ code: 'BAD_USER_INPUT', reason, fields });
    expect(response.errors![0].message).toContain(fields[0]);
    expect(await counts()).toEqual(before);
    return response;
  }

  /** `createDeal` with its input written out as a literal: an anonymous operation, no variables. */
  function literalCreateDeal(input: Record<string, unknown>): string {
    const ENUM_FIELDS = new Set(['status', 'kind', 'timing', 'currency']);
    const literal = (value: unknown, field = ''): string => {
      if (Array.isArray(value)) return `[${value.map((item) => literal(item)).join(', ')}]`;
      if (value && typeof value === 'object') {
        const fields = Object.entries(value).map(
          ([name, item]) => `${name}: ${literal(item, name)}`,
        );
        return `{ ${fields.join(', ')} }`;
      }
      return ENUM_FIELDS.has(field) || typeof value === 'number'
        ? String(value)
        : JSON.stringify(value);
    };
    return `mutation { createDeal(input: ${literal(input)}) { userErrors { field code message } deal { id } } }`;
  }

  describe('impossible dates: INVALID_DATE_TIME', () => {
    const withSchedule = (index: number, scheduledAt: string) => {
      const input = dealInput();
      const deliverables = input.deliverables as Array<Record<string, unknown>>;
      deliverables[index] = { ...deliverables[index], scheduledAt };
      return input;
    };

    it.each(['2031-02-30T16:00:00Z', '2031-04-31T16:00:00Z', '2031-02-29T16:00:00Z'])(
      'refuses %s in a variable, at its field, whatever the variable is called',
      async (scheduledAt) => {
        await refused(
          () => t.gql(CREATE_DEAL, { input: withSchedule(1, scheduledAt) }, creator),
          'INVALID_DATE_TIME',
          ['input.deliverables.1.scheduledAt'],
        );
        await refused(
          () =>
            t.gql(
              `mutation ($deal: CreateDealInput!) { createDeal(input: $deal) { deal { id } } }`,
              { deal: withSchedule(0, scheduledAt) },
              creator,
            ),
          'INVALID_DATE_TIME',
          ['input.deliverables.0.scheduledAt'],
        );
      },
    );

    it('refuses one in a literal (anonymous operation)', async () => {
      await refused(
        () => t.gql(literalCreateDeal(withSchedule(0, '2031-02-30T16:00:00Z')), {}, creator),
        'INVALID_DATE_TIME',
        ['input.deliverables.0.scheduledAt'],
      );
    });

    it('refuses the year 0000 and years past 2999, in arguments and in inputs', async () => {
      const impact = `query Impact($asOf: DateTime) {
        outageImpact(outageId: "00000000-0000-4000-8000-000000000000", asOf: $asOf) { provisional }
      }`;
      await refused(
        () => t.gql(impact, { asOf: '0000-01-01T00:00:00Z' }, creator),
        'INVALID_DATE_TIME',
        ['asOf'],
      );
      await refused(
        () =>
          t.gql(
            `{ outageImpact(outageId: "00000000-0000-4000-8000-000000000000", asOf: "3000-01-01T00:00:00Z") { provisional } }`,
            {},
            creator,
          ),
        'INVALID_DATE_TIME',
        ['asOf'],
      );
    });

    it('refuses them in simulateOutage', async () => {
      const simulate = `query Simulate($input: SimulateOutageInput!) {
        simulateOutage(input: $input) { provisional }
      }`;
      const input = {
        platformSlugs: ['meta'],
        startsAt: '2031-02-30T15:00:00Z',
        endsAt: '2031-03-05T17:00:00Z',
        severity: 'FULL',
      };
      await refused(() => t.gql(simulate, { input }, creator), 'INVALID_DATE_TIME', [
        'input.startsAt',
      ]);
      await refused(
        () =>
          t.gql(
            `{ simulateOutage(input: { platformSlugs: ["meta"], startsAt: "2031-03-05T15:00:00Z", endsAt: "2031-03-05T24:00:00Z", severity: FULL }) { provisional } }`,
            {},
            creator,
          ),
        'INVALID_DATE_TIME',
        ['input.endsAt'],
      );
    });

    it('refuses them in the report routes: asOf, from, to', async () => {
      const cases: Array<[string, string]> = [
        ['/reports/period.csv?from=2031-02-30T00:00:00Z&to=2031-03-05T00:00:00Z', 'from'],
        ['/reports/period.md?from=2031-02-01T00:00:00Z&to=2031-04-31T00:00:00Z', 'to'],
        [
          '/reports/outages/00000000-0000-4000-8000-000000000000.csv?asOf=0000-01-01T00:00:00Z',
          'asOf',
        ],
        [
          '/reports/period.html?from=2031-02-01T00:00:00Z&to=2031-03-01T00:00:00Z&asOf=2031-02-29T12:00:00Z',
          'asOf',
        ],
      ];
      for (const [path, field] of cases) {
        const response = await withoutErrorLogs(() =>
          t.http().get(path).set('authorization', `Bearer ${creator}`),
        );
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({
          code: 'BAD_USER_INPUT',
          reason: 'INVALID_DATE_TIME',
          fields: [field],
        });
        expect(response.body.error.message).toMatch(new RegExp(`^${field}: `));
      }
      const nul = await withoutErrorLogs(() =>
        t
          .http()
          .get(
            '/reports/period.csv?from=2031-02-01T00:00:00Z&to=2031-03-01T00:00:00Z&platform=me%00ta',
          )
          .set('authorization', `Bearer ${creator}`),
      );
      expect(nul.status).toBe(400);
      expect(nul.body.error).toMatchObject({ reason: 'INVALID_CHARACTER', fields: ['platform'] });
    });
  });

  describe('text PostgreSQL cannot store: INVALID_CHARACTER', () => {
    it('refuses a NUL in a variable, at its field (title, nested title, notes)', async () => {
      await refused(
        () => t.gql(CREATE_DEAL, { input: dealInput({ title: 'Spring\u0000launch' }) }, creator),
        'INVALID_CHARACTER',
        ['input.title'],
      );
      const input = dealInput();
      (input.deliverables as Array<Record<string, unknown>>)[1].title = '\u0000';
      await refused(() => t.gql(CREATE_DEAL, { input }, creator), 'INVALID_CHARACTER', [
        'input.deliverables.1.title',
      ]);
    });

    it('refuses a NUL in a literal (anonymous operation), in an input and in a filter', async () => {
      await refused(
        () => t.gql(literalCreateDeal(dealInput({ brandName: 'Ac\u0000me' })), {}, creator),
        'INVALID_CHARACTER',
        ['input.brandName'],
      );
      await refused(
        () => t.gql(`{ deals(filter: { search: "a\\u0000b" }) { totalCount } }`, {}, creator),
        'INVALID_CHARACTER',
        ['filter.search'],
      );
    });

    it('refuses a NUL in an ID argument and in a variable default', async () => {
      await refused(
        () => t.gql(`query Deal($id: ID!) { deal(id: $id) { id } }`, { id: '\u0000' }, creator),
        'INVALID_CHARACTER',
        ['id'],
      );
      await refused(
        () =>
          t.gql(
            `query Deals($search: String = "x\\u0000") { deals(filter: { search: $search }) { totalCount } }`,
            {},
            creator,
          ),
        'INVALID_CHARACTER',
        ['filter.search'],
      );
    });

    it('refuses a NUL in the e-mail at sign-in and sign-up', async () => {
      await refused(
        () =>
          t.gql(SIGN_IN, {
            input: { email: 'someone\u0000@example.com', password: 'a long enough password' },
          }),
        'INVALID_CHARACTER',
        ['input.email'],
      );
      await refused(
        () => t.gql(SIGN_UP, signUpInput('new\u0000@example.com')),
        'INVALID_CHARACTER',
        ['input.email'],
      );
    });

    it('refuses lone UTF-16 surrogates the same way', async () => {
      await refused(
        () => t.gql(CREATE_DEAL, { input: dealInput({ notes: 'half a pair: \ud83d' }) }, creator),
        'INVALID_CHARACTER',
        ['input.notes'],
      );
      await refused(
        () =>
          t.gql(SIGN_UP, {
            input: { ...signUpInput('lone@example.com').input, displayName: '\udc00 tail' },
          }),
        'INVALID_CHARACTER',
        ['input.displayName'],
      );
      // A whole pair is a character like any other.
      const data = await t.gqlOk(
        CREATE_DEAL,
        { input: dealInput({ title: 'Launch \ud83d\ude80' }) },
        creator,
      );
      expect(data.createDeal.deal.title).toBe('Launch 🚀');
    });

    it('names every field at fault in one answer', async () => {
      const input = dealInput({ title: 'a\u0000', notes: '\ud800' });
      const response = await refused(
        () => t.gql(CREATE_DEAL, { input }, creator),
        'INVALID_CHARACTER',
        ['input.title', 'input.notes'],
      );
      expect(response.errors![0].message).toMatch(/NUL.*surrogate/);
    });

    it('answers the database’s own refusal of a NUL as bad input too (the backstop)', async () => {
      const error = await t.sql(`SELECT $1::text AS value`, ['a\u0000b']).catch((e: unknown) => e);
      expect(translateDatabaseError(error)).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { reason: 'INVALID_CHARACTER' },
      });
    });
  });

  describe('Statuspage documents: MALFORMED_DOCUMENT at the JSON path', () => {
    const IMPORT = `mutation Import($input: ImportStatuspageIncidentsInput!) {
      importStatuspageIncidents(input: $input) {
        userErrors { field code message }
        statuspageImport { incidentCount }
      }
    }`;
    const fixture = () =>
      JSON.parse(
        readFileSync(join(__dirname, '../fixtures/statuspage/incidents.json'), 'utf8'),
      ) as { incidents: Array<Record<string, any>> };

    it.each([
      [
        'an impossible date',
        (d: ReturnType<typeof fixture>) => (d.incidents[1].created_at = '2031-02-30T10:00:00Z'),
        'incidents[1].created_at',
      ],
      [
        'the year 0000',
        (d: ReturnType<typeof fixture>) =>
          (d.incidents[0].incident_updates[0].display_at = '0000-01-01T00:00:00Z'),
        'incidents[0].incident_updates[0].display_at',
      ],
      [
        'a NUL in a string',
        (d: ReturnType<typeof fixture>) => (d.incidents[2].name = 'Down\u0000'),
        'incidents[2].name',
      ],
      [
        'a lone surrogate in a string',
        (d: ReturnType<typeof fixture>) => (d.incidents[0].components[0].name = '\ud800'),
        'incidents[0].components[0].name',
      ],
    ])('refuses %s', async (_what, edit, path) => {
      const document = fixture();
      edit(document);
      // The importer's refusal, as for any other malformed document: a user error of the
      // payload on input.document, its message naming the JSON path; nothing written or logged.
      const before = await counts();
      const response = await withoutErrorLogs(() =>
        t.gql(IMPORT, { input: { feed: 'meta', document: JSON.stringify(document) } }, admin),
      );
      expect(response.status).toBe(200);
      const userErrors = expectUserError(
        response,
        'importStatuspageIncidents',
        'MALFORMED_DOCUMENT',
        'input.document',
      );
      expect(userErrors).toEqual([
        { field: ['input', 'document'], code: 'MALFORMED_DOCUMENT', message: expect.any(String) },
      ]);
      expect(userErrors[0].message.startsWith(`${path}: `)).toBe(true);
      expect(await counts()).toEqual(before);
    });
  });

  describe('CHECK constraints name their field (the database backstop)', () => {
    it('maps every CHECK constraint of the migrated schema', async () => {
      const rows = await t.sql<{ name: string }>(
        `SELECT conname AS name FROM pg_constraint
          WHERE contype = 'c' AND connamespace = 'public'::regnamespace ORDER BY 1`,
      );
      expect(rows.length).toBeGreaterThan(40);
      const unmapped = rows
        .map((row) => row.name)
        .filter((name) => !(name in CHECK_CONSTRAINT_FIELDS));
      expect(unmapped).toEqual([]);
    });

    it('turns a real check violation into BAD_USER_INPUT naming the field in the arguments', async () => {
      const [{ id: dealId }] = await t.sql(`SELECT id FROM deals LIMIT 1`);
      const blank = await t
        .sql(`UPDATE deals SET title = '' WHERE id = $1`, [dealId])
        .catch((error: unknown) => error);
      expect(translateDatabaseError(blank, { input: { id: dealId, title: ' ' } })).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { reason: 'INVALID_VALUE', fields: ['input.title'] },
      });
      const early = await t
        .sql(
          `UPDATE deliverables SET due_at = scheduled_at - interval '1 hour' WHERE deal_id = $1`,
          [dealId],
        )
        .catch((error: unknown) => error);
      expect(
        translateDatabaseError(early, {
          input: { title: 'x', deliverables: [{ title: 'a', dueAt: new Date() }] },
        }),
      ).toMatchObject({ details: { fields: ['input.deliverables.0.dueAt'] } });
      // The server's own bookkeeping is not the client's fault: an internal error.
      const bookkeeping = await t
        .sql(
          `INSERT INTO idempotency_keys (user_id, key_hash, request_hash, operation, claim_id, expires_at)
           SELECT id, 'not a hash', repeat('a', 64), 'x', gen_random_uuid(), now() + interval '1 day'
             FROM users LIMIT 1`,
        )
        .catch((error: unknown) => error);
      expect(translateDatabaseError(bookkeeping)).toBeNull();
    });
  });
});
