import { FixedClock } from '../../src/infrastructure/clock';
import { TestApp } from '../support/test-app';
import { seedWorkedExample, type WorkedExample } from '../support/worked-example';

/**
 * The cash flow over HTTP: `/reports/cashflow.*` alone, and as the last section of the outage
 * report's files, on the worked example (Meta down 5 March 2024), judged on 10 April 2024.
 */
describe('cash-flow reports over HTTP', () => {
  let t: TestApp;
  let w: WorkedExample;
  const window = 'from=2024-03-01T00:00:00Z&to=2024-06-01T00:00:00Z';

  const get = (path: string, token?: string) => {
    const call = t.http().get(path);
    return token ? call.set('authorization', `Bearer ${token}`) : call;
  };

  beforeAll(async () => {
    t = await TestApp.start({}, { clock: new FixedClock('2024-04-10T12:00:00Z') });
    w = await seedWorkedExample(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the forecast as CSV, one row per month and currency, scoped to the caller', async () => {
    const maya = await get(`/reports/cashflow.csv?${window}`, w.maya.token);
    expect(maya.status).toBe(200);
    expect(maya.headers['content-type']).toContain('text/csv');
    expect(maya.headers['content-disposition']).toContain(
      'deal-ledger-cashflow-2024-03-01-2024-06-01.csv',
    );
    const lines = maya.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'bucket_start,bucket_end,currency,expected_as_contracted,expected_after_outages,moved_by_outages,received,overdue',
    );
    // Deal X: 1700.00 falls due in April as contracted; the story's 10.00 penalty is lost.
    expect(lines).toContain(
      '2024-04-01T00:00:00Z,2024-05-01T00:00:00Z,USD,1700.00,1690.00,10.00,0.00,0.00',
    );
    expect(lines.some((line) => line.includes(',GBP,'))).toBe(false);

    const globex = await get(`/reports/cashflow.csv?${window}`, w.globex.token);
    expect(globex.status).toBe(200);
    expect(globex.text).toContain(',GBP,');
    expect(globex.text).not.toContain(',USD,');
  });

  it('renders the HTML with one chart per currency, and refuses bad requests', async () => {
    const html = await get(`/reports/cashflow.html?${window}&bucket=WEEK`, w.admin.token);
    expect(html.status).toBe(200);
    expect(html.text.match(/<svg class="cashflow-chart"/g)).toHaveLength(2);

    expect((await get(`/reports/cashflow.csv?${window}`)).status).toBe(401);
    expect((await get(`/reports/cashflow.csv?${window}&bucket=DAY`, w.maya.token)).status).toBe(
      400,
    );
    expect(
      (
        await get(
          `/reports/cashflow.csv?from=2024-06-01T00:00:00Z&to=2024-03-01T00:00:00Z`,
          w.maya.token,
        )
      ).status,
    ).toBe(400);
    expect((await get(`/reports/cashflow.pdf?${window}`, w.maya.token)).status).toBe(404);
  });

  it('ends the outage report files with the cash flow of the deals it covers', async () => {
    const csv = await get(`/reports/outages/${w.outageId}.csv`, w.noor.token);
    expect(csv.status).toBe(200);
    const [header, ...records] = csv.text.trim().split(/\r?\n/);
    const columns = header.split(',');
    const typeAt = columns.indexOf('record_type');
    const currencyAt = columns.indexOf('currency');
    const cashflowRows = records
      .map((line) => line.split(','))
      .filter((cells) => cells[typeAt] === 'CASHFLOW');
    // March to May (two months after the outage's): Noor's deals are in GBP only.
    expect(cashflowRows.map((cells) => cells[currencyAt])).toEqual(['GBP', 'GBP', 'GBP']);
    const html = await get(`/reports/outages/${w.outageId}.html`, w.maya.token);
    expect(html.text).toContain('id="cashflow"');
  });
});
