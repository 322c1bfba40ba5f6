import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { refuseUnapprovedPosting } from '../../src/approvals/posting-guard';
import type { AppError } from '../../src/common/errors/app-error';
import { FixedClock } from '../../src/infrastructure/clock';
import { expectError, expectUserError } from '../support/errors';
import {
  createDeal,
  inviteBrandUser,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp, type GraphqlResponse } from '../support/test-app';

/**
 * Content approval (docs/approvals.md), judged on 1 March 2030 at noon unless a test moves the
 * clock. Maya's "Approval deal" with Acme requires approval 48 h before each slot; her "Plain
 * deal" with Acme does not; Noor's deal with Globex requires it too. "Risk deal": R reel
 * (instagram, 5 March 16:00, so the approved draft is needed by 3 March 16:00) and R fixed (a
 * FIXED facebook post at 15:30 that a FULL facebook outage makes LOST).
 */
const NOW = '2030-03-01T12:00:00.000Z';

/** A named ```graphql operation of docs/approvals.md, exactly as the page shows it. */
function docOperation(name: string): string {
  const page = readFileSync(join(__dirname, '../../docs/approvals.md'), 'utf8');
  const block = [...page.matchAll(/```graphql\n([\s\S]*?)```/g)]
    .map((match) => match[1])
    .find((source) => new RegExp(`^(query|mutation) ${name}\\b`).test(source));
  if (!block) throw new Error(`docs/approvals.md has no operation ${name}`);
  return block;
}

const SUBMIT = docOperation('SubmitDraft');
const REVIEW = docOperation('ReviewDraft');
const APPROVAL = docOperation('DeliverableApproval');
const AWAITING = docOperation('AwaitingReview');
const REQUIRE_APPROVAL = docOperation('RequireApproval');

const RISK = `query($id: ID!, $asOf: DateTime) { deliverable(id: $id) {
  risk(asOf: $asOf) { level explanation explanationCode } } }`;

const ROUNDS = `query($id: ID!) { deliverable(id: $id) { approval drafts { id round state reviewNote } } }`;

const ALL_AWAITING = `{ draftsAwaitingReview(first: 100) { totalCount nodes { id } } }`;

type Deal = { id: string; version: number; deliverables: Array<{ id: string; title: string }> };

