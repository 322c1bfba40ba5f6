import { parse } from 'csv-parse/sync';
import { renderCashflowReport, renderReport } from '.';
import { cashflow as engineCashflow, type CashflowRow } from '../../impact/engine';
import type { CashflowReportModel, ReportCashflow } from '../report.model';
import { ADMIN_VIEW, GENERATED_AT, workedExampleReport } from '../report.fixtures';
import { CASHFLOW_NOTE, bucketLabel, movedByOutages } from './cashflow';
import { niceStep, renderCashflowChart } from './cashflow-chart';
import { CASHFLOW_CSV_COLUMNS, CSV_CASHFLOW_COLUMNS, CSV_COLUMNS } from './csv';

const utc = (iso: string) => new Date(iso);

function row(
  start: string,
  end: string,
  currency: string,
  [contracted, after, received, overdue]: [bigint, bigint, bigint, bigint],
): CashflowRow {
  return {
    bucketStart: utc(`${start}T00:00:00Z`),
    bucketEnd: utc(`${end}T00:00:00Z`),
    currency,
    expectedAsContracted: contracted,
    expectedAfterOutages: after,
    received,
    overdue,
  };
}

// Two currencies over March–May 2024, as the engine orders them (currency, then time).
// JPY has no minor digits: 150000n is 150000 JPY. USD in cents.
const MONTHLY: ReportCashflow = {
  bucket: 'MONTH',
  from: utc('2024-03-01T00:00:00Z'),
  to: utc('2024-06-01T00:00:00Z'),
  rows: [
    row('2024-03-01', '2024-04-01', 'JPY', [0n, 0n, 0n, 0n]),
    row('2024-04-01', '2024-05-01', 'JPY', [150000n, 150000n, 0n, 150000n]),
    row('2024-05-01', '2024-06-01', 'JPY', [0n, 0n, -1000n, 0n]), // a refund
    // An outage moved 300.00 of March's 1200.00 into April.
    row('2024-03-01', '2024-04-01', 'USD', [120000n, 90000n, 50000n, 0n]),
    row('2024-04-01', '2024-05-01', 'USD', [0n, 30000n, 0n, 0n]),
    row('2024-05-01', '2024-06-01', 'USD', [0n, 0n, 0n, 0n]), // zero everywhere
  ],
};

const HOSTILE = '<script>alert("x")</script> & \'q\'';

function standalone(overrides: Partial<CashflowReportModel> = {}): CashflowReportModel {
  return {
    title: 'Cash flow, March to May 2024',
    kind: 'CASHFLOW',
    generatedAt: GENERATED_AT,
    asOf: utc('2024-03-06T00:00:00Z'),
    viewer: ADMIN_VIEW,
    cashflow: MONTHLY,
    ...overrides,
  };
}

/** The `<svg class="cashflow-chart">` of one currency. */
function chart(html: string, currency: string): string {
  const match = new RegExp(
    `<svg class="cashflow-chart" id="cashflow-chart-${currency}"[\\s\\S]*?</svg>`,
  ).exec(html);
  if (!match) throw new Error(`no chart for ${currency}`);
  return match[0];
}

type Bar = { bucket: string; currency: string; series: string; amount: string; height: number };

