import { expectUserError, userErrorsIn } from '../support/errors';
import { createDeal, signUpAdmin, signUpCreator, type Account } from '../support/factories';
import type { GraphqlResponse } from '../support/test-app';
import { TestApp } from '../support/test-app';

const USER_ERRORS = `userErrors { field code message }`;
const UPDATE_DEAL = `mutation($input: UpdateDealInput!) { updateDeal(input: $input) { ${USER_ERRORS} deal { title version } } }`;
const SET_STATUS = `mutation($id: ID!, $status: DealStatus!, $v: Int) { setDealStatus(input: { id: $id, status: $status, expectedVersion: $v }) { ${USER_ERRORS} deal { status version } } }`;
const UPDATE_DELIVERABLE = `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { ${USER_ERRORS} deliverable { title version } } }`;
const POSTED = `mutation($id: ID!, $v: Int) { markDeliverablePosted(input: { id: $id, expectedVersion: $v }) { ${USER_ERRORS} deliverable { status version } } }`;
const CANCEL = `mutation($id: ID!, $v: Int) { cancelDeliverable(input: { id: $id, expectedVersion: $v }) { ${USER_ERRORS} deliverable { status version } } }`;
const RECORD = `mutation($input: RecordOutageInput!) { recordOutage(input: $input) { outage { id version } } }`;
const UPDATE_OUTAGE = `mutation($input: UpdateOutageInput!) { updateOutage(input: $input) { ${USER_ERRORS} outage { title version } } }`;
const END_OUTAGE = `mutation($id: ID!, $v: Int) { endOutage(input: { id: $id, expectedVersion: $v }) { ${USER_ERRORS} outage { version endsAt } } }`;

/** The one mutation a response answered. */
function mutationOf(response: GraphqlResponse): string {
  const names = Object.keys(response.data ?? {});
  expect(names).toHaveLength(1);
  return names[0];
}

/** A STALE_VERSION refusal in the payload, naming the version now current. */
function expectStale(response: GraphqlResponse, currentVersion: number): void {
  const userErrors = expectUserError(response, mutationOf(response), 'STALE_VERSION');
  expect(userErrors).toHaveLength(1);
  expect(userErrors[0].message).toMatch(new RegExp(`\\bversion ${currentVersion}\\b`));
}

/** Exactly one of two racing writes wins; the other is refused STALE_VERSION, naming the version now current. */
function oneWins(responses: GraphqlResponse[], currentVersion: number): number {
  const refused = (response: GraphqlResponse) =>
    Boolean(response.errors) || userErrorsIn(response.data).length > 0;
  const winners = responses.filter((response) => !refused(response));
  const losers = responses.filter(refused);
  expect(winners).toHaveLength(1);
  expect(losers).toHaveLength(1);
  expect(winners[0].data![mutationOf(winners[0])].userErrors).toEqual([]);
  expectStale(losers[0], currentVersion);
  return responses.indexOf(winners[0]);
}

describe('optimistic concurrency: two writes from the same version', () => {
  let t: TestApp;
  let admin: Account;
  let maya: Account;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
  });
  afterAll(async () => {
    await t.close();
  });

  const auditCount = async (entityId: string, operation: string) =>
    (
      await t.sql(
        `SELECT count(*)::int AS n FROM audit_entries WHERE entity_id = $1 AND operation = $2`,
        [entityId, operation],
      )
    )[0].n as number;

  it('updateDeal: exactly one of two concurrent updates from version 1 is applied', async () => {
    const deal = await createDeal(t, maya.token);
    const titles = ['Left', 'Right'];
    const responses = await Promise.all(
      titles.map((title) =>
        t.gql(UPDATE_DEAL, { input: { id: deal.id, title, expectedVersion: 1 } }, maya.token),
      ),
    );
    const winner = oneWins(responses, 2);
    const [row] = await t.sql(`SELECT title, version FROM deals WHERE id = $1`, [deal.id]);
    expect(row).toEqual({ title: titles[winner], version: 2 });
    expect(await auditCount(deal.id, 'updateDeal')).toBe(1);
  });

  it('setDealStatus: a stale expectedVersion is refused, the DB unchanged', async () => {
    const deal = await createDeal(t, maya.token, { status: 'DRAFT' });
    const responses = await Promise.all([
      t.gql(SET_STATUS, { id: deal.id, status: 'ACTIVE', v: 1 }, maya.token),
      t.gql(SET_STATUS, { id: deal.id, status: 'CANCELLED', v: 1 }, maya.token),
    ]);
    const winner = oneWins(responses, 2);
    const [row] = await t.sql(`SELECT status, version FROM deals WHERE id = $1`, [deal.id]);
    expect(row).toEqual({ status: ['ACTIVE', 'CANCELLED'][winner], version: 2 });
  });

  it('updateDeliverable, markDeliverablePosted and cancelDeliverable race from one version', async () => {
    const deal = await createDeal(t, maya.token);
    const [first, second] = deal.deliverables.map((d: { id: string }) => d.id);

    const updates = await Promise.all(
      ['Left', 'Right'].map((title) =>
        t.gql(UPDATE_DELIVERABLE, { input: { id: first, title, expectedVersion: 1 } }, maya.token),
      ),
    );
    const winner = oneWins(updates, 2);
    const [row] = await t.sql(`SELECT title, version FROM deliverables WHERE id = $1`, [first]);
    expect(row).toEqual({ title: ['Left', 'Right'][winner], version: 2 });
    expect(await auditCount(first, 'updateDeliverable')).toBe(1);

    const settled = await Promise.all([
      t.gql(POSTED, { id: second, v: 1 }, maya.token),
      t.gql(CANCEL, { id: second, v: 1 }, maya.token),
    ]);
    const settledBy = oneWins(settled, 2);
    const [after] = await t.sql(`SELECT status, version FROM deliverables WHERE id = $1`, [second]);
    expect(after).toEqual({ status: ['POSTED', 'CANCELLED'][settledBy], version: 2 });
    const entries = await t.sql(
      `SELECT operation FROM audit_entries WHERE entity_id = $1 AND operation <> 'createDeal'`,
      [second],
    );
    expect(entries).toEqual([
      { operation: ['markDeliverablePosted', 'cancelDeliverable'][settledBy] },
    ]);
  });

  it('updateOutage and endOutage refuse a version that moved on', async () => {
    const {
      recordOutage: { outage },
    } = await t.gqlOk(
      RECORD,
      {
        input: {
          title: 'Meta down',
          platformSlugs: ['meta'],
          startsAt: '2024-01-01T10:00:00Z',
          severity: 'FULL',
        },
      },
      admin.token,
    );
    const responses = await Promise.all(
      ['Left', 'Right'].map((title) =>
        t.gql(UPDATE_OUTAGE, { input: { id: outage.id, title, expectedVersion: 1 } }, admin.token),
      ),
    );
    const winner = oneWins(responses, 2);
    const [row] = await t.sql(`SELECT title, version FROM outages WHERE id = $1`, [outage.id]);
    expect(row).toEqual({ title: ['Left', 'Right'][winner], version: 2 });
    expect(await auditCount(outage.id, 'updateOutage')).toBe(1);

    const ends = await Promise.all([
      t.gql(END_OUTAGE, { id: outage.id, v: 2 }, admin.token),
      t.gql(END_OUTAGE, { id: outage.id, v: 2 }, admin.token),
    ]);
    oneWins(ends, 3);
    const stale = await t.gql(END_OUTAGE, { id: outage.id, v: 1 }, admin.token);
    expectStale(stale, 3);
    expect(await auditCount(outage.id, 'endOutage')).toBe(1);
  });
});
