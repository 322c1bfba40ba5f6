import {
  createDeal,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

const CAN = `viewerCanUpdate viewerCanChangeStatus viewerCanAddDeliverable
  deliverables { id status viewerCanUpdate viewerCanMarkPosted viewerCanCancel }`;
const DEAL = `query($id: ID!) { deal(id: $id) { id ${CAN} } }`;
const DELIVERABLE = `query($id: ID!) { deliverable(id: $id) { id viewerCanUpdate viewerCanMarkPosted viewerCanCancel } }`;
const WITH_ME = `query($id: ID!) { me { id } deal(id: $id) { id title } }`;
const DELIVERABLE_WITH_ME = `query($id: ID!) { me { id } deliverable(id: $id) { id } }`;

const none = {
  viewerCanUpdate: false,
  viewerCanChangeStatus: false,
  viewerCanAddDeliverable: false,
};
const allDeal = {
  viewerCanUpdate: true,
  viewerCanChangeStatus: true,
  viewerCanAddDeliverable: true,
};
const itemCan = (can: boolean) => ({
  viewerCanUpdate: can,
  viewerCanMarkPosted: can,
  viewerCanCancel: can,
});

describe('viewerCan… fields and nullable lookups', () => {
  let t: TestApp;
  let admin: Account;
  let maya: Account;
  let noor: Account;
  let acme: Account & { brandId: string | null };
  let open: any;
  let closed: any;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
    noor = await signUpCreator(t, { displayName: 'Noor' });
    acme = await signUpBrand(t, 'Acme');
    open = await createDeal(t, maya.token, { brandId: acme.brandId, brandName: undefined });
    closed = await createDeal(t, maya.token, {
      title: 'Done',
      brandId: acme.brandId,
      brandName: undefined,
    });
    // States set directly: this spec is about what the fields answer, not the mutations.
    await t.sql(`UPDATE deals SET status = 'COMPLETED' WHERE id = $1`, [closed.id]);
    await t.sql(`UPDATE deliverables SET status = 'POSTED', posted_at = now() WHERE id = $1`, [
      open.deliverables[0].id,
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  const deal = async (id: string, token: string) => (await t.gqlOk(DEAL, { id }, token)).deal;
  const byId = (d: any) => Object.fromEntries(d.deliverables.map((x: any) => [x.id, x]));

  it("gives the deal's creator every action on an open deal, none on a posted deliverable", async () => {
    const seen = await deal(open.id, maya.token);
    expect(seen).toMatchObject(allDeal);
    const items = byId(seen);
    expect(items[open.deliverables[0].id]).toMatchObject({ status: 'POSTED', ...itemCan(false) });
    expect(items[open.deliverables[1].id]).toMatchObject({ status: 'PLANNED', ...itemCan(true) });
    const one = await t.gqlOk(DELIVERABLE, { id: open.deliverables[1].id }, maya.token);
    expect(one.deliverable).toMatchObject(itemCan(true));
  });

  it('answers false on a closed deal and every one of its deliverables', async () => {
    const seen = await deal(closed.id, maya.token);
    expect(seen).toMatchObject(none);
    for (const item of seen.deliverables) {
      expect(item).toMatchObject({ status: 'PLANNED', ...itemCan(false) });
    }
  });

  it('answers false for brand members and administrators, who may read but not write', async () => {
    for (const who of [acme, admin]) {
      const seen = await deal(open.id, who.token);
      expect(seen).toMatchObject(none);
      for (const item of seen.deliverables) expect(item).toMatchObject(itemCan(false));
    }
  });

  it('lets another creator not even see the deal: null and NOT_FOUND', async () => {
    const response = await t.gql(DEAL, { id: open.id }, noor.token);
    expect(response.data).toEqual({ deal: null });
    expect(response.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['NOT_FOUND', ['deal']],
    ]);
  });

  it.each([
    ['deal', WITH_ME, () => open.id],
    ['deliverable', DELIVERABLE_WITH_ME, () => open.deliverables[1].id],
  ])(
    "answers a missing %s and another tenant's alike: null at its path, NOT_FOUND, siblings resolved",
    async (field, query, existing) => {
      const missingId = '00000000-0000-4000-8000-000000000000';
      const hidden = await t.gql(query, { id: existing() }, noor.token);
      const missing = await t.gql(query, { id: missingId }, noor.token);
      for (const response of [hidden, missing]) {
        expect(response.status).toBe(200);
        expect(response.data).toEqual({ me: { id: noor.userId }, [field]: null });
        expect(response.errors).toHaveLength(1);
        expect(response.errors![0].path).toEqual([field]);
        expect(response.errors![0].extensions?.code).toBe('NOT_FOUND');
      }
      // Nothing tells the two apart but the id echoed back.
      const strip = (response: typeof hidden, id: string) =>
        JSON.parse(JSON.stringify(response.errors).replaceAll(id, '<id>'));
      expect(strip(hidden, existing())).toEqual(strip(missing, missingId));
    },
  );

  it('costs no statement per row for the viewerCan… fields', async () => {
    for (let index = 0; index < 4; index += 1) {
      await createDeal(t, maya.token, { title: `Bulk ${index}`, brandName: 'Bulk' });
    }
    const LIST = (fields: string) => `query($first: Int) { deals(first: $first) {
      edges { node { id ${fields} deliverables { id fee { amount } ${fields ? 'viewerCanUpdate viewerCanMarkPosted viewerCanCancel' : ''} } } } } }`;
    const plain = await t.countQueries(() => t.gqlOk(LIST(''), { first: 1 }, maya.token));
    const few = await t.countQueries(() =>
      t.gqlOk(
        LIST('viewerCanUpdate viewerCanChangeStatus viewerCanAddDeliverable'),
        { first: 1 },
        maya.token,
      ),
    );
    const many = await t.countQueries(() =>
      t.gqlOk(
        LIST('viewerCanUpdate viewerCanChangeStatus viewerCanAddDeliverable'),
        { first: 6 },
        maya.token,
      ),
    );
    expect(few).toBe(plain);
    expect(many).toBe(few);
  });

  it('counts Deal.deliverables as its expected size, 10 (at most 200), in the query cost', async () => {
    const response = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${maya.token}`)
      .send({
        query: `query($id: ID!) { deal(id: $id) { deliverables { id } } }`,
        variables: { id: open.id },
      });
    // deal: 1 + deliverables (1 + 10 × id 1) = 12
    expect(response.body.extensions.cost.requestedQueryCost).toBe(12);
  });
});
