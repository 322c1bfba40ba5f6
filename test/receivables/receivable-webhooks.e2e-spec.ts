import { ReceivableOverdueScanner } from '../../src/receivables/overdue-scanner';
import { verifyDealLedgerSignature } from '../../src/webhooks/signing';
import { WebhookWorker } from '../../src/webhooks/webhook-worker';
import {
  createDeal,
  inviteBrandUser,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';
import { Receiver, type Received } from '../support/webhook-receiver';

const CREATE = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { userErrors { field code message } secret webhook { id events } } }`;
const PAY = `mutation($input: RecordPaymentInput!) {
  recordPayment(input: $input) { userErrors { field code message } payment { id } } }`;
const POSTED = `mutation($input: MarkDeliverablePostedInput!) {
  markDeliverablePosted(input: $input) { userErrors { field code message } deliverable { id } } }`;
const MONEY_EVENTS = ['PAYMENT_RECORDED', 'RECEIVABLE_OVERDUE'];
const NOTE = 'PRIVATE-NOTE: they always pay late';
const WAIT_MS = 15_000;
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe('payment.recorded and receivable.overdue webhooks', () => {
  const receiver = new Receiver();
  let t: TestApp;
  let admin: Account;
  let cara: Account;
  let noor: Account;
  let acme: Account;
  let other: Account & { brandId: string | null };
  let caraDeal: any;
  let noorDeal: any;
  const secrets: Record<string, string> = {};

  const subscribe = async (account: Account, path: string, brandId?: string | null) => {
    const data = await t.gqlOk(
      CREATE,
      { input: { url: `${receiver.url}${path}`, events: MONEY_EVENTS, brandId } },
      account.token,
    );
    expect(data.createWebhook.webhook.events).toEqual(MONEY_EVENTS);
    secrets[path] = data.createWebhook.secret;
  };
  /** Worker passes until nothing is left to expand or send (the worker is off: driven by hand). */
  const drain = async () => {
    const worker = t.app.get(WebhookWorker);
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      await worker.runOnce();
      const [{ pending }] = await t.sql(
        `SELECT (SELECT count(*) FROM webhook_events WHERE fanned_out_at IS NULL)
              + (SELECT count(*) FROM webhook_deliveries WHERE status = 'PENDING') AS pending`,
      );
      if (Number(pending) === 0) return;
      if (Date.now() > deadline) throw new Error('Timed out waiting for webhook deliveries');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const pay = (account: Account, dealId: string, amount: string) =>
    t.gqlOk(
      PAY,
      {
        input: {
          dealId,
          amount: { amount, currency: 'USD' },
          receivedAt: daysAgo(1),
          reference: 'INV-41',
          note: NOTE,
        },
      },
      account.token,
    );
  const expectSigned = (received: Received) => {
    expect(
      verifyDealLedgerSignature(
        secrets[received.path],
        received.raw,
        received.headers['deal-ledger-timestamp'] as string,
        received.headers['deal-ledger-signature'] as string,
      ),
    ).toBe(true);
  };

  beforeAll(async () => {
    await receiver.start();
    // The overdue scan is driven by hand below.
    t = await TestApp.start({ RECEIVABLES_OVERDUE_SCAN_SECONDS: '0' });
    admin = await signUpAdmin(t);
    cara = await signUpCreator(t, { displayName: 'Cara' });
    noor = await signUpCreator(t, { displayName: 'Noor' });
    caraDeal = await createDeal(t, cara.token, {
      brandName: 'Acme Sportswear',
      totalFee: '950.00',
      deliverables: [
        {
          platformSlug: 'youtube',
          kind: 'VIDEO',
          title: 'Review',
          // Posted on time 39.5 days ago, net 30 days: due 9.5 days ago (10 started days).
          scheduledAt: daysAgo(41),
          dueAt: daysAgo(39),
          fee: '950.00',
        },
      ],
    });
    acme = await inviteBrandUser(t, cara.token, caraDeal.brand.id);
    noorDeal = await createDeal(t, noor.token, { brandName: 'Globex', title: 'Globex push' });
    other = await signUpBrand(t, 'Other Co');

    await subscribe(cara, '/cara');
    await subscribe(noor, '/noor');
    await subscribe(acme, '/acme', caraDeal.brand.id);
    await subscribe(other, '/other', other.brandId);
    // An administrator's own endpoint hears of its own deals only, like any creator's.
    await subscribe(admin, '/admin');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  it("delivers payment.recorded once to the deal's creator and its brand's members, never the note", async () => {
    const paymentId = (await pay(cara, caraDeal.id, '250.00')).recordPayment.payment.id;
    await drain();

    for (const path of ['/cara', '/acme']) {
      const [delivery, ...more] = receiver.at(path, 'payment.recorded');
      expect(more).toHaveLength(0);
      expectSigned(delivery);
      expect(delivery.body.data).toEqual({
        payment: {
          id: paymentId,
          dealId: caraDeal.id,
          kind: 'PAYMENT',
          amount: '250.00',
          currency: 'USD',
          receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          reference: 'INV-41',
          receivableIds: [],
          reversesPaymentId: null,
        },
      });
    }
    // One event, the same id for both parties.
    expect(receiver.at('/cara', 'payment.recorded')[0].body.id).toBe(
      receiver.at('/acme', 'payment.recorded')[0].body.id,
    );
    // Another creator, another brand and an administrator hear nothing of it.
    for (const path of ['/noor', '/other', '/admin']) {
      expect(receiver.at(path, 'payment.recorded')).toHaveLength(0);
    }
    // The creator's note is in no body sent or stored.
    expect(receiver.received.some((r) => r.raw.includes('PRIVATE-NOTE'))).toBe(false);
    const stored = await t.sql(
      `SELECT body FROM webhook_deliveries WHERE body LIKE '%PRIVATE-NOTE%'`,
    );
    expect(stored).toHaveLength(0);
  });

  it("keeps another creator's payment to that creator and that deal's brand", async () => {
    await pay(noor, noorDeal.id, '100.00');
    await drain();
    const [delivery, ...more] = receiver.at('/noor', 'payment.recorded');
    expect(more).toHaveLength(0);
    expect(delivery.body.data.payment).toMatchObject({ dealId: noorDeal.id, amount: '100.00' });
    // Cara and Acme still have their one delivery each, of Cara's deal.
    for (const path of ['/cara', '/acme']) {
      expect(receiver.at(path, 'payment.recorded').map((r) => r.body.data.payment.dealId)).toEqual([
        caraDeal.id,
      ]);
    }
    expect(receiver.at('/other', 'payment.recorded')).toHaveLength(0);
    expect(receiver.at('/admin', 'payment.recorded')).toHaveLength(0);
  });

  it('tells the same parties of a reversal, naming the entry it cancels', async () => {
    const paymentId = (await pay(noor, noorDeal.id, '5.00')).recordPayment.payment.id;
    await t.gqlOk(
      `mutation($input: ReversePaymentInput!) { reversePayment(input: $input) {
        userErrors { code } reversal { id } } }`,
      { input: { paymentId, reason: 'keyed twice' } },
      noor.token,
    );
    await drain();
    const reversals = receiver
      .at('/noor', 'payment.recorded')
      .map((r) => r.body.data.payment)
      .filter((payment) => payment.kind === 'REVERSAL');
    expect(reversals).toEqual([
      expect.objectContaining({
        reversesPaymentId: paymentId,
        amount: '5.00',
        dealId: noorDeal.id,
      }),
    ]);
    expect(receiver.received.some((r) => r.raw.includes('keyed twice'))).toBe(false);
    expect(receiver.at('/cara', 'payment.recorded')).toHaveLength(1);
  });

  it('delivers receivable.overdue from the scan to the same parties, once', async () => {
    const review = caraDeal.deliverables[0].id;
    await t.gqlOk(POSTED, { input: { id: review, postedAt: daysAgo(39.5) } }, cara.token);
    const scanner = t.app.get(ReceivableOverdueScanner);
    expect(await scanner.scanOnce()).toBe(1);
    expect(await scanner.scanOnce()).toBe(0);
    await drain();

    for (const path of ['/cara', '/acme']) {
      const [delivery, ...more] = receiver.at(path, 'receivable.overdue');
      expect(more).toHaveLength(0);
      expectSigned(delivery);
      expect(delivery.body.data).toEqual({
        receivable: {
          id: review,
          kind: 'DELIVERABLE',
          dealId: caraDeal.id,
          deliverableId: review,
          currency: 'USD',
          owed: '950.00',
          // 950.00 owed − the 250.00 paid above
          open: '700.00',
          dueAt: expect.stringMatching(/Z$/),
          daysOverdue: 10,
        },
      });
    }
    for (const path of ['/noor', '/other', '/admin']) {
      expect(receiver.at(path, 'receivable.overdue')).toHaveLength(0);
    }
  });
});
