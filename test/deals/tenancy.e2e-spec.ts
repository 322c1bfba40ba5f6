import { expectError } from '../support/errors';
import {
  createDeal,
  inviteBrandUser,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

const DEAL = `query($id: ID!) { deal(id: $id) { id title brand { id } deliverables { id status } } }`;
const DELIVERABLE = `query($id: ID!) { deliverable(id: $id) { id deal { id } } }`;
const NESTED = `query($id: ID!) { deal(id: $id) {
  creator { displayName deals { totalCount edges { node { id brand { id } } } } }
  brand { id deals { totalCount edges { node { id creator { id } } } } }
} }`;
const DEAL_IDS = `query { deals(first: 100) { totalCount edges { node { id } } } }`;
const DELIVERABLE_IDS = `query { deliverables(first: 100) { totalCount edges { node { id deal { id } } } } }`;

describe('tenancy: who sees which deals', () => {
  let t: TestApp;
  let admin: Account;
  let maya: Account; // creator
  let noor: Account; // another creator
  let acmeOwner: Account & { brandId: string | null };
  let acmeMember: Account;
  let globex: Account & { brandId: string | null };
  let mayaAcme: any;
  let mayaGlobex: any;
  let noorAcme: any;
  let noorOwn: any;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
    noor = await signUpCreator(t, { displayName: 'Noor' });
    acmeOwner = await signUpBrand(t, 'Acme');
    globex = await signUpBrand(t, 'Globex');
    mayaAcme = await createDeal(t, maya.token, {
      title: 'Maya × Acme',
      brandId: acmeOwner.brandId,
      brandName: undefined,
    });
    mayaGlobex = await createDeal(t, maya.token, {
      title: 'Maya × Globex',
      brandId: globex.brandId,
      brandName: undefined,
    });
    noorAcme = await createDeal(t, noor.token, {
      title: 'Noor × Acme',
      brandId: acmeOwner.brandId,
      brandName: undefined,
    });
    noorOwn = await createDeal(t, noor.token, { title: 'Noor × Initech', brandName: 'Initech' });
    // A second Acme user joins by invitation and sees what Acme sees.
    acmeMember = await inviteBrandUser(t, acmeOwner.token, acmeOwner.brandId!);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows a creator only their own deals and deliverables', async () => {
    const ids = (await t.gqlOk(DEAL_IDS, {}, maya.token)).deals.edges
      .map((e: any) => e.node.id)
      .sort();
    expect(ids).toEqual([mayaAcme.id, mayaGlobex.id].sort());
    const deliverables = (await t.gqlOk(DELIVERABLE_IDS, {}, maya.token)).deliverables;
    expect(new Set(deliverables.edges.map((e: any) => e.node.deal.id))).toEqual(
      new Set([mayaAcme.id, mayaGlobex.id]),
    );
    expectError(await t.gql(DEAL, { id: noorAcme.id }, maya.token), 'NOT_FOUND');
    expectError(
      await t.gql(DELIVERABLE, { id: noorAcme.deliverables[0].id }, maya.token),
      'NOT_FOUND',
    );
  });

  it("shows every member of a brand the brand's deals with their status, and nothing else", async () => {
    for (const member of [acmeOwner, acmeMember]) {
      const ids = (await t.gqlOk(DEAL_IDS, {}, member.token)).deals.edges
        .map((e: any) => e.node.id)
        .sort();
      expect(ids).toEqual([mayaAcme.id, noorAcme.id].sort());
      const deal = (await t.gqlOk(DEAL, { id: mayaAcme.id }, member.token)).deal;
      expect(deal.deliverables.map((d: any) => d.status)).toEqual(['PLANNED', 'PLANNED']);
      expectError(await t.gql(DEAL, { id: mayaGlobex.id }, member.token), 'NOT_FOUND');
      expectError(await t.gql(DEAL, { id: noorOwn.id }, member.token), 'NOT_FOUND');
      expectError(
        await t.gql(DELIVERABLE, { id: mayaGlobex.deliverables[0].id }, member.token),
        'NOT_FOUND',
      );
    }
    const globexIds = (await t.gqlOk(DEAL_IDS, {}, globex.token)).deals.edges.map(
      (e: any) => e.node.id,
    );
    expect(globexIds).toEqual([mayaGlobex.id]);
  });

  it('never leaks another tenant through nested fields', async () => {
    // Acme looks at Maya through their shared deal: Maya's Globex deal stays hidden.
    const acmeView = (await t.gqlOk(NESTED, { id: mayaAcme.id }, acmeOwner.token)).deal;
    expect(acmeView.creator.deals.totalCount).toBe(1);
    expect(acmeView.creator.deals.edges.map((e: any) => e.node.id)).toEqual([mayaAcme.id]);
    expect(acmeView.brand.deals.edges.map((e: any) => e.node.id).sort()).toEqual(
      [mayaAcme.id, noorAcme.id].sort(),
    );

    // Maya looks at Acme through her deal: Noor's deal with Acme stays hidden.
    const mayaView = (await t.gqlOk(NESTED, { id: mayaAcme.id }, maya.token)).deal;
    expect(mayaView.brand.deals.totalCount).toBe(1);
    expect(mayaView.brand.deals.edges.map((e: any) => e.node.id)).toEqual([mayaAcme.id]);
    expect(mayaView.creator.deals.totalCount).toBe(2);

    // An admin sees all of it.
    const adminView = (await t.gqlOk(NESTED, { id: mayaAcme.id }, admin.token)).deal;
    expect(adminView.brand.deals.totalCount).toBe(2);
    expect(adminView.creator.deals.totalCount).toBe(2);
  });

  it('lets only the owning creator write, refusing brands and other creators without writing', async () => {
    const before = await t.sql(`SELECT id, title, version, status FROM deals ORDER BY id`);
    const UPDATE = `mutation($id: ID!) { updateDeal(input: { id: $id, title: "Hijacked" }) { deal { id } } }`;
    expectError(await t.gql(UPDATE, { id: mayaAcme.id }, noor.token), 'NOT_FOUND');
    expectError(await t.gql(UPDATE, { id: mayaAcme.id }, acmeOwner.token), 'FORBIDDEN');
    expectError(
      await t.gql(
        `mutation($id: ID!) { setDealStatus(input: { id: $id, status: CANCELLED }) { deal { id } } }`,
        { id: mayaAcme.id },
        noor.token,
      ),
      'NOT_FOUND',
    );
    const deliverableId = mayaAcme.deliverables[0].id;
    expectError(
      await t.gql(
        `mutation($id: ID!) { updateDeliverable(input: { id: $id, title: "x" }) { deliverable { id } } }`,
        { id: deliverableId },
        noor.token,
      ),
      'NOT_FOUND',
    );
    expectError(
      await t.gql(
        `mutation($id: ID!) { cancelDeliverable(input: { id: $id }) { deliverable { id } } }`,
        { id: deliverableId },
        acmeMember.token,
      ),
      'FORBIDDEN',
    );
    expectError(
      await t.gql(
        `mutation($input: AddDeliverableInput!) { addDeliverable(input: $input) { deliverable { id } } }`,
        {
          input: {
            dealId: mayaAcme.id,
            platformSlug: 'x',
            kind: 'POST',
            title: 'Sneaky',
            fee: '1.00',
            scheduledAt: '2030-01-01T00:00:00Z',
            dueAt: '2030-01-01T00:00:00Z',
          },
        },
        noor.token,
      ),
      'NOT_FOUND',
    );
    expect(await t.sql(`SELECT id, title, version, status FROM deals ORDER BY id`)).toEqual(before);
  });

  it('gives a creator-named brand no access to anyone who merely picks the same name', async () => {
    const impostor = await signUpBrand(t, 'Initech');
    expect((await t.gqlOk(DEAL_IDS, {}, impostor.token)).deals.totalCount).toBe(0);
    expectError(await t.gql(DEAL, { id: noorOwn.id }, impostor.token), 'NOT_FOUND');
  });

  it('answers ids that are not UUIDs as missing', async () => {
    expectError(await t.gql(DEAL, { id: 'not-a-uuid' }, maya.token), 'NOT_FOUND');
    expectError(await t.gql(DELIVERABLE, { id: '42' }, maya.token), 'NOT_FOUND');
  });
});
