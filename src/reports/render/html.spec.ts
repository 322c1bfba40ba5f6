import { renderReport } from '.';
import type { ReportDeliverable, ReportModel } from '../report.model';
import { BRAND_VIEW, workedExampleReport } from '../report.fixtures';
import { escapeHtml } from './escape';
import { renderHtml } from './html';
import { renderTimeline, tickLabel, tickStep } from './timeline';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function timelineRows(html: string): Array<{ id: string; outcome: string }> {
  return [
    ...html.matchAll(
      /<g class="timeline-row" data-deliverable-id="([^"]*)" data-outcome="([^"]*)"/g,
    ),
  ].map((m) => ({ id: m[1], outcome: m[2] }));
}

/** The example's rows repeated `n` times with new ids and slots a day apart. */
function manyRows(model: ReportModel, n: number): ReportModel {
  const rows: ReportDeliverable[] = [];
  for (let i = 0; i < n; i++) {
    const row = model.deliverables[i % model.deliverables.length];
    const shift = Math.floor(i / model.deliverables.length) * HOUR;
    const move = (d: Date) => new Date(d.getTime() + shift);
    rows.push({
      ...row,
      deliverableId: `row-${i}`,
      title: `${row.title} #${i}`,
      scheduledAt: move(row.scheduledAt),
      slotEnd: move(row.slotEnd),
      dueAt: move(row.dueAt),
      suggestedSlot: row.suggestedSlot && move(row.suggestedSlot),
    });
  }
  return { ...model, deliverables: rows };
}

describe('renderHtml', () => {
  const hostile = '<script>alert("x")</script> & \'quotes\'';
  const model = workedExampleReport({ titles: { reel: hostile } });
  const html = renderHtml(model);

  it('is one self-contained page: inline CSS, no scripts, no external assets', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).toContain('@media print');
    expect(html).toContain('break-before: page');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link|<img|<iframe|\ssrc=|url\(|@import/i);
    // The only URL is the SVG namespace, which is never fetched.
    expect(html.match(/https?:\/\/[^"\s]+/g)).toEqual(['http://www.w3.org/2000/svg']);
  });

  it('escapes user text everywhere, in HTML and in the SVG', () => {
    expect(html).not.toContain(hostile);
    expect(html).not.toContain('<script>');
    const escaped = escapeHtml(hostile);
    expect(escaped).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;',
    );
    expect(html).toContain(escaped); // the deliverables table, the SVG tooltip
    expect(html).toContain(`<text class="row-label" x="8" y="15" fill="#212121">${escaped}</text>`);
  });

  it('has the figures, the recommendations and platform income for an admin', () => {
    expect(html).toContain('<h1>Outage report: Meta down</h1>');
    expect(html).toContain('admin view');
    expect(html).toContain('<span class="status final">Final</span>');
    expect(html).toContain('<td class="num">1590.00</td>');
    expect(html).toContain('<ol class="recommendations">');
    expect(html).toContain('id="platform-income"');
    expect(html).toContain('<td class="num">11.67 USD</td>');
  });

  it('leaves platform income out entirely for a brand', () => {
    const brand = renderHtml(workedExampleReport({ viewer: BRAND_VIEW }));
    expect(brand).not.toMatch(/platform income/i);
    expect(brand).toContain('Globex&#39;s view');
  });

  it('draws one timeline row per affected deliverable, the outage bands and a legend', () => {
    expect(html.match(/<svg id="timeline"/g)).toHaveLength(1);
    expect(timelineRows(html)).toEqual(
      model.deliverables.map((row) => ({ id: row.deliverableId, outcome: row.outcome })),
    );
    expect(html.match(/<g class="outage-band"/g)).toHaveLength(model.outages.length);
    expect(html).toContain('<g id="timeline-legend"');
    for (const label of [
      'LOST',
      'LATE',
      'DELAYED',
      'AT_RISK',
      'RECOVERABLE',
      'Outage window',
      'Deadline',
      'Suggested slot',
    ]) {
      expect(html).toMatch(new RegExp(`<g id="timeline-legend"[\\s\\S]*>${label}</text>`));
    }
    // An instant post is a dot, a slot with a duration a bar; suggestions are outlined.
    const row = (id: string) =>
      html.slice(html.indexOf(`data-deliverable-id="${id}"`)).split('</g>')[0];
    expect(row('x-story')).toContain('<circle class="slot"');
    expect(row('x-story')).toContain('<path class="suggested"');
    expect(row('z-live')).toContain('<rect class="slot"');
    expect(row('z-live')).not.toContain('class="suggested"'); // lost: nowhere to go
    expect(row('y-live')).toContain('<rect class="suggested"');
    expect(row('x-story')).toContain('<line class="deadline"');
  });

  it('labels the axis in UTC, with the day when the chart fits in one', () => {
    expect(html).toContain('>UTC, 2024-03-05</text>');
    expect(html).toContain('>15:00</text>');
  });

  it('stays readable with a few hundred rows: the SVG grows in height', () => {
    const big = manyRows(model, 300);
    const svg = renderTimeline(big);
    expect(timelineRows(svg)).toHaveLength(300);
    const height = Number(/viewBox="0 0 \d+ (\d+)"/.exec(svg)![1]);
    expect(height).toBeGreaterThan(300 * 22);
    // Spanning about 3 days: ticks carry dates.
    expect(svg).toMatch(/>\d\d-\d\d \d\d:\d\d<\/text>|>\d{4}-\d\d-\d\d<\/text>/);
  });

  it('still renders an empty timeline with its legend', () => {
    const empty = renderHtml({ ...model, deliverables: [], outages: [] });
    expect(timelineRows(empty)).toHaveLength(0);
    expect(empty).toContain('<g id="timeline-legend"');
    expect(empty).toContain('No affected deliverable.');
  });
});

describe('timeline axis', () => {
  it('picks at most ten ticks at sensible intervals', () => {
    expect(tickStep(2 * HOUR)).toBe(15 * MINUTE); // 8 ticks
    expect(tickStep(3 * HOUR + 20 * MINUTE)).toBe(30 * MINUTE);
    expect(tickStep(3 * DAY)).toBe(12 * HOUR);
    expect(tickStep(30 * DAY)).toBe(7 * DAY);
    expect(tickStep(366 * DAY)).toBe(61 * DAY);
  });

  it('labels hours within a day and dates beyond', () => {
    const t = Date.UTC(2024, 2, 5, 15, 0);
    expect(tickLabel(t, 30 * MINUTE, 3 * HOUR)).toBe('15:00');
    expect(tickLabel(t, 12 * HOUR, 3 * DAY)).toBe('03-05 15:00');
    expect(tickLabel(Date.UTC(2024, 2, 5), DAY, 9 * DAY)).toBe('2024-03-05');
  });
});

describe('renderReport', () => {
  it('dispatches on the format', () => {
    const model = workedExampleReport();
    expect(renderReport(model, 'csv').startsWith('deliverable_id,')).toBe(true);
    expect(renderReport(model, 'md').startsWith('# Outage report')).toBe(true);
    expect(renderReport(model, 'html').startsWith('<!DOCTYPE html>')).toBe(true);
    expect(() => renderReport(model, 'pdf' as never)).toThrow(/Unknown report format/);
  });
});
