import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { FixedClock } from '../../src/infrastructure/clock';
import { chooseChromium, launchChromium } from '../support/browser';
import { TestApp } from '../support/test-app';
import { seedWorkedExample, type WorkedExample } from '../support/worked-example';

const CHROMIUM = chooseChromium();
export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

const LINK = `query($input: ReportLinkInput!) { reportLink(input: $input) { url expiresAt } }`;
// The app's "now": links expire REPORT_LINK_HOURS (24) after it.
const NOW = '2031-06-01T12:00:00.000Z';

/** The path and query of a minted link, to replay against this test's server. */
function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

describe('report endpoints, signed links and the HTML report in a browser', () => {
  const clock = new FixedClock(NOW);
  let t: TestApp;
  let example: WorkedExample;
  let base: string;

  beforeAll(async () => {
    t = await TestApp.start({}, { clock });
    example = await seedWorkedExample(t);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves each format to a bearer token, scoped to the caller', async () => {
    const csv = await t
      .http()
      .get(`/reports/outages/${example.outageId}.csv`)
      .set('authorization', `Bearer ${example.acme.token}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('attachment');
    // Acme's report has Deal X's two hit deliverables only.
    expect(csv.text).toContain('X reel');
    expect(csv.text).toContain('X story');
    expect(csv.text).not.toContain('Z live');
    expect(csv.text).not.toContain('Y live');

    const globexMarkdown = await t
      .http()
      .get(`/reports/outages/${example.outageId}.md`)
      .set('authorization', `Bearer ${example.globex.token}`);
    expect(globexMarkdown.status).toBe(200);
    expect(globexMarkdown.headers['content-type']).toContain('text/markdown');
    expect(globexMarkdown.text).toContain('Z live');
    expect(globexMarkdown.text).not.toContain('X reel');

    const period = await t
      .http()
      .get('/reports/period.csv')
      .query({ from: '2024-03-01T00:00:00Z', to: '2024-03-31T00:00:00Z' })
      .set('authorization', `Bearer ${example.maya.token}`);
    expect(period.status).toBe(200);
    expect(period.text).toContain('X story');
    expect(period.text).not.toContain('Z live');
  });

  it('answers missing auth, unknown reports and bad parameters with the right status', async () => {
    const anonymous = await t.http().get(`/reports/outages/${example.outageId}.html`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    const bearer = { authorization: `Bearer ${example.acme.token}` };
    expect(
      (await t.http().get('/reports/outages/00000000-0000-4000-8000-000000000000.html').set(bearer))
        .status,
    ).toBe(404);
    expect(
      (await t.http().get(`/reports/outages/${example.outageId}.pdf`).set(bearer)).status,
    ).toBe(404);
    expect((await t.http().get('/reports/outages/not-an-id.csv').set(bearer)).status).toBe(404);
    const noWindow = await t.http().get('/reports/period.csv').set(bearer);
    expect(noWindow.status).toBe(400);
    expect(noWindow.body.error.code).toBe('BAD_USER_INPUT');
  });

  it('opens a signed link without a token, as its minter, and refuses tampered or expired ones', async () => {
    const minted = await t.gqlOk(
      LINK,
      { input: { outageId: example.outageId, format: 'CSV' } },
      example.acme.token,
    );
    const link = minted.reportLink;
    expect(link.expiresAt).toBe('2031-06-02T12:00:00.000Z'); // 24 h after the clock's now

    const opened = await t.http().get(pathOf(link.url));
    expect(opened.status).toBe(200);
    expect(opened.text).toContain('X reel');
    expect(opened.text).not.toContain('Z live');

    // Acme's link with Globex's user id swapped in is not Globex's report: the signature breaks.
    const [globexUser] = await t.sql(`SELECT id FROM users WHERE email = $1`, [
      example.globex.email,
    ]);
    const swapped = new URL(link.url);
    swapped.searchParams.set('u', globexUser.id);
    expect((await t.http().get(pathOf(swapped.toString()))).status).toBe(401);

    const otherFormat = pathOf(link.url).replace('.csv?', '.html?');
    expect((await t.http().get(otherFormat)).status).toBe(401);

    const later = new URL(link.url);
    later.searchParams.set('exp', String(Number(later.searchParams.get('exp')) + 86_400));
    expect((await t.http().get(pathOf(later.toString()))).status).toBe(401);

    // The same link once the clock reaches its expiry; a millisecond earlier it still opens.
    try {
      clock.set(new Date(Date.parse(link.expiresAt) - 1));
      expect((await t.http().get(pathOf(link.url))).status).toBe(200);
      clock.set(link.expiresAt);
      const refused = await t.http().get(pathOf(link.url));
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toBe('This report link has expired');
    } finally {
      clock.set(NOW);
    }

    expect(
      (
        await t.gql(
          LINK,
          { input: { outageId: '00000000-0000-4000-8000-000000000000', format: 'HTML' } },
          example.acme.token,
        )
      ).errors?.[0].extensions?.code,
    ).toBe('NOT_FOUND');
  });

  describe(`in headless Chromium: ${CHROMIUM.label}`, () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchChromium(CHROMIUM);
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('draws one timeline row per affected deliverable, the outage band and a legend', async () => {
      const minted = await t.gqlOk(
        LINK,
        { input: { outageId: example.outageId, format: 'HTML' } },
        example.admin.token,
      );
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const response = await page.goto(`${base}${pathOf(minted.reportLink.url)}`);
      expect(response?.status()).toBe(200);

      const impact = await t.gqlOk(
        `query($id: ID!) { outageImpact(outageId: $id) { deliverables(first: 100) { totalCount edges { node { outcome deliverable { id } } } } } }`,
        { id: example.outageId },
        example.admin.token,
      );
      const expected = impact.outageImpact.deliverables.edges.map((edge: any) => [
        edge.node.deliverable.id,
        edge.node.outcome,
      ]);
      expect(expected).toHaveLength(4);

      const rows = await page.$$eval('svg#timeline g.timeline-row', (nodes) =>
        nodes.map((node) => [
          node.getAttribute('data-deliverable-id'),
          node.getAttribute('data-outcome'),
        ]),
      );
      expect(rows.sort()).toEqual(expected.sort());
      expect(await page.locator('svg#timeline g.outage-band').count()).toBe(1);
      const legend = await page.locator('svg#timeline #timeline-legend').textContent();
      for (const outcome of ['LOST', 'LATE', 'DELAYED', 'RECOVERABLE'])
        expect(legend).toContain(outcome);
      // The axis is labelled in UTC.
      expect(await page.locator('svg#timeline').textContent()).toContain('UTC');

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'outage-report.png'), fullPage: true });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.byteLength).toBeGreaterThan(1000);
      await page.close();
    });
  });
});
