import { FixedClock } from '../../src/infrastructure/clock';
import { expectError, expectUserError } from '../support/errors';
import { signUpAdmin, signUpBrand, signUpCreator, type Account } from '../support/factories';
import { TestApp } from '../support/test-app';

const MY_BRANDS = `query { me { brands { id name } } }`;
const INVITE = `mutation Invite($input: CreateBrandInvitationInput!) {
  createBrandInvitation(input: $input) {
    userErrors { field code message }
    code
    invitation { id email expiresAt createdAt acceptedAt brand { id name } }
  }
}`;
const ACCEPT = `mutation Accept($code: String!) {
  acceptBrandInvitation(input: { code: $code }) { userErrors { field code message } brand { id name } }
}`;
/** Whether an acceptance was refused, at the top level or as a user error. */
const refused = (response: { errors?: unknown[]; data?: any }) =>
  Boolean(response.errors?.length || response.data?.acceptBrandInvitation?.userErrors?.length);

const DAY_MS = 24 * 60 * 60 * 1000;
// The app's "now": invitations expire INVITATION_DAYS after it.
const NOW = '2031-06-01T12:00:00.000Z';

describe('brand invitations', () => {
  const clock = new FixedClock(NOW);
  let t: TestApp;
  let admin: Account;
  let acme: Account;
  let acmeId: string;
  let globex: Account;
  let creator: Account;
  let creatorId: string;
  let otherCreator: Account;

  /** A brand user of no brand yet. */
  function newBrandUser(): Promise<Account> {
    return signUpBrand(t);
  }

  async function invite(token: string, input: Record<string, unknown>): Promise<string> {
    const data = await t.gqlOk(INVITE, { input }, token);
    return data.createBrandInvitation.code;
  }

  async function myBrandIds(account: Account): Promise<string[]> {
    const data = await t.gqlOk(MY_BRANDS, {}, account.token);
    return data.me.brands.map((brand: { id: string }) => brand.id);
  }

  /** Every row an invitation flow may write, to prove a refusal wrote nothing. */
  async function snapshot() {
    return {
      invitations: await t.sql(
        `SELECT id, accepted_at, accepted_by_user_id FROM brand_invitations ORDER BY id`,
      ),
      members: await t.sql(
        `SELECT brand_id, user_id FROM brand_members ORDER BY brand_id, user_id`,
      ),
    };
  }

  beforeAll(async () => {
    t = await TestApp.start({ INVITATION_DAYS: '7' }, { clock });
    admin = await signUpAdmin(t);
    acme = await signUpBrand(t, 'Acme');
    acmeId = (await myBrandIds(acme))[0];
    globex = await signUpBrand(t, 'Globex');
    creator = await signUpCreator(t, { displayName: 'Cleo' });
    creatorId = (await t.sql(`SELECT id FROM creators WHERE user_id = $1`, [creator.userId]))[0].id;
    otherCreator = await signUpCreator(t, { displayName: 'Otto' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets a member invite a second brand user, who then sees the brand', async () => {
    const colleague = await signUpBrand(t, undefined, { email: 'colleague@acme.example' });
    const created = await t.gqlOk(
      INVITE,
      { input: { brandId: acmeId, email: 'Colleague@Acme.example' } },
      acme.token,
    );
    const { code, invitation } = created.createBrandInvitation;
    expect(code).toMatch(/^dl_inv_[A-Za-z0-9_-]{43}$/);
    expect(invitation).toMatchObject({
      email: 'colleague@acme.example',
      acceptedAt: null,
      brand: { id: acmeId, name: 'Acme' },
    });
    // INVITATION_DAYS after the clock's now.
    expect(invitation.expiresAt).toBe(new Date(Date.parse(NOW) + 7 * DAY_MS).toISOString());

    // Only the hash is stored.
    const stored = await t.sql(
      `SELECT code_hash, invited_by_user_id FROM brand_invitations WHERE id = $1`,
      [invitation.id],
    );
    expect(stored[0].code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(stored[0].invited_by_user_id).toBe(acme.userId);

    expect(await myBrandIds(colleague)).toEqual([]);
    const accepted = await t.gqlOk(ACCEPT, { code }, colleague.token);
    expect(accepted.acceptBrandInvitation.brand).toEqual({ id: acmeId, name: 'Acme' });
    // The very next request sees the membership: brand ids are read per request.
    expect(await myBrandIds(colleague)).toEqual([acmeId]);
    const row = await t.sql(
      `SELECT accepted_at, accepted_by_user_id FROM brand_invitations WHERE id = $1`,
      [invitation.id],
    );
    expect(row[0].accepted_by_user_id).toBe(colleague.userId);
    expect(row[0].accepted_at).not.toBeNull();

    // The new member may invite in turn.
    const next = await invite(colleague.token, { brandId: acmeId });
    const third = await newBrandUser();
    await t.gqlOk(ACCEPT, { code: next }, third.token);
    expect(await myBrandIds(third)).toEqual([acmeId]);
  });

  it('hides the brand from everyone who may not invite to it, writing nothing', async () => {
    const before = await snapshot();
    for (const account of [globex, creator, admin]) {
      expectError(await t.gql(INVITE, { input: { brandId: acmeId } }, account.token), 'NOT_FOUND');
    }
    expectError(
      await t.gql(
        INVITE,
        { input: { brandId: '00000000-0000-4000-8000-000000000000' } },
        acme.token,
      ),
      'NOT_FOUND',
    );
    expectError(await t.gql(INVITE, { input: { brandId: 'acme' } }, acme.token), 'NOT_FOUND');
    expectUserError(
      await t.gql(INVITE, { input: { brandId: acmeId, email: 'not an email' } }, acme.token),
      'createBrandInvitation',
      'VALIDATION_FAILED',
      'input.email',
    );
    expectError(await t.gql(INVITE, { input: { brandId: acmeId } }), 'UNAUTHENTICATED');
    expect(await snapshot()).toEqual(before);
  });

  it('lets the creator who named an unclaimed brand invite to it, and no other creator', async () => {
    const [{ id: labelId }] = await t.sql(
      `INSERT INTO brands (name, created_by_creator_id) VALUES ('Initech', $1) RETURNING id`,
      [creatorId],
    );
    const before = await snapshot();
    expectError(
      await t.gql(INVITE, { input: { brandId: labelId } }, otherCreator.token),
      'NOT_FOUND',
    );
    expectError(await t.gql(INVITE, { input: { brandId: labelId } }, admin.token), 'NOT_FOUND');
    expectError(await t.gql(INVITE, { input: { brandId: labelId } }, globex.token), 'NOT_FOUND');
    expect(await snapshot()).toEqual(before);

    const first = await invite(creator.token, { brandId: labelId, email: 'owner@initech.example' });
    const spare = await invite(creator.token, { brandId: labelId });
    const initech = await signUpBrand(t, undefined, { email: 'owner@initech.example' });
    expect(
      (await t.gqlOk(ACCEPT, { code: first }, initech.token)).acceptBrandInvitation.brand.name,
    ).toBe('Initech');
    expect(await myBrandIds(initech)).toEqual([labelId]);

    // Once claimed, the brand belongs to its members: the creator can no longer invite, and an
    // invitation they sent before the claim no longer works.
    expectError(await t.gql(INVITE, { input: { brandId: labelId } }, creator.token), 'NOT_FOUND');
    const latecomer = await newBrandUser();
    const beforeSpare = await snapshot();
    const revoked = await t.gql(ACCEPT, { code: spare }, latecomer.token);
    expectUserError(revoked, 'acceptBrandInvitation', 'INVITATION_REVOKED');
    expect(await snapshot()).toEqual(beforeSpare);
    // The members now invite.
    const fromMember = await invite(initech.token, { brandId: labelId });
    await t.gqlOk(ACCEPT, { code: fromMember }, latecomer.token);
    expect(await myBrandIds(latecomer)).toEqual([labelId]);
  });

  it('refuses expired, reused, unknown and misaddressed codes, and creators, writing nothing', async () => {
    const invitee = await newBrandUser();
    const expired = await invite(acme.token, { brandId: acmeId });
    await t.sql(
      `UPDATE brand_invitations SET expires_at = now() - interval '1 second' WHERE code_hash = encode(sha256($1::bytea), 'hex')`,
      [expired],
    );
    const used = await invite(acme.token, { brandId: acmeId });
    await t.gqlOk(ACCEPT, { code: used }, (await newBrandUser()).token);
    const addressed = await invite(acme.token, {
      brandId: acmeId,
      email: 'someone.else@example.com',
    });
    const open = await invite(acme.token, { brandId: acmeId });

    const before = await snapshot();
    // Refusals of the input are user errors; not-found and forbidden stay top-level errors.
    // The third column: USER_ERROR, or the top-level error's code.
    const cases: Array<[string, Account, string, string | undefined]> = [
      [expired, invitee, 'USER_ERROR', 'INVITATION_EXPIRED'],
      [used, invitee, 'USER_ERROR', 'INVITATION_USED'],
      [addressed, invitee, 'NOT_FOUND', 'INVITATION_NOT_FOUND'],
      [`dl_inv_${'A'.repeat(43)}`, invitee, 'NOT_FOUND', 'INVITATION_NOT_FOUND'],
      ['garbage', invitee, 'NOT_FOUND', 'INVITATION_NOT_FOUND'],
      [open, creator, 'FORBIDDEN', undefined],
      [open, admin, 'FORBIDDEN', undefined],
      [open, acme, 'USER_ERROR', 'ALREADY_MEMBER'],
    ];
    for (const [code, account, errorCode, reason] of cases) {
      const response = await t.gql(ACCEPT, { code }, account.token);
      if (errorCode === 'USER_ERROR') {
        expectUserError(response, 'acceptBrandInvitation', reason!);
      } else {
        expectError(response, errorCode);
        if (reason) expect(response.errors![0].extensions?.reason).toBe(reason);
      }
    }
    expectError(await t.gql(ACCEPT, { code: open }), 'UNAUTHENTICATED');
    expect(await snapshot()).toEqual(before);
    expect(await myBrandIds(invitee)).toEqual([]);

    // The open invitation is still good after all that.
    await t.gqlOk(ACCEPT, { code: open }, invitee.token);
    expect(await myBrandIds(invitee)).toEqual([acmeId]);
  });

  it('expires an invitation once the clock reaches its expiresAt', async () => {
    const invitee = await newBrandUser();
    const created = await t.gqlOk(INVITE, { input: { brandId: acmeId } }, acme.token);
    const { code, invitation } = created.createBrandInvitation;
    const expiresAt = Date.parse(invitation.expiresAt);
    try {
      clock.set(new Date(expiresAt));
      const expired = await t.gql(ACCEPT, { code }, invitee.token);
      expectUserError(expired, 'acceptBrandInvitation', 'INVITATION_EXPIRED');
      expect(await myBrandIds(invitee)).toEqual([]);
      // A millisecond earlier it is still good.
      clock.set(new Date(expiresAt - 1));
      await t.gqlOk(ACCEPT, { code }, invitee.token);
      expect(await myBrandIds(invitee)).toEqual([acmeId]);
    } finally {
      clock.set(NOW);
    }
  });

  it('accepts an addressed invitation from its addressee, whatever the case of the email', async () => {
    const code = await invite(globex.token, {
      brandId: (await myBrandIds(globex))[0],
      email: 'NEW.HIRE@globex.example',
    });
    const hire = await signUpBrand(t, undefined, { email: 'new.hire@GLOBEX.example' });
    expect((await t.gqlOk(ACCEPT, { code }, hire.token)).acceptBrandInvitation.brand.name).toBe(
      'Globex',
    );
  });

  it('lets exactly one of two simultaneous acceptances of a code through', async () => {
    const code = await invite(acme.token, { brandId: acmeId });
    const [one, two] = [await newBrandUser(), await newBrandUser()];
    const responses = await Promise.all([
      t.gql(ACCEPT, { code }, one.token),
      t.gql(ACCEPT, { code }, two.token),
    ]);
    const failed = responses.filter(refused);
    expect(failed).toHaveLength(1);
    expectUserError(failed[0], 'acceptBrandInvitation', 'INVITATION_USED');
    const members = await t.sql(
      `SELECT count(*)::int AS n FROM brand_members WHERE user_id = ANY($1::uuid[])`,
      [[one.userId, two.userId]],
    );
    expect(members[0].n).toBe(1);
  });

  it('lets only one of two simultaneous claims of an unclaimed brand through', async () => {
    const [{ id: labelId }] = await t.sql(
      `INSERT INTO brands (name, created_by_creator_id) VALUES ('Hooli', $1) RETURNING id`,
      [creatorId],
    );
    const codes = [
      await invite(creator.token, { brandId: labelId }),
      await invite(creator.token, { brandId: labelId }),
    ];
    const users = [await newBrandUser(), await newBrandUser()];
    const responses = await Promise.all(
      codes.map((code, index) => t.gql(ACCEPT, { code }, users[index].token)),
    );
    const failed = responses.filter(refused);
    expect(failed).toHaveLength(1);
    expectUserError(failed[0], 'acceptBrandInvitation', 'INVITATION_REVOKED');
    const members = await t.sql(
      `SELECT count(*)::int AS n FROM brand_members WHERE brand_id = $1`,
      [labelId],
    );
    expect(members[0].n).toBe(1);
  });

  it('refuses an invitation whose sender has since left the brand', async () => {
    const leaver = await newBrandUser();
    await t.gqlOk(ACCEPT, { code: await invite(acme.token, { brandId: acmeId }) }, leaver.token);
    const code = await invite(leaver.token, { brandId: acmeId });
    await t.sql(`DELETE FROM brand_members WHERE user_id = $1`, [leaver.userId]);
    const response = await t.gql(ACCEPT, { code }, (await newBrandUser()).token);
    expectUserError(response, 'acceptBrandInvitation', 'INVITATION_REVOKED');
  });
});
