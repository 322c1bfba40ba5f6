import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { CashflowRow } from '../../src/impact/engine';
import { renderCashflowReport, renderReport } from '../../src/reports/render';
import type { CashflowReportModel, ReportCashflow } from '../../src/reports/report.model';
import { workedExampleReport } from '../../src/reports/report.fixtures';
import { chooseChromium, launchChromium } from '../support/browser';

// The cash-flow charts in a real browser, without the app: the renderer's HTML is served with the
// headers the reports controller sends, so a chart needing a script or an external resource would
// be refused by the CSP and show up as a console error here.
const CHROMIUM = chooseChromium();
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'X-Content-Type-Options': 'nosniff',
  // As src/reports/reports.controller.ts sends it.
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
};

const SERIES = ['AS_CONTRACTED', 'AFTER_OUTAGES', 'RECEIVED', 'OVERDUE'];
const LEGEND = ['As contracted', 'After outages', 'Received', 'Overdue'];

function week(monday: string, currency: string, amounts: [bigint, bigint, bigint, bigint]) {
  const start = new Date(`${monday}T00:00:00Z`);
  const [expectedAsContracted, expectedAfterOutages, received, overdue] = amounts;
  return {
    bucketStart: start,
    bucketEnd: new Date(start.getTime() + 7 * 24 * 3_600_000),
    currency,
    expectedAsContracted,
    expectedAfterOutages,
    received,
    overdue,
  } satisfies CashflowRow;
}

// Four weeks in EUR and USD (minor units). The EUR week of 03-18 is zero everywhere; an outage
// moved 400.00 USD from the week of 03-04 to that of 03-11.
const CASHFLOW: ReportCashflow = {
  bucket: 'WEEK',
  from: new Date('2024-03-04T00:00:00Z'),
  to: new Date('2024-04-01T00:00:00Z'),
  rows: [
    week('2024-03-04', 'EUR', [50000n, 50000n, 20000n, 0n]),
    week('2024-03-11', 'EUR', [80000n, 60000n, 0n, 10000n]),
    week('2024-03-18', 'EUR', [0n, 0n, 0n, 0n]),
    week('2024-03-25', 'EUR', [0n, 20000n, 30000n, 0n]),
    week('2024-03-04', 'USD', [160000n, 120000n, 0n, 0n]),
    week('2024-03-11', 'USD', [0n, 40000n, 100000n, 0n]),
    week('2024-03-18', 'USD', [30000n, 30000n, 0n, 30000n]),
    week('2024-03-25', 'USD', [0n, 0n, 5000n, 0n]),
  ],
};

const MODEL: CashflowReportModel = {
  title: 'Cash flow, March 2024 <weekly>',
  kind: 'CASHFLOW',
  generatedAt: new Date('2024-03-06T09:00:00Z'),
  asOf: new Date('2024-03-06T00:00:00Z'),
  viewer: { role: 'ADMIN', description: 'admin view', seesPlatformIncome: true },
  cashflow: CASHFLOW,
};

interface DrawnBar {
  bucket: string;
  series: string;
  amount: string;
  height: number;
}

/** Each bar of one currency's chart as the browser lays it out. */
function drawnBars(page: Page, currency: string): Promise<DrawnBar[]> {
  return page.$$eval(`svg.cashflow-chart[data-currency="${currency}"] [data-series]`, (nodes) =>
    nodes.map((node) => ({
      bucket: node.getAttribute('data-bucket') ?? '',
      series: node.getAttribute('data-series') ?? '',
      amount: node.getAttribute('data-amount') ?? '',
      height: node.getBoundingClientRect().height,
    })),
  );
}