function bars(svg: string): Bar[] {
  return [
    ...svg.matchAll(
      /<rect class="bar" data-bucket="([^"]*)" data-currency="([^"]*)" data-series="([^"]*)" data-amount="([^"]*)" x="[^"]*" y="[^"]*" width="[^"]*" height="([^"]*)"/g,
    ),
  ].map((m) => ({
    bucket: m[1],
    currency: m[2],
    series: m[3],
    amount: m[4],
    height: Number(m[5]),
  }));
}

describe('cash-flow vocabulary', () => {
  it('names buckets by month, or by Monday to Sunday for a week', () => {
    expect(bucketLabel(MONTHLY.rows[0], 'MONTH')).toBe('2024-03');
    const week = row('2024-03-04', '2024-03-11', 'USD', [0n, 0n, 0n, 0n]);
    expect(bucketLabel(week, 'WEEK')).toBe('2024-03-04 – 2024-03-10'); // end is exclusive
  });

  it('moved by outages is as contracted − after outages, signed', () => {
    expect(movedByOutages(MONTHLY.rows[3])).toBe(30000n); // 1200.00 − 900.00
    expect(movedByOutages(MONTHLY.rows[4])).toBe(-30000n); // 0 − 300.00: moved in
    expect(movedByOutages(MONTHLY.rows[1])).toBe(0n);
  });

  it('steps the chart axis by 1, 2 or 5 × 10^k minor units', () => {
    expect(niceStep(0.2)).toBe(1);
    expect(niceStep(24000)).toBe(50000); // 120000 / 5 → next nice step
    expect(niceStep(20000)).toBe(20000);
    expect(niceStep(30001)).toBe(50000);
    expect(niceStep(7)).toBe(10);
  });
});

describe('the cash-flow chart (SVG)', () => {
  const html = renderCashflowReport(standalone(), 'html');

  it('draws one chart per currency, never two currencies on one axis', () => {
    const charts = [...html.matchAll(/<svg class="cashflow-chart" [^>]*data-currency="([^"]*)"/g)];
    expect(charts.map((m) => m[1])).toEqual(['JPY', 'USD']);
    for (const currency of ['JPY', 'USD']) {
      const own = bars(chart(html, currency));
      expect(own.every((bar) => bar.currency === currency)).toBe(true);
    }
  });

  it('has a group of four bars per bucket and currency, also for a bucket of zeros', () => {
    const usd = chart(html, 'USD');
    const groups = [...usd.matchAll(/<g class="cashflow-bucket" data-bucket="([^"]*)"/g)];
    expect(groups.map((m) => m[1])).toEqual(['2024-03-01', '2024-04-01', '2024-05-01']);
    expect(bars(usd)).toHaveLength(3 * 4);
    expect(bars(usd).filter((bar) => bar.bucket === '2024-05-01')).toEqual(
      ['AS_CONTRACTED', 'AFTER_OUTAGES', 'RECEIVED', 'OVERDUE'].map((series) => ({
        bucket: '2024-05-01',
        currency: 'USD',
        series,
        amount: '0.00',
        height: 0,
      })),
    );
  });

  it('gives each bar its exact amount in a title and a height in proportion', () => {
    const usd = chart(html, 'USD');
    expect(usd).toContain('<title>As contracted, 2024-03: 1200.00 USD</title>');
    expect(usd).toContain('<title>After outages, 2024-03: 900.00 USD</title>');
    expect(usd).toContain('<title>After outages, 2024-04: 300.00 USD</title>');
    const jpy = chart(html, 'JPY');
    expect(jpy).toContain('<title>Overdue, 2024-04: 150000 JPY</title>'); // no minor digits
    expect(jpy).toContain('<title>Received, 2024-05: -1000 JPY</title>');

    const height = (bucket: string, series: string) =>
      bars(usd).find((bar) => bar.bucket === bucket && bar.series === series)!.height;
    // Axis: niceStep(120000 / 5) = 50000 → 0 to 150000 over 220 px.
    expect(height('2024-03-01', 'AS_CONTRACTED')).toBe(176); // 120000 / 150000 × 220
    expect(height('2024-03-01', 'AFTER_OUTAGES')).toBe(132); // 90000 / 150000 × 220
    expect(height('2024-03-01', 'RECEIVED')).toBe(73.3); // 50000 / 150000 × 220
    expect(height('2024-04-01', 'AS_CONTRACTED')).toBe(0);
    // Axis labels in the currency's decimals.
    expect(usd).toContain('>1500.00</text>');
    expect(usd).toContain('>0.00</text>');
  });

  it('draws a negative amount (a refund) below the zero line, a tiny one at least 1 px', () => {
    const jpy = chart(html, 'JPY');
    const refund =
      /data-series="RECEIVED" data-amount="-1000" x="[^"]*" y="([^"]*)" width="12" height="([^"]*)"/.exec(
        jpy,
      )!;
    const zero = /<line class="zero" [^>]*y1="([^"]*)"/.exec(jpy)!;
    expect(Number(refund[1])).toBe(Number(zero[1])); // starts at the line, goes down
    expect(Number(refund[2])).toBeGreaterThan(0);
    const tiny = renderCashflowChart('MONTH', 'USD', [
      row('2024-03-01', '2024-04-01', 'USD', [100000000n, 1n, 0n, 0n]),
    ]);
    expect(bars(tiny).map((bar) => bar.height)).toEqual([220, 1, 0, 0]);
  });

  it('has a legend naming the four series, carrying no data-series of its own', () => {
    const usd = chart(html, 'USD');
    const legend = /<g class="cashflow-legend"[\s\S]*?\n<\/g>/.exec(usd)![0];
    for (const name of ['As contracted', 'After outages', 'Received', 'Overdue'])
      expect(legend).toContain(`>${name}</text>`);
    expect(legend).not.toContain('data-series=');
    expect(usd.match(/data-series=/g)).toHaveLength(12);
  });

  it('labels weekly buckets by their Monday', () => {
    const weekly = renderCashflowChart('WEEK', 'USD', [
      row('2024-03-04', '2024-03-11', 'USD', [1000n, 1000n, 0n, 0n]),
      row('2024-03-11', '2024-03-18', 'USD', [0n, 0n, 1000n, 0n]),
    ]);
    expect(weekly).toContain('data-bucket="2024-03-11"');
    expect(weekly).toContain('<title>Received, 2024-03-11 – 2024-03-17: 10.00 USD</title>');
    expect(weekly).toContain('per week (UTC)');
  });
});

