import { withoutErrorLogs } from '../support/error-log';
import { expectUserError } from '../support/errors';
import {
  CREATE_DEAL,
  createDeal,
  dealInput,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

describe('createDeal naming a brand (brandName)', () => {
  let t: TestApp;
  let maya: Account;
  let noor: Account;
  let acme: Account & { brandId: string | null };

  beforeAll(async () => {
    t = await TestApp.start();
    maya = await signUpCreator(t);
    noor = await signUpCreator(t);
    acme = await signUpBrand(t, 'Acme Sportswear');
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses the name of a brand with an account (any case, trimmed), naming its id, writing nothing', async () => {
    const before = await t.sql(
      `SELECT (SELECT count(*) FROM deals) AS deals, (SELECT count(*) FROM brands) AS brands`,
    );
    await withoutErrorLogs(async () => {
      for (const brandName of ['Acme Sportswear', '  acme SPORTSWEAR  ']) {
        const response = await t.gql(CREATE_DEAL, { input: dealInput({ brandName }) }, maya.token);
        const userErrors = expectUserError(
          response,
          'createDeal',
          'BRAND_HAS_ACCOUNT',
          'input.brandName',
        );
        expect(userErrors).toEqual([
          {
            field: ['input', 'brandName'],
            code: 'BRAND_HAS_ACCOUNT',
            message: expect.stringContaining(`pass brandId ${acme.brandId}`),
          },
        ]);
      }
    });
    expect(
      await t.sql(
        `SELECT (SELECT count(*) FROM deals) AS deals, (SELECT count(*) FROM brands) AS brands`,
      ),
    ).toEqual(before);
    // By id the deal is filed under the real brand, which sees it.
    const deal = await createDeal(t, maya.token, { brandName: undefined, brandId: acme.brandId });
    const seen = await t.gqlOk(
      `query($id: ID!) { deal(id: $id) { id } }`,
      { id: deal.id },
      acme.token,
    );
    expect(seen.deal.id).toBe(deal.id);
  });

  it("still reuses the creator's own unclaimed brand, and keeps another creator's invisible", async () => {
    const first = await createDeal(t, maya.token, { brandName: 'Kumo Tea' });
    const again = await createDeal(t, maya.token, { brandName: ' KUMO tea ' });
    expect(again.brand.id).toBe(first.brand.id);
    // Noor's "Kumo Tea" is a brand of Noor's own: Maya's stays private to Maya.
    const theirs = await createDeal(t, noor.token, { brandName: 'Kumo Tea' });
    expect(theirs.brand.id).not.toBe(first.brand.id);
    const found = await t.gqlOk(
      `query { brands(search: "kumo") { edges { node { id } } } }`,
      {},
      noor.token,
    );
    expect(found.brands.edges.map((e: any) => e.node.id)).toEqual([theirs.brand.id]);
  });
});
