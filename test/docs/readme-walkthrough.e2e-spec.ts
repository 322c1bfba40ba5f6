import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TestApp } from '../support/test-app';

const run = promisify(execFile);

/** The first ```bash block after `heading` in the README, as a user would copy it. */
function bashBlockAfter(heading: string): string {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThan(-1);
  const open = readme.indexOf('```bash\n', start);
  const close = readme.indexOf('\n```', open + 8);
  return readme.slice(open + 8, close);
}

/** The top-level JSON objects in `text`, in order, however they are separated. */
function jsonValuesIn(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') {
      if (depth === 0) start = index;
      depth += 1;
    } else if (char === '}') {
      depth -= 1;
      if (depth === 0) values.push(JSON.parse(text.slice(start, index + 1)));
    }
  }
  return values;
}

describe('the README walkthrough, run as written', () => {
  let t: TestApp;
  let answers: any[];

  beforeAll(async () => {
    t = await TestApp.start();
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const script = bashBlockAfter('## A walkthrough').replaceAll(
      'http://localhost:3000',
      `http://127.0.0.1:${port}`,
    );
    // `set -e`: a step that fails (pick exits 1 on GraphQL errors) fails the walkthrough.
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], {
      timeout: 60_000,
    });
    // Every step that is not captured into a variable prints one JSON answer (curl adds no
    // newline, so they follow each other on one line).
    answers = jsonValuesIn(stdout);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers every printed step without errors', () => {
    expect(answers).toHaveLength(9); // steps 3, 4, 6, 7, 8, 9 (twice), 10 and 11
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(answers[0].data.acceptBrandInvitation).toEqual({
      brand: { name: 'Acme Sportswear' },
      userErrors: [],
    });
    expect(answers[5].data.recordPayment.userErrors).toEqual([]);
    expect(answers[7].data.updateDeal.userErrors).toEqual([]);
  });

  it('shows the brand its deliverables and what the outage cost', () => {
    const [, deliverables, impact] = answers.map((answer) => answer.data);
    expect(deliverables.deliverables.totalCount).toBe(2);
    const outcomes = Object.fromEntries(
      impact.outageImpact.deliverables.edges.map((edge: any) => [
        edge.node.deliverable.title,
        edge.node.outcome,
      ]),
    );
    expect(outcomes).toEqual({ 'Launch reel': 'DELAYED', 'Launch live': 'LOST' });
    expect(impact.outageImpact.totals).toEqual([
      expect.objectContaining({
        currency: 'USD',
        delayed: { amount: '800.00' },
        lost: { amount: '800.00' },
        platformIncomeLost: null,
      }),
    ]);
  });

  it('judges risk as of the afternoon and as of today, as the text after it says', () => {
    const deal = answers[3].data.deal;
    const levels = Object.fromEntries(
      deal.deliverables.map((d: any) => [d.title, [d.risk.level, d.today.level]]),
    );
    expect(levels).toEqual({
      'Launch reel': ['DELAYED', 'OVERDUE'],
      'Launch live': ['LOST', 'LOST'],
    });
    // At 16:00 Meta's recorded outage (until 17:20) was not over yet.
    for (const d of deal.deliverables) expect(d.risk.provisional).toBe(true);
    expect(deal.impact).toEqual([
      { currency: 'USD', delayed: { amount: '800.00' }, lost: { amount: '800.00' } },
    ]);
  });

  it('shows the forecast the outage moved, before and after the payment, as the text says', () => {
    const before = answers[4].data.cashflow;
    expect(before.map((row: any) => row.bucketStart.slice(0, 7))).toEqual([
      '2024-03',
      '2024-04',
      '2024-05',
    ]);
    expect(before[1]).toEqual({
      bucketStart: '2024-04-01T00:00:00.000Z',
      currency: 'USD',
      expectedAsContracted: { amount: '1600.00' },
      expectedAfterOutages: { amount: '800.00' },
      movedByOutages: { amount: '800.00' },
      received: { amount: '0.00' },
      overdue: { amount: '0.00' },
    });
    expect(answers[5].data.recordPayment.payment.allocations).toEqual([
      { amount: { amount: '800.00' } },
    ]);
    const after = answers[6].data;
    expect(after.deal.receivables).toEqual([
      expect.objectContaining({
        deliverable: { title: 'Launch reel' },
        status: 'PAID',
        owed: { amount: '800.00' },
      }),
    ]);
    expect(after.cashflow).toEqual([
      {
        currency: 'USD',
        expectedAfterOutages: { amount: '800.00' },
        received: { amount: '800.00' },
      },
    ]);
  });

  it("moves tomorrow's video as the engine proposed once the brand accepts, as the text says", () => {
    const { proposal, userErrors } = answers[8].data.respondToReschedule;
    expect(userErrors).toEqual([]);
    const day = new Date(Date.now() + 864e5).toISOString().slice(0, 10);
    expect(proposal).toEqual({
      state: 'ACCEPTED',
      // YouTube is back at 18:00; the half hour the video had to its deadline moves with it.
      proposed: { scheduledAt: `${day}T18:00:00.000Z`, dueAt: `${day}T18:30:00.000Z` },
      // One started day late: 2.5 % of 200.00.
      atStake: {
        now: { outcome: 'LATE', lost: { amount: '5.00' } },
        ifAccepted: { outcome: 'ON_TRACK' },
      },
      deliverable: {
        risk: { level: 'ON_TRACK' },
        deal: { impact: [{ lost: { amount: '0.00' } }] },
      },
    });
  });

  it('saves both on YouTube once the deal allows it', () => {
    const deliverables = answers[7].data.updateDeal.deal.deliverables;
    expect(
      deliverables.map((d: any) => [d.title, d.risk.level, d.risk.suggestedPlatform?.slug]),
    ).toEqual(
      expect.arrayContaining([
        ['Launch reel', 'RECOVERABLE', 'youtube'],
        ['Launch live', 'RECOVERABLE', 'youtube'],
      ]),
    );
  });
});
