// The inline SVG bar charts of the cash-flow section: one chart per currency (amounts are never
// put on one axis across currencies), one group of four bars per bucket, a zero line, a y axis in
// the currency's decimals and a legend.
// Hooks for tests and styling: svg.cashflow-chart[data-currency], g.cashflow-bucket[data-bucket]
// [data-currency], rect.bar[data-bucket][data-currency][data-series][data-amount] (one per bucket
// and series, height 0 for a zero amount), g.cashflow-legend g.legend-item[data-legend-series].
import type { CashflowBucket, CashflowRow } from '../../impact/engine';
import {
  CASHFLOW_SERIES,
  CASHFLOW_SERIES_LABELS,
  type CashflowSeries,
  bucketKey,
  bucketLabel,
  seriesAmount,
} from './cashflow';
import { escapeHtml as esc } from './escape';
import { amount, money } from './format';

/** Series colours: distinguishable on white and in print. */
export const SERIES_COLOURS: Readonly<Record<CashflowSeries, string>> = {
  AS_CONTRACTED: '#90a4ae',
  AFTER_OUTAGES: '#1565c0',
  RECEIVED: '#2e7d32',
  OVERDUE: '#c62828',
};

const INK = '#212121';
const GRID = '#e0e0e0';
const MIN_WIDTH = 660;
const PLOT_LEFT = 96;
const PLOT_TOP = 34;
const PLOT_H = 220;
const RIGHT = 16;
const BAR_W = 12;
const BAR_GAP = 2;
const GROUP_GAP = 18;
const GROUP_W = CASHFLOW_SERIES.length * BAR_W + (CASHFLOW_SERIES.length - 1) * BAR_GAP + GROUP_GAP;
const LEGEND_ITEM_W = 150;
const MAX_TICKS = 5;

const n = (value: number) => (Math.round(value * 10) / 10).toString();

/** The smallest 1, 2 or 5 × 10^k minor units (at least 1) that is ≥ `raw`. */
export function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((step) => step >= raw) ?? 10 * magnitude;
}

/**
 * One currency's chart as `<svg class="cashflow-chart">`, at least 660 px wide and at least 72 px
 * per bucket (the page scrolls sideways for many weeks; print scales it to the page). Each bar's `<title>` holds its exact
 * amount; geometry alone is rounded. Amounts below zero (refunds above payments) go below the line.
 */
export function renderCashflowChart(
  bucket: CashflowBucket,
  currency: string,
  rows: readonly CashflowRow[],
): string {
  const values = rows.flatMap((row) => CASHFLOW_SERIES.map((s) => Number(seriesAmount(row, s))));
  const high = Math.max(0, ...values);
  const low = Math.min(0, ...values);
  const step = niceStep((high - low || 1) / MAX_TICKS);
  const top = Math.max(Math.ceil(high / step) * step, low === 0 ? step : 0);
  const bottom = Math.floor(low / step) * step;
  const y = (value: number) => PLOT_TOP + ((top - value) / (top - bottom)) * PLOT_H;
  const zero = y(0);
  const plotBottom = PLOT_TOP + PLOT_H;
  const labelSpace = bucket === 'WEEK' ? 84 : 30;
  const legendTop = plotBottom + labelSpace + 8;
  // Few buckets spread over the minimum width; many make the chart wider.
  const slot = Math.max(GROUP_W, (MIN_WIDTH - PLOT_LEFT - RIGHT) / Math.max(rows.length, 1));
  const width = Math.max(MIN_WIDTH, Math.ceil(PLOT_LEFT + rows.length * slot + RIGHT));
  const height = legendTop + 22;
  const plotRight = width - RIGHT;
  const id = `cashflow-chart-${currency}`;
  const what = bucket === 'WEEK' ? 'week' : 'month';
  const out: string[] = [];

  out.push(
    `<svg class="cashflow-chart" id="${esc(id)}" data-currency="${esc(currency)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${esc(`${id}-title`)}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">`,
    `<title id="${esc(`${id}-title`)}">${esc(`Cash flow in ${currency} per ${what} (UTC): as contracted, after outages, received and overdue`)}</title>`,
    `<text x="8" y="18" font-weight="600" fill="${INK}">${esc(`${currency}, per ${what} (UTC)`)}</text>`,
  );

  out.push('<g class="axis">');
  for (let tick = bottom; tick <= top; tick += step) {
    const ty = n(y(tick));
    out.push(
      `<line x1="${PLOT_LEFT}" x2="${plotRight}" y1="${ty}" y2="${ty}" stroke="${GRID}" stroke-width="1"/>`,
      `<text x="${PLOT_LEFT - 6}" y="${n(y(tick) + 4)}" text-anchor="end" fill="${INK}">${esc(amount(BigInt(Math.round(tick)), currency))}</text>`,
    );
  }
  out.push('</g>');

  rows.forEach((row, index) => {
    const key = bucketKey(row);
    const label = bucketLabel(row, bucket);
    const x0 = PLOT_LEFT + index * slot + (slot - GROUP_W + GROUP_GAP) / 2;
    out.push(
      `<g class="cashflow-bucket" data-bucket="${esc(key)}" data-currency="${esc(currency)}">`,
    );
    CASHFLOW_SERIES.forEach((series, i) => {
      const value = seriesAmount(row, series);
      const end = y(Number(value));
      // A non-zero amount always shows, however small beside the largest.
      const size = value === 0n ? 0 : Math.max(Math.abs(end - zero), 1);
      const barTop = value < 0n ? zero : zero - size;
      out.push(
        `<rect class="bar" data-bucket="${esc(key)}" data-currency="${esc(currency)}" data-series="${series}" data-amount="${esc(amount(value, currency))}" x="${n(x0 + i * (BAR_W + BAR_GAP))}" y="${n(barTop)}" width="${BAR_W}" height="${n(size)}" fill="${SERIES_COLOURS[series]}"><title>${esc(`${CASHFLOW_SERIES_LABELS[series]}, ${label}: ${money(value, currency)}`)}</title></rect>`,
      );
    });
    const cx = x0 + (GROUP_W - GROUP_GAP) / 2;
    out.push(
      bucket === 'WEEK'
        ? `<text class="bucket-label" x="${n(cx)}" y="${plotBottom + 14}" text-anchor="end" transform="rotate(-45 ${n(cx)} ${plotBottom + 14})" fill="${INK}">${esc(key)}</text>`
        : `<text class="bucket-label" x="${n(cx)}" y="${plotBottom + 18}" text-anchor="middle" fill="${INK}">${esc(label)}</text>`,
      '</g>',
    );
  });

  out.push(
    `<line class="zero" x1="${PLOT_LEFT}" x2="${plotRight}" y1="${n(zero)}" y2="${n(zero)}" stroke="${INK}" stroke-width="1"/>`,
  );

  out.push(`<g class="cashflow-legend" transform="translate(8 ${legendTop})">`);
  CASHFLOW_SERIES.forEach((series, i) => {
    const lx = i * LEGEND_ITEM_W;
    out.push(
      `<g class="legend-item" data-legend-series="${series}"><rect x="${lx}" y="2" width="22" height="10" fill="${SERIES_COLOURS[series]}"/><text x="${lx + 30}" y="12" fill="${INK}">${esc(CASHFLOW_SERIES_LABELS[series])}</text></g>`,
    );
  });
  out.push('</g>', '</svg>');
  return out.join('\n');
}
