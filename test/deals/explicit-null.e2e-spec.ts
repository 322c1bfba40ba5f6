import { withoutErrorLogs } from '../support/error-log';
import { expectUserError } from '../support/errors';
import { createDeal, signUpCreator, type Account } from '../support/factories';
import type { GraphqlResponse } from '../support/test-app';
import { TestApp } from '../support/test-app';

const UPDATE_DEAL = `mutation($input: UpdateDealInput!) { updateDeal(input: $input) {
  userErrors { field code message }
  deal { id title version notes sharedNotes signedOn totalFee { amount }
  terms { netPaymentDays killAfterDaysLate } alternatePlatforms { slug } } } }`;
const UPDATE_DELIVERABLE = `mutation($input: UpdateDeliverableInput!) {
  updateDeliverable(input: $input) { userErrors { field code message }
  deliverable { id title version scheduledAt dueAt fee { amount } } } }`;
const SET_STATUS = `mutation($id: ID!, $v: Int) { setDealStatus(input: { id: $id, status: ACTIVE, expectedVersion: $v }) {
  userErrors { field code message } deal { version } } }`;
const CANCEL = `mutation($id: ID!, $v: Int) { cancelDeliverable(input: { id: $id, expectedVersion: $v }) {
  userErrors { field code message } deliverable { version } } }`;
const POSTED = `mutation($input: MarkDeliverablePostedInput!) { markDeliverablePosted(input: $input) {
  userErrors { field code message } deliverable { version } } }`;