describe(`the cash-flow charts in headless Chromium: ${CHROMIUM.label}`, () => {
  const pages = new Map<string, string>();
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    pages.set('/cashflow.html', renderCashflowReport(MODEL, 'html'));
    pages.set(
      '/outage.html',
      renderReport({ ...workedExampleReport(), cashflow: CASHFLOW }, 'html'),
    );
    server = createServer((request, response) => {
      const body = pages.get(request.url ?? '');
      if (body === undefined) response.writeHead(404).end();
      else response.writeHead(200, HEADERS).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium(CHROMIUM);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  /** Opens a page, recording console errors, page errors and every request beyond the page. */
  async function open(path: string) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    const response = await page.goto(`${base}${path}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toBe(HEADERS['Content-Security-Policy']);
    return { page, problems, requests };
  }

  it('draws a group of four bars per bucket and currency, heights following the amounts', async () => {
    const { page, problems, requests } = await open('/cashflow.html');

    const currencies = await page.$$eval('svg.cashflow-chart', (nodes) =>
      nodes.map((node) => node.getAttribute('data-currency')),
    );
    expect(currencies).toEqual(['EUR', 'USD']);

    for (const currency of ['EUR', 'USD']) {
      const expected = CASHFLOW.rows.filter((row) => row.currency === currency);
      const groups = page.locator(
        `svg.cashflow-chart[data-currency="${currency}"] g.cashflow-bucket[data-currency="${currency}"]`,
      );
      expect(await groups.count()).toBe(expected.length);

      const bars = await drawnBars(page, currency);
      expect(bars).toHaveLength(expected.length * 4); // buckets × series
      expect(bars.map((bar) => `${bar.bucket} ${bar.series}`)).toEqual(
        expected.flatMap((row) =>
          SERIES.map((series) => `${row.bucketStart.toISOString().slice(0, 10)} ${series}`),
        ),
      );
      for (const bar of bars) {
        if (Number(bar.amount) > 0) expect(bar.height).toBeGreaterThan(0);
        else expect(bar.height).toBe(0);
      }
      // A bigger amount is a taller bar, within one currency's axis.
      const byAmount = [...bars].sort((a, b) => Number(a.amount) - Number(b.amount));
      for (let i = 1; i < byAmount.length; i++) {
        if (Number(byAmount[i].amount) > Number(byAmount[i - 1].amount))
          expect(byAmount[i].height).toBeGreaterThan(byAmount[i - 1].height);
      }
    }

    // The zero week still has its group, of four empty bars.
    const zeroWeek = (await drawnBars(page, 'EUR')).filter((bar) => bar.bucket === '2024-03-18');
    expect(zeroWeek.map((bar) => bar.height)).toEqual([0, 0, 0, 0]);

    // The tooltip carries the exact amount.
    expect(
      await page
        .locator(
          'svg.cashflow-chart rect[data-currency="USD"][data-bucket="2024-03-04"][data-series="AFTER_OUTAGES"] > title',
        )
        .textContent(),
    ).toBe('After outages, 2024-03-04 – 2024-03-10: 1200.00 USD');

    for (const currency of ['EUR', 'USD']) {
      const legend = page.locator(
        `svg.cashflow-chart[data-currency="${currency}"] g.cashflow-legend`,
      );
      expect(await legend.isVisible()).toBe(true);
      const items = legend.locator('g.legend-item');
      expect(await items.allTextContents()).toEqual(LEGEND);
      for (const item of await items.all()) {
        const box = await item.boundingBox();
        expect(box && box.width > 0 && box.height > 0).toBe(true);
      }
    }
    expect(await page.locator('h1').textContent()).toBe('Cash flow, March 2024 <weekly>');

    expect(problems).toEqual([]);
    expect(requests).toEqual([`${base}/cashflow.html`]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'cashflow-report.png'), fullPage: true });
    await page.close();
  });

  it('shows the same charts in the outage report, with no CSP violation', async () => {
    const { page, problems, requests } = await open('/outage.html');
    expect(await page.locator('section#cashflow h2').textContent()).toBe('Cash flow');
    expect(await page.locator('section#cashflow svg.cashflow-chart').count()).toBe(2);
    expect(await page.locator('section#cashflow [data-series]').count()).toBe(8 * 4);
    expect(await page.locator('svg#timeline').count()).toBe(1);
    expect(problems).toEqual([]);
    expect(requests).toEqual([`${base}/outage.html`]);
    await page.close();
  });
});
