// The inline SVG timeline of the HTML report: outage windows as shaded bands, one row per
// affected deliverable (planned slot, deadline, suggested slot), a legend and a UTC axis.
// Hooks for tests and styling: svg#timeline, g.outage-band, g.timeline-row[data-deliverable-id]
// [data-outcome], g#timeline-legend.
import {
  MS_PER_DAY as DAY,
  MS_PER_HOUR as HOUR,
  MS_PER_MINUTE as MINUTE,
} from '../../common/time/durations';
import { formatUtc, humanUtc, utcDay } from '../../common/time/utc-format';
import type { ImpactOutcome } from '../../impact/engine';
import type { ReportDeliverable, ReportModel } from '../report.model';
import { escapeHtml as esc } from './escape';
import { OUTCOMES, OUTCOME_LABELS } from './format';

/** Outcome colours: saturated enough to print, distinguishable on white. */
export const OUTCOME_COLOURS: Readonly<Record<ImpactOutcome, string>> = {
  LOST: '#c62828',
  LATE: '#e65100',
  DELAYED: '#c79100',
  AT_RISK: '#6a1b9a',
  RECOVERABLE: '#2e7d32',
};

const TICK_STEPS = [
  ...[1, 5, 10, 15, 30].map((m) => m * MINUTE),
  ...[1, 2, 3, 6, 12].map((h) => h * HOUR),
  ...[1, 2, 7, 14, 30, 61, 91, 182, 365].map((d) => d * DAY),
];
const MAX_TICKS = 10;

const WIDTH = 1100;
const LABEL_X = 8;
const LABEL_CHARS = 44;
const CHART_X0 = 330;
const CHART_X1 = WIDTH - 24;
const BAND_LABEL_Y = 14;
const AXIS_LABEL_Y = 40;
const ROWS_TOP = 52;
const ROW_H = 22;
const LEGEND_ITEM_W = 176;
const LEGEND_LINE_H = 22;
const BAND_FILL = '#9e9e9e';
const INK = '#212121';
const GRID = '#e0e0e0';

const n = (value: number) => (Math.round(value * 10) / 10).toString();

/** The tick interval: the smallest step giving at most ten ticks over `spanMs`. */
export function tickStep(spanMs: number): number {
  return TICK_STEPS.find((step) => spanMs / step <= MAX_TICKS) ?? TICK_STEPS.at(-1)!;
}

