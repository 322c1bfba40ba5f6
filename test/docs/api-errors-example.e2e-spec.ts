import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signUpAdmin, signUpCreator, type Account } from '../support/factories';
import { TestApp } from '../support/test-app';

/** The ```graphql example under `## Errors` in docs/api.md, as a reader would send it. */
function errorsExample(): string {
  const page = readFileSync(join(__dirname, '../../docs/api.md'), 'utf8');
  const section = page.slice(page.indexOf('\n## Errors\n'));
  const open = section.indexOf('```graphql\n') + '```graphql\n'.length;
  return section.slice(open, section.indexOf('\n```', open));
}

describe('the user-errors example in docs/api.md, run as written', () => {
  let t: TestApp;
  let creator: Account;

  beforeAll(async () => {
    t = await TestApp.start();
    await signUpAdmin(t);
    creator = await signUpCreator(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists both problems the page says, with nothing written', async () => {
    const response = await t.gql(errorsExample(), {}, creator.token);
    expect(response.errors).toBeUndefined();
    expect(response.data!.createDeal.deal).toBeNull();
    expect(
      response.data!.createDeal.userErrors.map((error: any) => [error.code, error.field]),
    ).toEqual(
      expect.arrayContaining([
        ['DEADLINE_BEFORE_SLOT', ['input', 'deliverables', '0', 'dueAt']],
        ['FEES_DO_NOT_ADD_UP', ['input', 'totalFee']],
      ]),
    );
    expect(response.data!.createDeal.userErrors).toHaveLength(2);
    expect((await t.sql(`SELECT count(*)::int AS n FROM deals`))[0].n).toBe(0);
  });
});
