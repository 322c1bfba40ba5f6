import { FixedClock } from '../../src/infrastructure/clock';
import { expectError } from '../support/errors';
import { TestApp } from '../support/test-app';
import { seedWorkedExample, type WorkedExample } from '../support/worked-example';

/**
 * Reschedule proposals on the worked example (Meta down 5 March 2024 15:00–17:20 UTC), at 15:10
 * while the outage runs. Maya's X story (Facebook, 15:30, due 16:30, 400.00 USD, 2.5 %/day late)
 * is LATE by the outage: the engine suggests 17:20, when Facebook is back.
 */
const DURING = '2024-03-05T15:10:00.000Z';

const PROPOSAL = `id state note responseNote outageIds proposedAt closedAt
  original { platformSlug scheduledAt dueAt } proposed { platformSlug scheduledAt dueAt }
  atStake { saved { amount currency }
    now { outcome delayed { amount } lost { amount } delayMinutes }
    ifAccepted { outcome delayed { amount } lost { amount } delayMinutes } }
  deliverable { title } deal { title }`;

const PROPOSE = `mutation($input: ProposeRescheduleInput!) { proposeReschedule(input: $input) {
  userErrors { field code message } proposal { ${PROPOSAL} } } }`;
const RESPOND = `mutation($input: RespondToRescheduleInput!) { respondToReschedule(input: $input) {
  userErrors { field code message } proposal { ${PROPOSAL} } } }`;
const WITHDRAW = `mutation($input: WithdrawRescheduleInput!) { withdrawReschedule(input: $input) {
  userErrors { field code message } proposal { id state } } }`;