describe('updates: explicit null, changes of nothing, blank titles', () => {
  let t: TestApp;
  let maya: Account;

  /** `mutation` refused its input with `reason` on every one of `fields`, and on nothing else. */
  const refusal = (
    response: GraphqlResponse,
    mutation: string,
    fields: string[],
    reason: string,
  ) => {
    const userErrors = expectUserError(response, mutation, reason, fields[0]);
    expect(userErrors.map((error) => [error.code, error.field?.join('.')])).toEqual(
      fields.map((field) => [reason, field]),
    );
    return userErrors;
  };
  const state = async (dealId: string) => ({
    deals: await t.sql(`SELECT * FROM deals WHERE id = $1`, [dealId]),
    deliverables: await t.sql(`SELECT * FROM deliverables WHERE deal_id = $1 ORDER BY id`, [
      dealId,
    ]),
    audit: await t.sql(`SELECT count(*)::int AS n FROM audit_entries WHERE deal_id = $1`, [dealId]),
    outbox: await t.sql(`SELECT count(*)::int AS n FROM webhook_events`),
  });

  beforeAll(async () => {
    t = await TestApp.start();
    maya = await signUpCreator(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses null on deal fields that cannot be cleared, naming each, changing nothing', async () => {
    const deal = await createDeal(t, maya.token);
    const before = await state(deal.id);
    await withoutErrorLogs(async () => {
      for (const [input, fields] of [
        [{ title: null }, ['input.title']],
        [{ totalFee: null }, ['input.totalFee']],
        [{ terms: null }, ['input.terms']],
        [{ terms: { netPaymentDays: null } }, ['input.terms.netPaymentDays']],
        [{ terms: { latePenaltyBpsPerDay: null } }, ['input.terms.latePenaltyBpsPerDay']],
        [{ terms: { latePenaltyCapBps: null } }, ['input.terms.latePenaltyCapBps']],
        [{ terms: { killFeeBps: null } }, ['input.terms.killFeeBps']],
        [{ terms: { forceMajeure: null } }, ['input.terms.forceMajeure']],
        [{ expectedVersion: null }, ['input.expectedVersion']],
        [{ title: null, totalFee: null, notes: 'x' }, ['input.title', 'input.totalFee']],
      ] as Array<[Record<string, unknown>, string[]]>) {
        const response = await t.gql(UPDATE_DEAL, { input: { id: deal.id, ...input } }, maya.token);
        for (const error of refusal(response, 'updateDeal', fields, 'FIELD_NOT_NULLABLE')) {
          expect(error.message).not.toMatch(/version null/);
        }
      }
      refusal(
        await t.gql(SET_STATUS, { id: deal.id, v: null }, maya.token),
        'setDealStatus',
        ['input.expectedVersion'],
        'FIELD_NOT_NULLABLE',
      );
    });
    expect(await state(deal.id)).toEqual(before);
  });

  it('clears the fields a deal may lack with null: notes, shared notes, signedOn, killAfterDaysLate, alternates', async () => {
    const deal = await createDeal(t, maya.token, {
      notes: 'private',
      sharedNotes: 'shared',
      signedOn: '2030-01-15',
      alternatePlatformSlugs: ['youtube'],
    });
    const cleared = await t.gqlOk(
      UPDATE_DEAL,
      {
        input: {
          id: deal.id,
          notes: null,
          sharedNotes: null,
          signedOn: null,
          terms: { killAfterDaysLate: null },
          alternatePlatformSlugs: null,
        },
      },
      maya.token,
    );
    expect(cleared.updateDeal.deal).toMatchObject({
      notes: '',
      sharedNotes: '',
      signedOn: null,
      terms: { netPaymentDays: 30, killAfterDaysLate: null },
      alternatePlatforms: [],
      version: 2,
    });
  });

  it('treats null as omitted in createDeal: defaults apply', async () => {
    const created = await t.gqlOk(
      `mutation($input: CreateDealInput!) { createDeal(input: $input) { userErrors { field code message }
        deal { notes sharedNotes status
        terms { netPaymentDays latePenaltyBpsPerDay killFeeBps forceMajeure killAfterDaysLate } } } }`,
      {
        input: {
          title: 'Defaults',
          brandName: 'Nulls Inc',
          currency: 'USD',
          totalFee: '10.00',
          notes: null,
          sharedNotes: null,
          status: null,
          terms: { netPaymentDays: null, forceMajeure: null, killAfterDaysLate: null },
          deliverables: null,
        },
      },
      maya.token,
    );
    expect(created.createDeal.deal).toEqual({
      notes: '',
      sharedNotes: '',
      status: 'DRAFT',
      terms: {
        netPaymentDays: 30,
        latePenaltyBpsPerDay: 0,
        killFeeBps: 0,
        forceMajeure: false,
        killAfterDaysLate: null,
      },
    });
  });

  it('refuses null on every deliverable field, and on expectedVersion anywhere', async () => {
    const deal = await createDeal(t, maya.token);
    const id = deal.deliverables[0].id;
    const before = await state(deal.id);
    await withoutErrorLogs(async () => {
      for (const field of [
        'platformSlug',
        'kind',
        'title',
        'scheduledAt',
        'durationMinutes',
        'dueAt',
        'fee',
        'timing',
        'expectedVersion',
      ]) {
        refusal(
          await t.gql(UPDATE_DELIVERABLE, { input: { id, [field]: null } }, maya.token),
          'updateDeliverable',
          [`input.${field}`],
          'FIELD_NOT_NULLABLE',
        );
      }
      // Every null at once: each field named.
      refusal(
        await t.gql(
          UPDATE_DELIVERABLE,
          { input: { id, title: null, fee: null, expectedVersion: null } },
          maya.token,
        ),
        'updateDeliverable',
        ['input.title', 'input.fee', 'input.expectedVersion'],
        'FIELD_NOT_NULLABLE',
      );
      refusal(
        await t.gql(CANCEL, { id, v: null }, maya.token),
        'cancelDeliverable',
        ['input.expectedVersion'],
        'FIELD_NOT_NULLABLE',
      );
      refusal(
        await t.gql(POSTED, { input: { id, expectedVersion: null } }, maya.token),
        'markDeliverablePosted',
        ['input.expectedVersion'],
        'FIELD_NOT_NULLABLE',
      );
    });
    expect(await state(deal.id)).toEqual(before);
  });

  it('leaves version, audit trail and outbox alone when an update changes nothing', async () => {
    const deal = await createDeal(t, maya.token, {
      notes: 'n',
      sharedNotes: 's',
      signedOn: '2030-01-15',
      alternatePlatformSlugs: ['youtube', 'tiktok'],
    });
    const reel = deal.deliverables.find((d: any) => d.title === 'Launch reel');
    const before = await state(deal.id);
    const same = await t.gqlOk(
      UPDATE_DEAL,
      {
        input: {
          id: deal.id,
          title: '  Spring launch ', // stored trimmed: the same title
          totalFee: '1600.0',
          signedOn: '2030-01-15',
          notes: 'n',
          sharedNotes: 's',
          terms: { netPaymentDays: 30, latePenaltyBpsPerDay: 250, killAfterDaysLate: 5 },
          alternatePlatformSlugs: ['youtube', 'tiktok'],
          expectedVersion: 1,
        },
      },
      maya.token,
    );
    expect(same.updateDeal.deal.version).toBe(1);
    const unchanged = await t.gqlOk(
      UPDATE_DELIVERABLE,
      {
        input: {
          id: reel.id,
          title: 'Launch reel',
          kind: 'REEL',
          platformSlug: 'instagram',
          scheduledAt: '2030-03-05T17:00:00+01:00', // the same instant
          dueAt: reel.dueAt,
          durationMinutes: 0,
          fee: '1200',
          timing: 'FLEXIBLE',
          expectedVersion: 1,
        },
      },
      maya.token,
    );
    expect(unchanged.updateDeliverable.deliverable.version).toBe(1);
    expect(await state(deal.id)).toEqual(before);

    // One real change among equal values: one version, one audit entry naming only it.
    const changed = await t.gqlOk(
      UPDATE_DEAL,
      { input: { id: deal.id, title: 'Spring launch', notes: 'n', sharedNotes: 'new' } },
      maya.token,
    );
    expect(changed.updateDeal.deal.version).toBe(2);
    const entries = await t.sql(
      `SELECT changes FROM audit_entries WHERE deal_id = $1 AND operation = 'updateDeal'`,
      [deal.id],
    );
    expect(entries.map((e: any) => e.changes.map((c: any) => c.field))).toEqual([['sharedNotes']]);
  });

  it('refuses blank titles with their field, on deals and deliverables', async () => {
    const deal = await createDeal(t, maya.token);
    const before = await state(deal.id);
    const blankDeal = await t.gql(
      `mutation($input: CreateDealInput!) { createDeal(input: $input) { userErrors { field code message } deal { id } } }`,
      {
        input: {
          title: '   ',
          brandName: ' \t ',
          currency: 'USD',
          totalFee: '1.00',
          deliverables: [
            {
              platformSlug: 'instagram',
              kind: 'POST',
              title: '  ',
              scheduledAt: '2030-03-05T16:00:00Z',
              dueAt: '2030-03-05T18:00:00Z',
            },
          ],
        },
      },
      maya.token,
    );
    // Every blank title is listed, each at its field.
    const blanks = refusal(
      blankDeal,
      'createDeal',
      ['input.title', 'input.brandName', 'input.deliverables.0.title'],
      'VALIDATION_FAILED',
    );
    expect(blanks[0].message).toContain('input.title: title must not be blank');
    refusal(
      await t.gql(UPDATE_DEAL, { input: { id: deal.id, title: '    ' } }, maya.token),
      'updateDeal',
      ['input.title'],
      'VALIDATION_FAILED',
    );
    refusal(
      await t.gql(
        UPDATE_DELIVERABLE,
        { input: { id: deal.deliverables[0].id, title: ' ' } },
        maya.token,
      ),
      'updateDeliverable',
      ['input.title'],
      'VALIDATION_FAILED',
    );
    refusal(
      await t.gql(
        `mutation($input: AddDeliverableInput!) { addDeliverable(input: $input) {
          userErrors { field code message } deliverable { id } } }`,
        {
          input: {
            dealId: deal.id,
            platformSlug: 'instagram',
            kind: 'POST',
            title: '\n',
            scheduledAt: '2030-03-05T16:00:00Z',
            dueAt: '2030-03-05T18:00:00Z',
          },
        },
        maya.token,
      ),
      'addDeliverable',
      ['input.title'],
      'VALIDATION_FAILED',
    );
    expect(await state(deal.id)).toEqual(before);
  });
});
