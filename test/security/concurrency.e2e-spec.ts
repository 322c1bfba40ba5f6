import { expectError } from '../support/errors';
import { createDeal, signUpAdmin, signUpCreator, type Account } from '../support/factories';
import type { GraphqlResponse } from '../support/test-app';
import { TestApp } from '../support/test-app';

const UPDATE_DEAL = `mutation($id: ID!, $input: UpdateDealInput!) { updateDeal(id: $id, input: $input) { title version } }`;
const SET_STATUS = `mutation($id: ID!, $status: DealStatus!, $v: Int) { setDealStatus(id: $id, status: $status, expectedVersion: $v) { status version } }`;
const UPDATE_DELIVERABLE = `mutation($id: ID!, $input: UpdateDeliverableInput!) { updateDeliverable(id: $id, input: $input) { title version } }`;
const POSTED = `mutation($id: ID!, $v: Int) { markDeliverablePosted(id: $id, input: { expectedVersion: $v }) { status version } }`;
const CANCEL = `mutation($id: ID!, $v: Int) { cancelDeliverable(id: $id, expectedVersion: $v) { status version } }`;
const RECORD = `mutation($input: RecordOutageInput!) { recordOutage(input: $input) { id version } }`;
const UPDATE_OUTAGE = `mutation($id: ID!, $input: UpdateOutageInput!) { updateOutage(id: $id, input: $input) { title version } }`;
const END_OUTAGE = `mutation($id: ID!, $v: Int) { endOutage(id: $id, expectedVersion: $v) { version endsAt } }`;

/** Exactly one of two racing writes wins; the other is a CONFLICT naming the version now current. */
function oneWins(responses: GraphqlResponse[], currentVersion: number): number {
  const winners = responses.filter((response) => !response.errors);
  const losers = responses.filter((response) => response.errors);
  expect(winners).toHaveLength(1);
  expect(losers).toHaveLength(1);
  expectError(losers[0], 'CONFLICT');
  expect(losers[0].errors![0].extensions).toMatchObject({
    reason: 'STALE_VERSION',
    currentVersion,
  });
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
        t.gql(UPDATE_DEAL, { id: deal.id, input: { title, expectedVersion: 1 } }, maya.token),
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
        t.gql(UPDATE_DELIVERABLE, { id: first, input: { title, expectedVersion: 1 } }, maya.token),
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
    const { recordOutage: outage } = await t.gqlOk(
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
        t.gql(UPDATE_OUTAGE, { id: outage.id, input: { title, expectedVersion: 1 } }, admin.token),
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
    expectError(stale, 'CONFLICT');
    expect(stale.errors![0].extensions?.currentVersion).toBe(3);
    expect(await auditCount(outage.id, 'endOutage')).toBe(1);
  });
});