/** Tick label: a date for day steps, "MM-DD HH:MM" when the span exceeds a day, else "HH:MM". */
export function tickLabel(time: number, step: number, spanMs: number): string {
  if (step >= DAY) return utcDay(time);
  return formatUtc(time, spanMs > DAY ? 'MM-dd HH:mm' : 'HH:mm');
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function domain(model: ReportModel): { start: number; end: number } {
  const times: number[] = [];
  for (const outage of model.outages)
    times.push(outage.startsAt.getTime(), outage.countedUntil.getTime());
  for (const row of model.deliverables) {
    times.push(row.scheduledAt.getTime(), row.slotEnd.getTime(), row.dueAt.getTime());
    if (row.effectiveDeadline) times.push(row.effectiveDeadline.getTime());
    if (row.suggestedSlot) times.push(row.suggestedSlot.getTime() + row.durationMinutes * MINUTE);
  }
  if (times.length === 0) {
    const from = model.period?.from.getTime() ?? model.asOf.getTime() - HOUR;
    const to = model.period?.to.getTime() ?? model.asOf.getTime() + HOUR;
    times.push(from, to);
  }
  let start = Math.min(...times);
  let end = Math.max(...times);
  if (end - start < 30 * MINUTE) {
    const middle = (start + end) / 2;
    [start, end] = [middle - 15 * MINUTE, middle + 15 * MINUTE];
  }
  const pad = (end - start) * 0.04;
  return { start: start - pad, end: end + pad };
}

/** A diamond centred on (x, y): the marker for an instant post. */
function diamond(x: number, y: number, r: number): string {
  return `M${n(x)} ${n(y - r)}L${n(x + r)} ${n(y)}L${n(x)} ${n(y + r)}L${n(x - r)} ${n(y)}Z`;
}

/**
 * The timeline as one `<svg id="timeline">`. It grows 22 px per deliverable, so a few hundred
 * rows stay legible (the page scrolls; print splits it across pages). All text is escaped.
 */
export function renderTimeline(model: ReportModel): string {
  const { start, end } = domain(model);
  const span = end - start;
  const x = (time: number) => CHART_X0 + ((time - start) / span) * (CHART_X1 - CHART_X0);
  const rows = model.deliverables;
  const rowsBottom = ROWS_TOP + Math.max(rows.length, 1) * ROW_H;
  const legendTop = rowsBottom + 34;
  const legendItems = legendEntries();
  const perLine = Math.floor((WIDTH - 2 * LABEL_X) / LEGEND_ITEM_W);
  const height = legendTop + 24 + Math.ceil(legendItems.length / perLine) * LEGEND_LINE_H;
  const out: string[] = [];

  out.push(
    `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="timeline-title" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">`,
    `<title id="timeline-title">${esc(`Timeline of ${rows.length} affected deliverable${rows.length === 1 ? '' : 's'} and ${model.outages.length} outage${model.outages.length === 1 ? '' : 's'} (UTC)`)}</title>`,
  );

  // Axis: gridlines and UTC labels.
  const step = tickStep(span);
  const singleDay = span <= DAY && utcDay(start) === utcDay(end);
  out.push('<g class="axis">');
  out.push(
    `<text x="${LABEL_X}" y="${AXIS_LABEL_Y}" font-weight="600">${esc(singleDay ? `UTC, ${utcDay(start)}` : 'UTC')}</text>`,
  );
  for (let tick = Math.ceil(start / step) * step; tick <= end; tick += step) {
    const tx = n(x(tick));
    out.push(
      `<line x1="${tx}" x2="${tx}" y1="${AXIS_LABEL_Y + 6}" y2="${rowsBottom}" stroke="${GRID}" stroke-width="1"/>`,
      `<text x="${tx}" y="${AXIS_LABEL_Y}" text-anchor="middle" fill="${INK}">${esc(tickLabel(tick, step, span))}</text>`,
    );
  }
  out.push('</g>');

  // Zebra stripes behind the rows, so bands stay visible across them.
  out.push('<g class="stripes">');
  rows.forEach((_, index) => {
    if (index % 2 === 1) {
      out.push(
        `<rect x="0" y="${ROWS_TOP + index * ROW_H}" width="${WIDTH}" height="${ROW_H}" fill="#f5f5f5"/>`,
      );
    }
  });
  out.push('</g>');

  for (const outage of model.outages) {
    const x0 = x(outage.startsAt.getTime());
    const x1 = Math.max(x(outage.countedUntil.getTime()), x0 + 1);
    const when = `${humanUtc(outage.startsAt)} – ${outage.endsAt ? humanUtc(outage.endsAt) : `ongoing, counted to ${humanUtc(outage.countedUntil)}`}`;
    out.push(
      `<g class="outage-band" data-outage-id="${esc(outage.id)}">`,
      `<title>${esc(`${outage.title}: ${when}`)}</title>`,
      `<rect x="${n(x0)}" y="${BAND_LABEL_Y + 6}" width="${n(x1 - x0)}" height="${rowsBottom - BAND_LABEL_Y - 6}" fill="${BAND_FILL}" fill-opacity="0.28"/>`,
      outage.ongoing
        ? `<line x1="${n(x1)}" x2="${n(x1)}" y1="${BAND_LABEL_Y + 6}" y2="${rowsBottom}" stroke="${INK}" stroke-dasharray="4 3"/>`
        : '',
      `<text x="${n(x0 + 3)}" y="${BAND_LABEL_Y}" fill="${INK}">${esc(truncate(outage.ongoing ? `${outage.title} (ongoing)` : outage.title, 40))}</text>`,
      '</g>',
    );
  }

  if (rows.length === 0) {
    out.push(
      `<text x="${CHART_X0}" y="${ROWS_TOP + 15}" fill="${INK}">No affected deliverable.</text>`,
    );
  }
  rows.forEach((row, index) => out.push(renderRow(row, ROWS_TOP + index * ROW_H, x)));

  out.push(renderLegend(legendTop, legendItems, perLine));
  out.push('</svg>');
  return out.filter(Boolean).join('\n');
}

function renderRow(row: ReportDeliverable, top: number, x: (time: number) => number): string {
  const colour = OUTCOME_COLOURS[row.outcome];
  const mid = ROW_H / 2;
  const parts: string[] = [];
  const summary = [
    `${row.title} — ${OUTCOME_LABELS[row.outcome]}`,
    `${row.platform.name}, ${row.dealTitle}`,
    `slot ${humanUtc(row.scheduledAt)}${row.durationMinutes > 0 ? ` – ${humanUtc(row.slotEnd)}` : ''}`,
    `deadline ${humanUtc(row.dueAt)}`,
    row.suggestedSlot
      ? `suggested ${humanUtc(row.suggestedSlot)}${row.suggestedPlatform ? ` on ${row.suggestedPlatform.name}` : ''}`
      : 'no suggested slot',
  ].join('; ');
  parts.push(
    `<g class="timeline-row" data-deliverable-id="${esc(row.deliverableId)}" data-outcome="${row.outcome}" transform="translate(0 ${top})">`,
    `<title>${esc(summary)}</title>`,
    `<text class="row-label" x="${LABEL_X}" y="${mid + 4}" fill="${INK}">${esc(truncate(row.title, LABEL_CHARS))}</text>`,
  );
  const s0 = x(row.scheduledAt.getTime());
  const s1 = x(row.slotEnd.getTime());
  const instant = row.durationMinutes <= 0;
  if (row.suggestedSlot) {
    // A dotted link from the planned slot to where it moves.
    const g0 = x(row.suggestedSlot.getTime());
    if (Math.abs(g0 - s1) > 6) {
      parts.push(
        `<line class="move" x1="${n(instant ? s0 : s1)}" x2="${n(g0)}" y1="${mid}" y2="${mid}" stroke="${colour}" stroke-dasharray="2 3"/>`,
      );
    }
  }
  parts.push(
    instant
      ? `<circle class="slot" cx="${n(s0)}" cy="${mid}" r="5" fill="${colour}"/>`
      : `<rect class="slot" x="${n(s0)}" y="${mid - 5}" width="${n(Math.max(s1 - s0, 2))}" height="10" fill="${colour}"/>`,
  );
  const dx = x(row.dueAt.getTime());
  parts.push(
    `<line class="deadline" x1="${n(dx)}" x2="${n(dx)}" y1="${mid - 8}" y2="${mid + 8}" stroke="${INK}" stroke-width="2"/>`,
  );
  if (row.effectiveDeadline && row.effectiveDeadline.getTime() !== row.dueAt.getTime()) {
    const ex = x(row.effectiveDeadline.getTime());
    parts.push(
      `<line class="extended-deadline" x1="${n(ex)}" x2="${n(ex)}" y1="${mid - 8}" y2="${mid + 8}" stroke="${INK}" stroke-width="2" stroke-dasharray="3 2"/>`,
    );
  }
  if (row.suggestedSlot) {
    const g0 = x(row.suggestedSlot.getTime());
    const g1 = x(row.suggestedSlot.getTime() + row.durationMinutes * MINUTE);
    parts.push(
      instant
        ? `<path class="suggested" d="${diamond(g0, mid, 6)}" fill="#ffffff" fill-opacity="0.6" stroke="${colour}" stroke-width="2"/>`
        : `<rect class="suggested" x="${n(g0)}" y="${mid - 7}" width="${n(Math.max(g1 - g0, 2))}" height="14" fill="none" stroke="${colour}" stroke-width="2"/>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

type LegendEntry = { label: string; swatch: (x: number, y: number) => string };

function legendEntries(): LegendEntry[] {
  const outcomes: LegendEntry[] = OUTCOMES.map((outcome) => ({
    label: OUTCOME_LABELS[outcome],
    swatch: (x, y) =>
      `<rect x="${x}" y="${y - 5}" width="22" height="10" fill="${OUTCOME_COLOURS[outcome]}"/>`,
  }));
  return [
    ...outcomes,
    {
      label: 'Outage window',
      swatch: (x, y) =>
        `<rect x="${x}" y="${y - 8}" width="22" height="16" fill="${BAND_FILL}" fill-opacity="0.28"/>`,
    },
    {
      label: 'Planned slot',
      swatch: (x, y) => `<rect x="${x}" y="${y - 5}" width="22" height="10" fill="#616161"/>`,
    },
    {
      label: 'Instant post',
      swatch: (x, y) => `<circle cx="${x + 11}" cy="${y}" r="5" fill="#616161"/>`,
    },
    {
      label: 'Deadline',
      swatch: (x, y) =>
        `<line x1="${x + 11}" x2="${x + 11}" y1="${y - 8}" y2="${y + 8}" stroke="${INK}" stroke-width="2"/>`,
    },
    {
      label: 'Extended deadline',
      swatch: (x, y) =>
        `<line x1="${x + 11}" x2="${x + 11}" y1="${y - 8}" y2="${y + 8}" stroke="${INK}" stroke-width="2" stroke-dasharray="3 2"/>`,
    },
    {
      label: 'Suggested slot',
      swatch: (x, y) =>
        `<rect x="${x}" y="${y - 7}" width="22" height="14" fill="none" stroke="#616161" stroke-width="2"/>`,
    },
    {
      label: 'Suggested post',
      swatch: (x, y) =>
        `<path d="${diamond(x + 11, y, 6)}" fill="#ffffff" stroke="#616161" stroke-width="2"/>`,
    },
  ];
}

function renderLegend(top: number, entries: readonly LegendEntry[], perLine: number): string {
  const parts = [
    `<g id="timeline-legend" transform="translate(${LABEL_X} ${top})">`,
    `<text x="0" y="0" font-weight="600" fill="${INK}">Legend</text>`,
  ];
  entries.forEach((entry, index) => {
    const lx = (index % perLine) * LEGEND_ITEM_W;
    const ly = 20 + Math.floor(index / perLine) * LEGEND_LINE_H;
    parts.push(
      `<g class="legend-item">${entry.swatch(lx, ly)}<text x="${lx + 30}" y="${ly + 4}" fill="${INK}">${esc(entry.label)}</text></g>`,
    );
  });
  parts.push('</g>');
  return parts.join('\n');
}