describe('reschedule proposals', () => {
  let t: TestApp;
  let w: WorkedExample;
  const clock = new FixedClock(DURING);
  let ids: Record<string, string>;
  let dealX: string;

  const deliverable = (id: string, token: string) =>
    t.gql(
      `query($id: ID!) { deliverable(id: $id) { version scheduledAt dueAt platform { slug }
        risk { level } rescheduleProposals { id state } } }`,
      { id },
      token,
    );

  async function proposalCount(): Promise<number> {
    const [row] = await t.sql(`SELECT count(*)::int AS n FROM reschedule_proposals`);
    return row.n;
  }

  beforeAll(async () => {
    t = await TestApp.start({}, { clock });
    w = await seedWorkedExample(t);
    const deals = await t.gqlOk(
      `{ deals(first: 10) { nodes { id title deliverables { id title } } } }`,
      {},
      w.maya.token,
    );
    const x = deals.deals.nodes.find((d: any) => d.title === 'Deal X');
    dealX = x.id;
    ids = Object.fromEntries(x.deliverables.map((d: any) => [d.title, d.id]));
  });
  afterAll(async () => {
    await t?.close();
  });

  it("proposes the engine's suggestion with the money at stake; accepted, the move is the new contract and not late", async () => {
    const before = (await deliverable(ids['X story'], w.acme.token)).data!.deliverable;
    expect(before.risk.level).toBe('LATE');

    const proposed = await t.gqlOk(
      PROPOSE,
      { input: { deliverableId: ids['X story'], note: 'Facebook is back at 17:20' } },
      w.maya.token,
    );
    const proposal = proposed.proposeReschedule.proposal;
    expect(proposal).toMatchObject({
      state: 'OPEN',
      note: 'Facebook is back at 17:20',
      outageIds: [w.outageId],
      original: {
        platformSlug: 'facebook',
        scheduledAt: '2024-03-05T15:30:00.000Z',
        dueAt: '2024-03-05T16:30:00.000Z',
      },
      // The next free instant, and the deadline moved as much (the hour the story had).
      proposed: {
        platformSlug: 'facebook',
        scheduledAt: '2024-03-05T17:20:00.000Z',
        dueAt: '2024-03-05T18:20:00.000Z',
      },
      atStake: {
        saved: { amount: '10.00', currency: 'USD' },
        now: { outcome: 'LATE', lost: { amount: '10.00' }, delayed: { amount: '390.00' } },
        ifAccepted: { outcome: 'ON_TRACK', lost: { amount: '0.00' } },
      },
      deliverable: { title: 'X story' },
      deal: { title: 'Deal X' },
    });

    // The brand sees it, on the deliverable and in its list.
    const listed = await t.gqlOk(
      `{ rescheduleProposals(first: 10, filter: { state: [OPEN] }) { totalCount nodes { id } } }`,
      {},
      w.acme.token,
    );
    expect(listed.rescheduleProposals.nodes).toEqual([{ id: proposal.id }]);

    // The outage report lists the proposal's state beside the deliverable (once accepted, the
    // story runs after the outage and leaves the report).
    const report = await t.gqlOk(
      `query($id: ID!) { outageReport(outageId: $id) { deliverables(first: 20) {
        nodes { deliverable { title } rescheduleProposal { state } } } } }`,
      { id: w.outageId },
      w.acme.token,
    );
    const states = Object.fromEntries(
      report.outageReport.deliverables.nodes.map((n: any) => [
        n.deliverable.title,
        n.rescheduleProposal?.state ?? null,
      ]),
    );
    expect(states).toMatchObject({ 'X story': 'OPEN', 'X reel': null });
    const accepted = await t.gqlOk(
      RESPOND,
      { input: { proposalId: proposal.id, decision: 'ACCEPT', note: 'Fine by us' } },
      w.acme.token,
    );
    expect(accepted.respondToReschedule.proposal).toMatchObject({
      state: 'ACCEPTED',
      responseNote: 'Fine by us',
      closedAt: DURING,
    });
    const after = (await deliverable(ids['X story'], w.maya.token)).data!.deliverable;
    expect(after).toMatchObject({
      version: before.version + 1,
      scheduledAt: '2024-03-05T17:20:00.000Z',
      dueAt: '2024-03-05T18:20:00.000Z',
      // The agreed slot is after the outage and before the agreed deadline: nothing is late.
      risk: { level: 'ON_TRACK' },
      rescheduleProposals: [{ id: proposal.id, state: 'ACCEPTED' }],
    });
    // What the outage takes from the deal no longer includes the story's penalty.
    const impact = await t.gqlOk(
      `query($id: ID!) { deal(id: $id) { impact { currency lost { amount } } } }`,
      { id: dealX },
      w.maya.token,
    );
    expect(impact.deal.impact).toEqual([{ currency: 'USD', lost: { amount: '0.00' } }]);
    // Both parties' feeds and webhooks hear of it; the audit trail has both steps.
    const events = await t.sql(
      `SELECT type FROM webhook_events WHERE deal_id = $1 AND type LIKE 'reschedule.%' ORDER BY seq`,
      [dealX],
    );
    expect(events.map((e: any) => e.type)).toEqual(['reschedule.proposed', 'reschedule.accepted']);
    // The move is in the deliverable's audit trail like any edit (the calendar's SEQUENCE counts
    // these), after the proposal's own entry.
    const trail = await t.gqlOk(
      `query($id: ID!) { auditTrail(entityId: $id, first: 20) { nodes { operation changes { field } } } }`,
      { id: ids['X story'] },
      w.maya.token,
    );
    const entries = trail.auditTrail.nodes.map((n: any) => [
      n.operation,
      n.changes.map((c: any) => c.field).sort(),
    ]);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['proposeReschedule', ['reschedule.proposed', 'reschedule.state']],
        ['respondToReschedule', ['dueAt', 'scheduledAt']],
        ['respondToReschedule', ['reschedule.state']],
      ]),
    );
    const moved = await t.sql(
      `SELECT count(*)::int AS n FROM webhook_events WHERE deliverable_id = $1 AND type = 'deliverable.moved'`,
      [ids['X story']],
    );
    expect(moved[0].n).toBe(1);
  });

  it('refuses bad proposals with their code and field, writing nothing', async () => {
    const before = await proposalCount();
    const cases: Array<[Record<string, unknown>, string, string[]]> = [
      [{ scheduledAt: '2024-03-05T15:00:00Z' }, 'SLOT_IN_PAST', ['input', 'scheduledAt']],
      [
        { scheduledAt: '2024-03-06T10:00:00Z', dueAt: '2024-03-06T09:00:00Z' },
        'DEADLINE_BEFORE_PROPOSED_SLOT',
        ['input', 'dueAt'],
      ],
      [{ platformSlug: 'myspace' }, 'UNKNOWN_PLATFORM', ['input', 'platformSlug']],
      [{ platformSlug: 'youtube' }, 'PLATFORM_NOT_ALLOWED', ['input', 'platformSlug']],
      [{ note: 'x'.repeat(2001) }, 'VALIDATION_FAILED', ['input', 'note']],
    ];
    for (const [change, code, field] of cases) {
      const answer = await t.gql(
        PROPOSE,
        { input: { deliverableId: ids['X reel'], ...change } },
        w.maya.token,
      );
      const refused = answer.data?.proposeReschedule?.userErrors ?? answer.errors;
      expect({ code, refused }).toEqual({
        code,
        refused: [expect.objectContaining({ code, field })],
      });
    }
    // A NUL character is refused before the resolver runs, as everywhere.
    const nul = await t.gql(
      PROPOSE,
      { input: { deliverableId: ids['X reel'], note: 'a\u0000b' } },
      w.maya.token,
    );
    expectError(nul, 'BAD_USER_INPUT', ['input.note']);
    expect(nul.errors?.[0].extensions?.reason).toBe('INVALID_CHARACTER');
    // TikTok is not hit: there is nothing to suggest, a slot must be given.
    const short = await t.gql(PROPOSE, { input: { deliverableId: ids['X short'] } }, w.maya.token);
    expect(short.data?.proposeReschedule.userErrors).toEqual([
      expect.objectContaining({ code: 'NOTHING_TO_SUGGEST', field: ['input', 'scheduledAt'] }),
    ]);
    expect(await proposalCount()).toBe(before);
  });

  it('keeps one open proposal per deliverable; the creator withdraws, a closed one cannot be answered', async () => {
    const first = await t.gqlOk(PROPOSE, { input: { deliverableId: ids['X reel'] } }, w.maya.token);
    const proposalId = first.proposeReschedule.proposal.id;
    const second = await t.gql(PROPOSE, { input: { deliverableId: ids['X reel'] } }, w.maya.token);
    expect(second.data?.proposeReschedule.userErrors).toEqual([
      expect.objectContaining({ code: 'PROPOSAL_ALREADY_OPEN' }),
    ]);

    // Only the brand answers: the creator is refused, another brand does not see it.
    expectError(
      await t.gql(RESPOND, { input: { proposalId, decision: 'ACCEPT' } }, w.maya.token),
      'FORBIDDEN',
    );
    expectError(
      await t.gql(RESPOND, { input: { proposalId, decision: 'ACCEPT' } }, w.globex.token),
      'NOT_FOUND',
    );
    expectError(await t.gql(WITHDRAW, { input: { proposalId } }, w.noor.token), 'NOT_FOUND');

    const withdrawn = await t.gqlOk(WITHDRAW, { input: { proposalId } }, w.maya.token);
    expect(withdrawn.withdrawReschedule.proposal).toEqual({ id: proposalId, state: 'WITHDRAWN' });
    const late = await t.gql(RESPOND, { input: { proposalId, decision: 'ACCEPT' } }, w.acme.token);
    expect(late.data?.respondToReschedule.userErrors).toEqual([
      expect.objectContaining({ code: 'PROPOSAL_CLOSED', field: ['input', 'proposalId'] }),
    ]);
    const reel = (await deliverable(ids['X reel'], w.maya.token)).data!.deliverable;
    expect(reel.scheduledAt).toBe('2024-03-05T16:00:00.000Z');
  });

  it('declines (nothing moves), refuses a stale proposal, and expires at the original deadline', async () => {
    const declined = await t.gqlOk(
      PROPOSE,
      { input: { deliverableId: ids['X reel'] } },
      w.maya.token,
    );
    const answer = await t.gqlOk(
      RESPOND,
      { input: { proposalId: declined.proposeReschedule.proposal.id, decision: 'DECLINE' } },
      w.acme.token,
    );
    expect(answer.respondToReschedule.proposal.state).toBe('DECLINED');
    const reel = (await deliverable(ids['X reel'], w.maya.token)).data!.deliverable;
    expect(reel).toMatchObject({
      scheduledAt: '2024-03-05T16:00:00.000Z',
      risk: { level: 'DELAYED' },
    });

    // Moved by the creator after proposing: the proposal no longer describes the deliverable.
    const stale = await t.gqlOk(PROPOSE, { input: { deliverableId: ids['X reel'] } }, w.maya.token);
    await t.gqlOk(
      `mutation($id: ID!) { updateDeliverable(input: { id: $id, dueAt: "2024-03-05T19:00:00Z" }) { deliverable { id } } }`,
      { id: ids['X reel'] },
      w.maya.token,
    );
    const refused = await t.gql(
      RESPOND,
      { input: { proposalId: stale.proposeReschedule.proposal.id, decision: 'ACCEPT' } },
      w.acme.token,
    );
    expect(refused.data?.respondToReschedule.userErrors).toEqual([
      expect.objectContaining({ code: 'PROPOSAL_STALE' }),
    ]);
    await t.gqlOk(
      WITHDRAW,
      { input: { proposalId: stale.proposeReschedule.proposal.id } },
      w.maya.token,
    );

    const open = await t.gqlOk(PROPOSE, { input: { deliverableId: ids['X reel'] } }, w.maya.token);
    clock.set('2024-03-05T19:00:00Z'); // the reel's deadline
    try {
      const expired = await t.gql(
        RESPOND,
        { input: { proposalId: open.proposeReschedule.proposal.id, decision: 'ACCEPT' } },
        w.acme.token,
      );
      expect(expired.data?.respondToReschedule.userErrors).toEqual([
        expect.objectContaining({ code: 'PROPOSAL_CLOSED' }),
      ]);
      const listed = await t.gqlOk(
        `{ rescheduleProposals(first: 20, filter: { state: [EXPIRED] }) { nodes { id } } }`,
        {},
        w.maya.token,
      );
      expect(listed.rescheduleProposals.nodes).toEqual([
        { id: open.proposeReschedule.proposal.id },
      ]);
    } finally {
      clock.set(DURING);
    }
  });

  it('keeps proposals inside the tenancy, at the root and nested', async () => {
    const globex = await t.gqlOk(
      `{ rescheduleProposals(first: 50) { totalCount nodes { deal { title } } } }`,
      {},
      w.globex.token,
    );
    expect(globex.rescheduleProposals.totalCount).toBe(0);
    const noor = await t.gqlOk(
      `{ rescheduleProposals(first: 50) { totalCount } }`,
      {},
      w.noor.token,
    );
    expect(noor.rescheduleProposals.totalCount).toBe(0);
    const admin = await t.gqlOk(
      `{ rescheduleProposals(first: 50) { totalCount } }`,
      {},
      w.admin.token,
    );
    expect(admin.rescheduleProposals.totalCount).toBeGreaterThan(0);
    expectError(
      await t.gql(
        `query($id: ID!) { deliverable(id: $id) { rescheduleProposals { id } } }`,
        { id: ids['X story'] },
        w.globex.token,
      ),
      'NOT_FOUND',
    );
    // A brand may not propose: writes on deliverables are the creator's.
    expectError(
      await t.gql(PROPOSE, { input: { deliverableId: ids['X reel'] } }, w.acme.token),
      'FORBIDDEN',
    );
  });
});
