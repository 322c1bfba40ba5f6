import { randomBytes } from 'node:crypto';

/**
 * What the factories need of an app: a TestApp in this process, or an ApiProcess
 * (test/support/spawn-app.ts) in a child one.
 */
export interface GraphqlClient {
  gqlOk(query: string, variables?: Record<string, unknown>, token?: string): Promise<any>;
}

export interface Account {
  token: string;
  userId: string;
  email: string;
  /** The first account on a database is its administrator. */
  isAdmin: boolean;
}

/** Every factory account's password, for specs that sign in again. */
export const PASSWORD = 'a long enough password';

const SIGN_UP = `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id email isAdmin } } }`;

function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}@example.com`;
}

/** Signs up the administrator: call first, on a fresh database. */
export async function signUpAdmin(t: GraphqlClient): Promise<Account> {
  return signUpCreator(t, { displayName: 'Ops Admin' });
}

export async function signUpCreator(
  t: GraphqlClient,
  overrides: {
    displayName?: string;
    homeCurrency?: string;
    timeZone?: string;
    email?: string;
  } = {},
): Promise<Account> {
  const email = overrides.email ?? uniqueEmail('creator');
  const data = await t.gqlOk(SIGN_UP, {
    input: {
      email,
      password: PASSWORD,
      role: 'CREATOR',
      displayName: overrides.displayName ?? 'Test Creator',
      homeCurrency: overrides.homeCurrency,
      timeZone: overrides.timeZone,
    },
  });
  return {
    token: data.signUp.token,
    userId: data.signUp.user.id,
    email,
    isAdmin: data.signUp.user.isAdmin,
  };
}

/** A brand user; with `brandName`, the first member of that new brand (`brandId`). */
export async function signUpBrand(
  t: GraphqlClient,
  brandName?: string,
  overrides: { email?: string } = {},
): Promise<Account & { brandId: string | null }> {
  const email = overrides.email ?? uniqueEmail('brand');
  const data = await t.gqlOk(SIGN_UP, {
    input: { email, password: PASSWORD, role: 'BRAND', brandName },
  });
  const me = await t.gqlOk(`query { me { brands { id } } }`, {}, data.signUp.token);
  return {
    token: data.signUp.token,
    userId: data.signUp.user.id,
    email,
    isAdmin: data.signUp.user.isAdmin,
    brandId: me.me.brands[0]?.id ?? null,
  };
}

/** A brand user who joins `brandId` through an invitation issued by `inviterToken`. */
export async function inviteBrandUser(
  t: GraphqlClient,
  inviterToken: string,
  brandId: string,
): Promise<Account> {
  const invitation = await t.gqlOk(
    `mutation($input: CreateBrandInvitationInput!) { createBrandInvitation(input: $input) { code } }`,
    { input: { brandId } },
    inviterToken,
  );
  const member = await signUpBrand(t);
  await t.gqlOk(
    `mutation($input: AcceptBrandInvitationInput!) { acceptBrandInvitation(input: $input) { brand { id } } }`,
    { input: { code: invitation.createBrandInvitation.code } },
    member.token,
  );
  return member;
}

/** createDeal, selecting the deal's fields most specs read and the payload's user errors. */
export const CREATE_DEAL = `mutation CreateDeal($input: CreateDealInput!) {
  createDeal(input: $input) {
    userErrors { field code message }
    deal {
    id title currency status version
    totalFee { amount currency minor }
    terms { netPaymentDays latePenaltyBpsPerDay latePenaltyCapBps killAfterDaysLate killFeeBps forceMajeure }
    brand { id name }
    alternatePlatforms { slug }
    deliverables { id title kind timing status scheduledAt dueAt durationMinutes fee { amount currency } platform { slug } }
    }
  }
}`;

export function dealInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Spring launch',
    brandName: 'Acme Sportswear',
    currency: 'USD',
    totalFee: '1600.00',
    status: 'ACTIVE',
    terms: {
      netPaymentDays: 30,
      latePenaltyBpsPerDay: 250,
      latePenaltyCapBps: 1500,
      killAfterDaysLate: 5,
    },
    deliverables: [
      {
        platformSlug: 'instagram',
        kind: 'REEL',
        title: 'Launch reel',
        scheduledAt: '2030-03-05T16:00:00Z',
        dueAt: '2030-03-05T18:00:00Z',
        fee: '1200.00',
      },
      {
        platformSlug: 'facebook',
        kind: 'STORY',
        title: 'Launch story',
        scheduledAt: '2030-03-05T15:30:00Z',
        dueAt: '2030-03-05T16:30:00Z',
        fee: '400.00',
      },
    ],
    ...overrides,
  };
}

export async function createDeal(
  t: GraphqlClient,
  token: string,
  overrides: Record<string, unknown> = {},
) {
  const data = await t.gqlOk(CREATE_DEAL, { input: dealInput(overrides) }, token);
  return data.createDeal.deal;
}