describe('content approval: drafts, reviews, risk and tenancy', () => {
  let t: TestApp;
  let clock: FixedClock;
  let admin: Account;
  let maya: Account;
  let noor: Account;
  let acme: Account & { brandId: string | null };
  let acmeMember: Account;
  let globex: Account & { brandId: string | null };
  let dealA: Deal;
  let dealPlain: Deal;
  let dealNoor: Deal;
  let dealR: Deal;
  let dealCount: Deal;
  const id = (deal: Deal, title: string) => deal.deliverables.find((d) => d.title === title)!.id;

  const approvalTerms = {
    netPaymentDays: 30,
    latePenaltyBpsPerDay: 250,
    latePenaltyCapBps: 1500,
    killAfterDaysLate: 5,
    requiresApproval: true,
    approvalLeadHours: 48,
  };
  const post = (title: string, platformSlug: string, scheduledAt: string, fee: string) => ({
    platformSlug,
    kind: 'POST',
    title,
    scheduledAt,
    dueAt: new Date(new Date(scheduledAt).getTime() + 2 * 3600_000).toISOString(),
    fee,
  });

  const submit = (token: string, input: Record<string, unknown>) => t.gql(SUBMIT, input, token);
  const review = (token: string, input: Record<string, unknown>) => t.gql(REVIEW, input, token);
  async function submitted(token: string, input: Record<string, unknown>) {
    return (await t.gqlOk(SUBMIT, input, token)).submitDraft.draft;
  }
  async function reviewed(token: string, input: Record<string, unknown>) {
    return (await t.gqlOk(REVIEW, input, token)).reviewDraft.draft;
  }
  async function rounds(token: string, deliverableId: string) {
    return (await t.gqlOk(ROUNDS, { id: deliverableId }, token)).deliverable;
  }
  async function risk(token: string, deliverableId: string, asOf?: string) {
    return (await t.gqlOk(RISK, { id: deliverableId, asOf }, token)).deliverable.risk;
  }
  async function awaitingIds(token: string): Promise<string[]> {
    return (await t.gqlOk(ALL_AWAITING, {}, token)).draftsAwaitingReview.nodes.map(
      (node: { id: string }) => node.id,
    );
  }

  /** Rows of every table a draft write touches: a refused write changes none of them. */
  async function counts() {
    const [row] = await t.sql(`SELECT
      (SELECT count(*)::int FROM deliverable_drafts) AS drafts,
      (SELECT count(*)::int FROM webhook_events) AS events,
      (SELECT count(*)::int FROM audit_entries) AS audit,
      (SELECT count(*)::int FROM deliverables WHERE status = 'POSTED') AS posted`);
    return row;
  }

  /** `send` refused with a user error `code` at `field`, and nothing written. */
  async function refusedWith(
    send: () => Promise<GraphqlResponse>,
    mutation: string,
    code: string,
    field?: string,
  ) {
    const before = await counts();
    const errors = expectUserError(await send(), mutation, code, field);
    expect(await counts()).toEqual(before);
    return errors;
  }

  /** `send` refused with a top-level error `code`, and nothing written. */
  async function deniedWith(send: () => Promise<GraphqlResponse>, code: string) {
    const before = await counts();
    const response = await send();
    expectError(response, code);
    expect(await counts()).toEqual(before);
    return response;
  }

  beforeAll(async () => {
    clock = new FixedClock(NOW);
    t = await TestApp.start({}, { clock });
    admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
    noor = await signUpCreator(t, { displayName: 'Noor' });
    acme = await signUpBrand(t, 'Acme');
    acmeMember = await inviteBrandUser(t, acme.token, acme.brandId!);
    globex = await signUpBrand(t, 'Globex');
    const withAcme = { brandId: acme.brandId, brandName: undefined };
    dealA = await createDeal(t, maya.token, {
      ...withAcme,
      title: 'Approval deal',
      totalFee: '1600.00',
      terms: approvalTerms,
      deliverables: [
        post('A reel', 'instagram', '2030-03-05T16:00:00Z', '1000.00'),
        post('A story', 'facebook', '2030-03-06T15:30:00Z', '400.00'),
        post('A post', 'tiktok', '2030-03-07T12:00:00Z', '200.00'),
      ],
    });
    dealPlain = await createDeal(t, maya.token, { ...withAcme, title: 'Plain deal' });
    dealNoor = await createDeal(t, noor.token, {
      brandId: globex.brandId,
      brandName: undefined,
      title: 'Noor deal',
      terms: approvalTerms,
    });
    dealR = await createDeal(t, maya.token, {
      ...withAcme,
      title: 'Risk deal',
      totalFee: '1000.00',
      terms: approvalTerms,
      deliverables: [
        post('R reel', 'instagram', '2030-03-05T16:00:00Z', '600.00'),
        { ...post('R fixed', 'facebook', '2030-03-05T15:30:00Z', '400.00'), timing: 'FIXED' },
      ],
    });
    dealCount = await createDeal(t, maya.token, {
      ...withAcme,
      title: 'Count deal',
      totalFee: '500.00',
      terms: approvalTerms,
      deliverables: [1, 2, 3, 4, 5].map((day) =>
        post(`C video ${day}`, 'youtube', `2030-04-0${day}T12:00:00Z`, '100.00'),
      ),
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => clock.set(NOW));

  it('reads NOT_REQUIRED or AWAITING_DRAFT before any draft, with no rounds', async () => {
    for (const token of [maya.token, acme.token, admin.token]) {
      expect(await rounds(token, id(dealA, 'A reel'))).toEqual({
        approval: 'AWAITING_DRAFT',
        drafts: [],
      });
      expect(await rounds(token, id(dealPlain, 'Launch reel'))).toEqual({
        approval: 'NOT_REQUIRED',
        drafts: [],
      });
    }
  });

  it('turns approval on with updateDeal (the docs example, as written)', async () => {
    const later = await createDeal(t, maya.token, {
      brandId: acme.brandId,
      brandName: undefined,
      title: 'Later deal',
    });
    expect((await rounds(maya.token, id(later, 'Launch reel'))).approval).toBe('NOT_REQUIRED');
    const data = await t.gqlOk(
      REQUIRE_APPROVAL,
      { dealId: later.id, version: later.version },
      maya.token,
    );
    expect(data.updateDeal.deal.terms).toEqual({ requiresApproval: true, approvalLeadHours: 48 });
    expect((await rounds(maya.token, id(later, 'Launch reel'))).approval).toBe('AWAITING_DRAFT');
  });

  it('runs the rounds: changes requested, resubmitted, superseded, approved', async () => {
    const reel = id(dealA, 'A reel');
    const first = await submitted(maya.token, {
      deliverableId: reel,
      url: 'https://drive.example.com/reel-v1',
      note: 'First cut',
    });
    expect(first).toMatchObject({
      round: 1,
      state: 'IN_REVIEW',
      url: 'https://drive.example.com/reel-v1',
      note: 'First cut',
      submittedAt: NOW,
    });
    expect((await rounds(acme.token, reel)).approval).toBe('IN_REVIEW');

    const answered = await reviewed(acmeMember.token, {
      draftId: first.id,
      decision: 'CHANGES_REQUESTED',
      note: 'Make the logo bigger',
    });
    expect(answered).toEqual({
      id: first.id,
      round: 1,
      state: 'CHANGES_REQUESTED',
      reviewNote: 'Make the logo bigger',
      reviewedAt: NOW,
    });
    expect((await rounds(maya.token, reel)).approval).toBe('CHANGES_REQUESTED');

    // Resubmitting after an answer supersedes nothing: round 1 keeps its answer.
    const second = await submitted(maya.token, {
      deliverableId: reel,
      url: 'https://drive.example.com/reel-v2',
    });
    expect(second).toMatchObject({ round: 2, state: 'IN_REVIEW', note: '' });
    expect((await rounds(maya.token, reel)).drafts.map((d: any) => d.state)).toEqual([
      'CHANGES_REQUESTED',
      'IN_REVIEW',
    ]);

    // A round submitted while the previous one is in review replaces it.
    const third = await submitted(maya.token, {
      deliverableId: reel,
      url: 'https://drive.example.com/reel-v3',
    });
    expect(third.round).toBe(3);
    expect((await rounds(maya.token, reel)).drafts.map((d: any) => d.state)).toEqual([
      'CHANGES_REQUESTED',
      'SUPERSEDED',
      'IN_REVIEW',
    ]);

    // The superseded and the answered rounds cannot be answered: CONFLICT, naming their state.
    const [superseded] = await refusedWith(
      () => review(acme.token, { draftId: second.id, decision: 'APPROVED' }),
      'reviewDraft',
      'DRAFT_NOT_IN_REVIEW',
      'input.draftId',
    );
    expect(superseded.message).toBe(
      'Draft round 2 is SUPERSEDED: round 3 is the latest; review that one',
    );
    const [answeredAlready] = await refusedWith(
      () => review(acme.token, { draftId: first.id, decision: 'APPROVED' }),
      'reviewDraft',
      'DRAFT_NOT_IN_REVIEW',
    );
    expect(answeredAlready.message).toContain('CHANGES_REQUESTED');
    // expectedRound guards a review made from an older reading.
    await refusedWith(
      () => review(acme.token, { draftId: third.id, decision: 'APPROVED', expectedRound: 2 }),
      'reviewDraft',
      'STALE_VERSION',
      'input.expectedRound',
    );

    const approved = await reviewed(acme.token, {
      draftId: third.id,
      decision: 'APPROVED',
      expectedRound: 3,
    });
    expect(approved).toMatchObject({ round: 3, state: 'APPROVED', reviewNote: '' });
    const [twice] = await refusedWith(
      () => review(acmeMember.token, { draftId: third.id, decision: 'CHANGES_REQUESTED' }),
      'reviewDraft',
      'DRAFT_NOT_IN_REVIEW',
    );
    expect(twice.message).toBe('Draft round 3 is APPROVED, not IN_REVIEW: it was answered already');

    const after = await rounds(maya.token, reel);
    expect(after.approval).toBe('APPROVED');
    expect(after.drafts.map((d: any) => [d.round, d.state])).toEqual([
      [1, 'CHANGES_REQUESTED'],
      [2, 'SUPERSEDED'],
      [3, 'APPROVED'],
    ]);

    // The docs' DeliverableApproval query, as written.
    const doc = await t.gqlOk(APPROVAL, { id: reel }, acme.token);
    expect(doc.deliverable).toMatchObject({ title: 'A reel', approval: 'APPROVED' });
    expect(doc.deliverable.drafts).toHaveLength(3);

    // One webhook event per change, to the deal's creator and brand, in order.
    const events = await t.sql(
      `SELECT type, deal_id, data FROM webhook_events
        WHERE deliverable_id = $1 AND type LIKE 'draft.%' ORDER BY seq`,
      [reel],
    );
    expect(events.map((e) => [e.type, e.data.draft.round, e.data.draft.state])).toEqual([
      ['draft.submitted', 1, 'IN_REVIEW'],
      ['draft.reviewed', 1, 'CHANGES_REQUESTED'],
      ['draft.submitted', 2, 'IN_REVIEW'],
      ['draft.submitted', 3, 'IN_REVIEW'],
      ['draft.reviewed', 3, 'APPROVED'],
    ]);
    expect(events.every((e) => e.deal_id === dealA.id)).toBe(true);
    expect(events[1].data.draft).toEqual({
      id: first.id,
      dealId: dealA.id,
      deliverableId: reel,
      round: 1,
      url: 'https://drive.example.com/reel-v1',
      state: 'CHANGES_REQUESTED',
      note: 'Make the logo bigger',
    });

    // And one audit entry each, on the deliverable.
    const audit = await t.sql(
      `SELECT operation, changes FROM audit_entries
        WHERE entity_id = $1 AND operation IN ('submitDraft', 'reviewDraft') ORDER BY seq`,
      [reel],
    );
    expect(audit.map((a) => a.operation)).toEqual([
      'submitDraft',
      'reviewDraft',
      'submitDraft',
      'submitDraft',
      'reviewDraft',
    ]);
    expect(audit[0].changes).toContainEqual({
      field: 'approval',
      before: 'AWAITING_DRAFT',
      after: 'IN_REVIEW',
    });
    expect(audit[3].changes).toContainEqual({
      field: 'draft.2.state',
      before: 'IN_REVIEW',
      after: 'SUPERSEDED',
    });
    expect(audit[4].changes).toContainEqual({
      field: 'approval',
      before: 'IN_REVIEW',
      after: 'APPROVED',
    });
  });

  it('refuses bad input with its code and field path, writing nothing', async () => {
    const deliverableId = id(dealA, 'A post');
    for (const url of ['ftp://example.com/draft', 'javascript:alert(1)', 'not a url']) {
      await refusedWith(
        () => submit(maya.token, { deliverableId, url }),
        'submitDraft',
        'VALIDATION_FAILED',
        'input.url',
      );
    }
    await refusedWith(
      () => submit(maya.token, { deliverableId, url: `https://example.com/${'a'.repeat(2000)}` }),
      'submitDraft',
      'VALIDATION_FAILED',
      'input.url',
    );
    await refusedWith(
      () => submit(maya.token, { deliverableId, note: 'x'.repeat(2001) }),
      'submitDraft',
      'VALIDATION_FAILED',
      'input.note',
    );
    const anyDraft = (await rounds(maya.token, id(dealA, 'A reel'))).drafts[0].id;
    await refusedWith(
      () => review(acme.token, { draftId: anyDraft, decision: 'APPROVED', note: 'y'.repeat(2001) }),
      'reviewDraft',
      'VALIDATION_FAILED',
      'input.note',
    );

    // NUL is refused at the input edge, before anything runs: a top-level error, HTTP 400.
    for (const [send, field] of [
      [() => submit(maya.token, { deliverableId, note: 'bad\u0000note' }), 'input.note'],
      [() => submit(maya.token, { deliverableId, url: 'https://example.com/\u0000' }), 'input.url'],
      [
        () => review(acme.token, { draftId: anyDraft, decision: 'APPROVED', note: 'ok\u0000' }),
        'input.note',
      ],
    ] as const) {
      const before = await counts();
      const response = await send();
      expect(response.status).toBe(400);
      expect(response.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_CHARACTER',
        fields: [field],
      });
      expect(await counts()).toEqual(before);
    }
    expect((await rounds(maya.token, deliverableId)).drafts).toEqual([]);
  });

  it('refuses a draft where no approval is required, or of a deliverable no longer planned', async () => {
    await refusedWith(
      () =>
        submit(maya.token, {
          deliverableId: id(dealPlain, 'Launch reel'),
          url: 'https://example.com/d',
        }),
      'submitDraft',
      'APPROVAL_NOT_REQUIRED',
      'input.deliverableId',
    );
    const story = id(dealA, 'A story');
    await t.gqlOk(
      `mutation($id: ID!) { cancelDeliverable(input: { id: $id }) { deliverable { status } } }`,
      { id: story },
      maya.token,
    );
    await refusedWith(
      () => submit(maya.token, { deliverableId: story, url: 'https://example.com/d' }),
      'submitDraft',
      'DELIVERABLE_NOT_PLANNED',
    );
  });

  let postDraft: { id: string };
  let noorDraft: { id: string };

  it('lets only the creator submit and only the brand review; other tenants read NOT_FOUND', async () => {
    const deliverableId = id(dealA, 'A post');
    const input = { deliverableId, url: 'https://example.com/post' };
    await deniedWith(() => submit(acme.token, input), 'FORBIDDEN');
    await deniedWith(() => submit(noor.token, input), 'NOT_FOUND');
    // The administrator's account is a creator's, but not of this deal.
    await deniedWith(() => submit(admin.token, input), 'NOT_FOUND');
    await deniedWith(
      () => submit(maya.token, { ...input, deliverableId: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
    );
    postDraft = await submitted(maya.token, input);

    const answer = { draftId: postDraft.id, decision: 'APPROVED' };
    await deniedWith(() => review(maya.token, answer), 'FORBIDDEN');
    await deniedWith(() => review(admin.token, answer), 'FORBIDDEN');
    await deniedWith(() => review(globex.token, answer), 'NOT_FOUND');
    await deniedWith(() => review(noor.token, answer), 'NOT_FOUND');
    await deniedWith(
      () => review(acme.token, { ...answer, draftId: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
    );
    // Another brand's draft and a missing one read alike.
    const missing = await review(globex.token, {
      ...answer,
      draftId: '00000000-0000-4000-8000-000000000000',
    });
    const foreign = await review(globex.token, answer);
    expect(foreign.errors?.[0].extensions?.code).toBe(missing.errors?.[0].extensions?.code);
    expect((await rounds(maya.token, deliverableId)).approval).toBe('IN_REVIEW');

    noorDraft = await submitted(noor.token, {
      deliverableId: id(dealNoor, 'Launch reel'),
      url: 'https://example.com/noor',
    });
  });

  it("lists what awaits each tenant's review at the root, and no one else's", async () => {
    const acmeIds = await awaitingIds(acme.token);
    expect(acmeIds).toContain(postDraft.id);
    expect(acmeIds).not.toContain(noorDraft.id);
    expect(await awaitingIds(acmeMember.token)).toEqual(acmeIds);
    expect(await awaitingIds(globex.token)).toEqual([noorDraft.id]);
    expect(await awaitingIds(maya.token)).toEqual(acmeIds); // Maya's deals are all with Acme
    expect(await awaitingIds(noor.token)).toEqual([noorDraft.id]);
    expect((await awaitingIds(admin.token)).sort()).toEqual([...acmeIds, noorDraft.id].sort());
    // An approved round awaits nothing.
    const approvedReel = (await rounds(maya.token, id(dealA, 'A reel'))).drafts[2].id;
    expect(acmeIds).not.toContain(approvedReel);

    // The docs' AwaitingReview query, as written, with its edges to the deliverable and deal.
    const doc = await t.gqlOk(AWAITING, {}, acme.token);
    const node = doc.draftsAwaitingReview.edges.find((e: any) => e.node.id === postDraft.id).node;
    expect(node).toMatchObject({
      round: 1,
      url: 'https://example.com/post',
      deliverable: { id: id(dealA, 'A post'), title: 'A post', approval: 'IN_REVIEW' },
      deal: { id: dealA.id, title: 'Approval deal' },
    });
    expect(doc.draftsAwaitingReview.totalCount).toBe(acmeIds.length);
  });

  it("keeps another tenant's drafts out of nested fields: NOT_FOUND through its deal", async () => {
    const nested = `query($id: ID!) { deal(id: $id) { deliverables { approval drafts { id url } } } }`;
    for (const token of [globex.token, noor.token]) {
      const viaDeal = await t.gql(nested, { id: dealA.id }, token);
      expectError(viaDeal, 'NOT_FOUND');
      expect(viaDeal.data?.deal).toBeNull();
      const direct = await t.gql(ROUNDS, { id: id(dealA, 'A reel') }, token);
      expectError(direct, 'NOT_FOUND');
      expect(direct.data?.deliverable).toBeNull();
    }
    const acmeOnNoor = await t.gql(nested, { id: dealNoor.id }, acme.token);
    expectError(acmeOnNoor, 'NOT_FOUND');
    expect(acmeOnNoor.data?.deal).toBeNull();
    // The parties see the rounds.
    const mine = await t.gqlOk(nested, { id: dealA.id }, acme.token);
    expect(mine.deal.deliverables.map((d: any) => d.drafts.length)).toEqual([3, 0, 1]);
  });

  it('honours an Idempotency-Key on submitDraft: a retried submission is one round', async () => {
    const deliverableId = id(dealCount, 'C video 1');
    const send = (key: string) =>
      t
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${maya.token}`)
        .set('idempotency-key', key)
        .send({ query: SUBMIT, variables: { deliverableId, url: 'https://example.com/c1' } });
    const first = await send('submit-c1');
    const again = await send('submit-c1');
    expect(first.body.data.submitDraft.draft.round).toBe(1);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.data.submitDraft.draft).toEqual(first.body.data.submitDraft.draft);
    const [{ n }] = await t.sql(
      `SELECT count(*)::int AS n FROM deliverable_drafts WHERE deliverable_id = $1`,
      [deliverableId],
    );
    expect(n).toBe(1);
    // The same key on another request is refused, not replayed.
    const other = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${maya.token}`)
      .set('idempotency-key', 'submit-c1')
      .send({ query: SUBMIT, variables: { deliverableId, url: 'https://example.com/other' } });
    expect(JSON.stringify(other.body)).toContain('IDEMPOTENCY_KEY_REUSED');
  });

  it('costs the same number of statements for draftsAwaitingReview at any page size', async () => {
    for (const day of [2, 3, 4, 5]) {
      await submitted(maya.token, {
        deliverableId: id(dealCount, `C video ${day}`),
        url: `https://example.com/c${day}`,
      });
    }
    const NESTED = `query($first: Int) { draftsAwaitingReview(first: $first) {
      edges { node { id round deliverable { title approval drafts { round } } deal { title } } } } }`;
    const counts: number[] = [];
    for (const first of [1, 3, 50]) {
      counts.push(await t.countQueries(() => t.gqlOk(NESTED, { first }, acme.token)));
    }
    const page = await t.gqlOk(NESTED, { first: 50 }, acme.token);
    expect(page.draftsAwaitingReview.edges.length).toBeGreaterThanOrEqual(6);
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
    // The caller's token, the page, the deliverables and their deals (each loader: the access
    // rule, then the rows), and every deliverable's rounds in one.
    expect(counts[0]).toBeLessThanOrEqual(7);
  });

  it('is AT_RISK when the approval is missing approvalLeadHours before the slot, whatever the outages say', async () => {
    const reel = id(dealR, 'R reel'); // 5 March 16:00, 48 h lead: needed by 3 March 16:00
    expect(await risk(maya.token, reel)).toEqual({
      level: 'ON_TRACK',
      explanation: null,
      explanationCode: null,
    });
    expect((await risk(maya.token, reel, '2030-03-03T15:59:59Z')).level).toBe('ON_TRACK');
    expect(await risk(acme.token, reel, '2030-03-03T16:00:00Z')).toEqual({
      level: 'AT_RISK',
      explanation:
        'Approval missing: the brand needs the approved draft by 2030-03-03 16:00 UTC ' +
        '(48 h before the slot at 2030-03-05 16:00 UTC), and no draft has been submitted → AT_RISK.',
      explanationCode: 'APPROVAL_MISSING',
    });

    // The clock passes the lead time: the default asOf says the same.
    clock.set('2030-03-04T00:00:00Z');
    await submitted(maya.token, { deliverableId: reel, url: 'https://example.com/r' });
    const inReview = await risk(maya.token, reel);
    expect(inReview.level).toBe('AT_RISK');
    // The sentence docs/approvals.md quotes.
    expect(inReview.explanation).toBe(
      'Approval missing: the brand needs the approved draft by 2030-03-03 16:00 UTC ' +
        '(48 h before the slot at 2030-03-05 16:00 UTC), and the latest draft is still in review → AT_RISK.',
    );

    // The brand dashboard filters and orders by the same level, with the same sentence.
    const LIST = `query($filter: DeliverableFilter, $orderBy: DeliverableOrder) {
      deliverables(first: 100, filter: $filter, orderBy: $orderBy) {
        nodes { id risk { level explanation } } } }`;
    const list = async (variables: Record<string, unknown>) =>
      (await t.gqlOk(LIST, variables, acme.token)).deliverables.nodes;
    const atRisk = await list({ filter: { riskLevels: ['AT_RISK'] } });
    expect(atRisk.find((n: any) => n.id === reel)?.risk).toEqual({
      level: 'AT_RISK',
      explanation: inReview.explanation,
    });
    const onTrack = await list({ filter: { riskLevels: ['ON_TRACK'] } });
    expect(onTrack.map((n: any) => n.id)).not.toContain(reel);
    const byRisk = await list({ orderBy: { field: 'RISK', direction: 'DESC' } });
    const levels = byRisk.map((n: any) => n.risk.level);
    const position = byRisk.findIndex((n: any) => n.id === reel);
    expect(levels.slice(position + 1)).not.toContain('LOST');
    expect(levels.slice(0, position)).not.toContain('ON_TRACK');

    // A FULL facebook outage makes the FIXED post LOST: worse than AT_RISK, so it stays LOST.
    await t.gqlOk(
      `mutation($input: RecordOutageInput!) { recordOutage(input: $input) { outage { id } } }`,
      {
        input: {
          title: 'Facebook down',
          severity: 'FULL',
          platformSlugs: ['facebook'],
          startsAt: '2030-03-05T15:00:00Z',
          endsAt: '2030-03-05T17:00:00Z',
        },
      },
      admin.token,
    );
    const fixed = await risk(maya.token, id(dealR, 'R fixed'), '2030-03-05T17:00:00Z');
    expect(fixed.level).toBe('LOST');
    expect(fixed.explanationCode).toBe('FIXED_SLOT_MISSED');
    expect(fixed.explanation).not.toContain('Approval missing');

    // Approved: back on track, and out of the AT_RISK list.
    const [latest] = (await rounds(acme.token, reel)).drafts;
    await reviewed(acme.token, { draftId: latest.id, decision: 'APPROVED' });
    expect((await risk(maya.token, reel)).level).toBe('ON_TRACK');
    const after = await list({ filter: { riskLevels: ['AT_RISK'] } });
    expect(after.map((n: any) => n.id)).not.toContain(reel);
  });

  it('refuseUnapprovedPosting: APPROVAL_REQUIRED at input.id unless approved or not required', async () => {
    const refusal = (deliverableId: string, requiresApproval: boolean) =>
      t.dataSource.transaction((manager) =>
        refuseUnapprovedPosting(manager, deliverableId, requiresApproval).then(
          () => null,
          (error: AppError) => ({ code: error.code, ...error.details }),
        ),
      );
    expect(await refusal(id(dealA, 'A post'), true)).toEqual({
      code: 'CONFLICT',
      reason: 'APPROVAL_REQUIRED',
      state: 'IN_REVIEW',
      fields: ['input.id'],
    });
    expect(await refusal(id(dealNoor, 'Launch story'), true)).toMatchObject({
      reason: 'APPROVAL_REQUIRED',
      state: 'AWAITING_DRAFT',
    });
    expect(await refusal(id(dealA, 'A reel'), true)).toBeNull(); // round 3 approved
    expect(await refusal(id(dealPlain, 'Launch reel'), false)).toBeNull();
  });

  it('refuses markDeliverablePosted without the approval (APPROVAL_REQUIRED), writing nothing', async () => {
    const MARK = `mutation($id: ID!) { markDeliverablePosted(input: { id: $id }) {
        userErrors { field code message } deliverable { id status } } }`;
    // A post: its round 1 is still in review.
    const [error] = await refusedWith(
      () => t.gql(MARK, { id: id(dealA, 'A post') }, maya.token),
      'markDeliverablePosted',
      'APPROVAL_REQUIRED',
      'input.id',
    );
    expect(error.message).toContain('IN_REVIEW');
    // Noor's story has no draft at all.
    await refusedWith(
      () => t.gql(MARK, { id: id(dealNoor, 'Launch story') }, noor.token),
      'markDeliverablePosted',
      'APPROVAL_REQUIRED',
      'input.id',
    );
    // Approved, or not required: posted.
    const reel = await t.gqlOk(MARK, { id: id(dealA, 'A reel') }, maya.token);
    expect(reel.markDeliverablePosted.deliverable.status).toBe('POSTED');
    const plain = await t.gqlOk(MARK, { id: id(dealPlain, 'Launch reel') }, maya.token);
    expect(plain.markDeliverablePosted.deliverable.status).toBe('POSTED');
  });
});