describe('the cash-flow section in HTML', () => {
  const report = { ...workedExampleReport(), cashflow: MONTHLY };
  const html = renderReport(report, 'html');

  it('adds a "Cash flow" section after the timeline, before the breakdowns', () => {
    const at = (marker: string) => html.indexOf(marker);
    expect(at('<section id="cashflow" class="page-break"><h2>Cash flow</h2>')).toBeGreaterThan(
      at('id="timeline-section"'),
    );
    expect(at('id="cashflow"')).toBeLessThan(at('id="breakdowns"'));
    expect(html).toContain(
      'Monthly buckets (UTC) over 2024-03-01 00:00 UTC – 2024-06-01 00:00 UTC.',
    );
  });

  it('tables bucket, currency, both expectations, their difference, received and overdue', () => {
    expect(html).toContain(
      '<tr data-bucket="2024-03-01" data-currency="USD"><td class="when">2024-03</td><td>USD</td><td class="num">1200.00</td><td class="num">900.00</td><td class="num">300.00</td><td class="num">500.00</td><td class="num">0.00</td></tr>',
    );
    // April: 300.00 moved in from March, so the difference is negative.
    expect(html).toContain(
      '<td class="when">2024-04</td><td>USD</td><td class="num">0.00</td><td class="num">300.00</td><td class="num">-300.00</td>',
    );
    expect(html).toContain('<th class="num" scope="col">Moved or lost by outages</th>');
  });

  it('is left out when the model has no cash flow (null or absent)', () => {
    const plain = renderReport(workedExampleReport(), 'html');
    expect(plain).not.toContain('id="cashflow"');
    expect(plain).not.toContain('cashflow-chart');
    expect(renderReport({ ...workedExampleReport(), cashflow: null }, 'html')).toBe(plain);
  });

  it('says so when nothing falls due, and draws no chart', () => {
    const empty = renderReport({ ...report, cashflow: { ...MONTHLY, rows: [] } }, 'html');
    expect(empty).toContain('Nothing falls due, is received or is overdue in this range.');
    expect(empty).not.toContain('<svg class="cashflow-chart"');
  });

  it('renders what the engine returns: every bucket for a currency with any amount', () => {
    const rows = engineCashflow(
      [],
      [
        {
          id: 'p1',
          kind: 'PAYMENT',
          amount: 2500n,
          receivedAt: utc('2024-04-10T12:00:00Z'),
          recordedAt: utc('2024-04-10T12:00:00Z'),
          reversed: false,
          currency: 'EUR',
        },
      ],
      MONTHLY.from,
      MONTHLY.to,
      'MONTH',
    );
    const page = renderCashflowReport(standalone({ cashflow: { ...MONTHLY, rows } }), 'html');
    expect(bars(chart(page, 'EUR'))).toHaveLength(3 * 4);
    expect(page).toContain('<title>Received, 2024-04: 25.00 EUR</title>');
  });
});

