import { signUpAdmin } from '../support/factories';
import type { GraphqlResponse } from '../support/test-app';
import { TestApp } from '../support/test-app';

const RECORD = `mutation($input: RecordOutageInput!) {
  recordOutage(input: $input) { userErrors { field code message } outage { id } }
}`;
const SIMULATE = `query($input: SimulateOutageInput!) { simulateOutage(input: $input, asOf: "2024-03-06T00:00:00Z") { simulated } }`;

/** What a client sees: accepted, or the code, reason and fields of the refusal. */
function outcome(response: GraphqlResponse): unknown {
  if (!response.errors?.length) return 'accepted';
  const [error] = response.errors;
  return {
    code: error.extensions?.code,
    reason: error.extensions?.reason,
    fields: error.extensions?.fields,
  };
}

const refused = (reason: string, field: string) => ({
  code: 'BAD_USER_INPUT',
  reason,
  fields: [field],
});

/**
 * What recordOutage's client sees: accepted, or the user errors of its payload (a refusal of the
 * input; a top-level error is shown as `outcome` shows it, and never expected).
 */
function recordOutcome(response: GraphqlResponse): unknown {
  if (response.errors?.length) return outcome(response);
  const payload = (response.data as any)?.recordOutage;
  if (!payload?.userErrors?.length) return 'accepted';
  return {
    outage: payload.outage,
    userErrors: payload.userErrors.map((error: { code: string; field: string[] | null }) => ({
      code: error.code,
      field: error.field?.join('.') ?? null,
    })),
  };
}

/** Refused by both at the same field with the same reason: a user error of recordOutage, a
 * top-level BAD_USER_INPUT of the simulateOutage query. */
const refusedByBoth = (reason: string, field: string) => ({
  recorded: { outage: null, userErrors: [{ code: reason, field }] },
  simulated: refused(reason, field),
});

/**
 * Issue 12: simulateOutage takes an outage as recordOutage does, so a simulation accepts exactly
 * what a real outage accepts. Before, it allowed 50 platform slugs (recordOutage 100) and 9 999
 * bps at most (recordOutage 10 000 for a FULL outage restating it).
 */
describe('simulateOutage accepts and refuses at the same limits as recordOutage', () => {
  let t: TestApp;
  let admin: string;
  let count = 0;

  const both = async (input: Record<string, unknown>) => {
    count += 1;
    const outage = {
      title: `Boundary ${count}`,
      platformSlugs: ['meta'],
      startsAt: '2024-03-05T15:00:00Z',
      endsAt: '2024-03-05T17:00:00Z',
      severity: 'FULL',
      ...input,
    };
    const [recorded, simulated] = [
      recordOutcome(await t.gql(RECORD, { input: outage }, admin)),
      outcome(await t.gql(SIMULATE, { input: outage }, admin)),
    ];
    return { recorded, simulated };
  };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = (await signUpAdmin(t)).token;
  });
  afterAll(async () => {
    await t.close();
  });

  it('takes 1 to 100 platform slugs', async () => {
    const slugs = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 'meta' : 'youtube'));
    for (const n of [1, 51, 100]) {
      expect(await both({ platformSlugs: slugs(n) })).toEqual({
        recorded: 'accepted',
        simulated: 'accepted', // 51 and 100 were refused before (at most 50)
      });
    }
    for (const n of [0, 101]) {
      expect(await both({ platformSlugs: slugs(n) })).toEqual(
        refusedByBoth('VALIDATION_FAILED', 'input.platformSlugs'),
      );
    }
  });

  it('takes degradationBps 1–9999 for PARTIAL and 10000 (or none) for FULL', async () => {
    for (const input of [
      { severity: 'PARTIAL', degradationBps: 1 },
      { severity: 'PARTIAL', degradationBps: 9_999 },
      { severity: 'FULL', degradationBps: 10_000 }, // refused by simulateOutage before
      { severity: 'FULL' },
    ]) {
      expect(await both(input)).toEqual({ recorded: 'accepted', simulated: 'accepted' });
    }
  });

  it('refuses bps outside 1–10000 as input, and 10000 for PARTIAL as out of range', async () => {
    for (const degradationBps of [0, 10_001]) {
      expect(await both({ severity: 'PARTIAL', degradationBps })).toEqual(
        refusedByBoth('VALIDATION_FAILED', 'input.degradationBps'),
      );
    }
    // Refused by simulateOutage before too, as VALIDATION_FAILED; now with recordOutage's reason.
    expect(await both({ severity: 'PARTIAL', degradationBps: 10_000 })).toEqual(
      refusedByBoth('DEGRADATION_OUT_OF_RANGE', 'input.degradationBps'),
    );
    const response = await t.gql(
      SIMULATE,
      {
        input: {
          platformSlugs: ['meta'],
          startsAt: '2024-03-05T15:00:00Z',
          severity: 'PARTIAL',
          degradationBps: 10_000,
        },
      },
      admin,
    );
    expect(response.errors?.[0].message).toBe(
      "A PARTIAL outage's degradationBps must be between 1 and 9999, not 10000; use FULL for a complete outage",
    );
  });

  it('takes a title of 1 to 300 characters', async () => {
    expect(await both({ title: 'x'.repeat(300) })).toEqual({
      recorded: 'accepted',
      simulated: 'accepted',
    });
    for (const title of ['', 'x'.repeat(301)]) {
      expect(await both({ title })).toEqual(refusedByBoth('VALIDATION_FAILED', 'input.title'));
    }
  });

  it('refuses a PARTIAL simulation without bps, and a FULL one restating another bps, as recordOutage does', async () => {
    expect(await both({ severity: 'PARTIAL' })).toEqual(
      refusedByBoth('DEGRADATION_REQUIRED', 'input.degradationBps'),
    );
    // Accepted and ignored by simulateOutage before; refused by recordOutage all along.
    expect(await both({ severity: 'FULL', degradationBps: 5_000 })).toEqual(
      refusedByBoth('DEGRADATION_OUT_OF_RANGE', 'input.degradationBps'),
    );
    const response = await t.gql(
      SIMULATE,
      { input: { platformSlugs: ['meta'], startsAt: '2024-03-05T15:00:00Z', severity: 'PARTIAL' } },
      admin,
    );
    expect(outcome(response)).toEqual(refused('DEGRADATION_REQUIRED', 'input.degradationBps'));
    expect(response.errors?.[0].message).toBe(
      'A PARTIAL outage needs degradationBps between 1 and 9999',
    );
  });
});