describe('renderCashflowReport', () => {
  it('html: the report header, the section, no scripts and no external resources', () => {
    const html = renderCashflowReport(standalone(), 'html');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<p class="kind">Cash-flow report</p>');
    expect(html).toContain('<h1>Cash flow, March to May 2024</h1>');
    expect(html).toContain('<dt>Buckets</dt><dd>Monthly (UTC)</dd>');
    expect(html).toContain('<dt>As of</dt><dd>2024-03-06 00:00 UTC</dd>');
    expect(html).toContain('<section id="cashflow"><h2>Cash flow</h2>'); // no page break first
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(|@import|\son\w+=/i);
    expect([...new Set(html.match(/https?:\/\/[^"\s]+/g))]).toEqual(['http://www.w3.org/2000/svg']);
  });

  it('html: escapes the title and the viewer', () => {
    const html = renderCashflowReport(
      standalone({ title: HOSTILE, viewer: { ...ADMIN_VIEW, description: HOSTILE } }),
      'html',
    );
    expect(html).not.toContain('<script>');
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;';
    expect(html).toContain(`<title>${escaped}</title>`);
    expect(html).toContain(`<h1>${escaped}</h1>`);
    expect(html).toContain(`<dt>View</dt><dd>${escaped}</dd>`);
  });

  it('md: escapes the title and the viewer', () => {
    const md = renderCashflowReport(
      standalone({ title: HOSTILE, viewer: { ...ADMIN_VIEW, description: HOSTILE } }),
      'md',
    );
    expect(md).not.toContain('<script>');
    expect(md).toContain('# \\<script\\>alert("x")\\</script\\> & \'q\'');
  });

  it('md: the header, then one table row per bucket and currency', () => {
    const md = renderCashflowReport(standalone({ title: 'Cash | flow' }), 'md');
    expect(md.split('\n').slice(0, 9)).toEqual([
      '# Cash \\| flow',
      '',
      '- **Report:** Cash-flow report',
      '- **View:** admin view',
      '- **Buckets:** Monthly (UTC)',
      '- **Period:** 2024-03-01 00:00 UTC – 2024-06-01 00:00 UTC',
      '- **As of:** 2024-03-06 00:00 UTC',
      '- **Generated:** 2024-03-06 09:00 UTC',
      '',
    ]);
    expect(md).toContain(
      '| Bucket | Currency | Expected as contracted | Expected after outages | Moved or lost by outages | Received | Overdue |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    );
    expect(md).toContain('| 2024-03 | USD | 1200.00 | 900.00 | 300.00 | 500.00 | 0.00 |');
    expect(md).toContain('| 2024-04 | USD | 0.00 | 300.00 | -300.00 | 0.00 | 0.00 |');
    expect(md).toContain('| 2024-05 | JPY | 0 | 0 | 0 | -1000 | 0 |');
    expect(md).toContain(CASHFLOW_NOTE);
  });

  it('csv: one record per bucket and currency, decimal strings, ISO bucket bounds', () => {
    const csv = renderCashflowReport(standalone(), 'csv');
    expect(csv.split('\r\n')).toEqual([
      'bucket_start,bucket_end,currency,expected_as_contracted,expected_after_outages,moved_by_outages,received,overdue',
      '2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,JPY,0,0,0,0,0',
      '2024-04-01T00:00:00Z,2024-05-01T00:00:00Z,JPY,150000,150000,0,0,150000',
      '2024-05-01T00:00:00Z,2024-06-01T00:00:00Z,JPY,0,0,0,-1000,0',
      '2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,USD,1200.00,900.00,300.00,500.00,0.00',
      '2024-04-01T00:00:00Z,2024-05-01T00:00:00Z,USD,0.00,300.00,-300.00,0.00,0.00',
      '2024-05-01T00:00:00Z,2024-06-01T00:00:00Z,USD,0.00,0.00,0.00,0.00,0.00',
      '',
    ]);
    expect(CASHFLOW_CSV_COLUMNS.join(',')).toBe(csv.split('\r\n')[0]);
  });

  it('refuses an unknown format', () => {
    expect(() => renderCashflowReport(standalone(), 'pdf' as 'csv')).toThrow(
      'Unknown report format: pdf',
    );
  });
});

describe('the cash-flow section in Markdown and CSV', () => {
  const report = { ...workedExampleReport(), cashflow: MONTHLY };

  it('md: a "Cash flow" table after the recommendations, before "By creator"', () => {
    const md = renderReport(report, 'md');
    expect(md.indexOf('## Cash flow')).toBeGreaterThan(md.indexOf('## Recommendations'));
    expect(md.indexOf('## Cash flow')).toBeLessThan(md.indexOf('## By creator'));
    expect(md).toContain('| 2024-03 | USD | 1200.00 | 900.00 | 300.00 | 500.00 | 0.00 |');
    expect(renderReport(workedExampleReport(), 'md')).not.toContain('Cash flow');
  });

  it('csv: appends record_type and the cash-flow columns, then one CASHFLOW record per bucket', () => {
    const plain = renderReport(workedExampleReport(), 'csv');
    const csv = renderReport(report, 'csv');
    const records = parse<Record<string, string>>(csv, { columns: true });
    const header = csv.split('\r\n')[0].split(',');
    // The existing columns keep their names and places; the new ones come after.
    expect(header).toEqual([...CSV_COLUMNS, ...CSV_CASHFLOW_COLUMNS]);

    const deliverables = records.filter((r) => r.record_type === 'DELIVERABLE');
    const plainRecords = parse<Record<string, string>>(plain, { columns: true });
    expect(deliverables).toHaveLength(plainRecords.length);
    deliverables.forEach((record, i) => {
      expect(record).toMatchObject(plainRecords[i]);
      expect(CSV_CASHFLOW_COLUMNS.slice(1).map((c) => record[c])).toEqual(Array(7).fill(''));
    });

    const flows = records.filter((r) => r.record_type === 'CASHFLOW');
    expect(flows).toHaveLength(6);
    expect(records.slice(-6)).toEqual(flows); // after the deliverables
    expect(flows[3]).toMatchObject({
      deliverable_id: '',
      fee: '',
      lost: '',
      currency: 'USD',
      bucket_start: '2024-03-01T00:00:00Z',
      bucket_end: '2024-04-01T00:00:00Z',
      expected_as_contracted: '1200.00',
      expected_after_outages: '900.00',
      moved_by_outages: '300.00', // 1200.00 − 900.00
      received: '500.00',
      overdue: '0.00',
    });
    expect(flows[4].moved_by_outages).toBe('-300.00');
    expect(flows[1]).toMatchObject({ currency: 'JPY', overdue: '150000' });
  });

  it('csv: unchanged, byte for byte, without a cash-flow section', () => {
    const plain = renderReport(workedExampleReport(), 'csv');
    expect(renderReport({ ...workedExampleReport(), cashflow: null }, 'csv')).toBe(plain);
    expect(plain.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
  });
});
