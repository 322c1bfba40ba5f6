import { humanUtc } from '../../common/time/utc-format';
import type {
  CashflowReportModel,
  ReportCashflow,
  ReportDeliverable,
  ReportModel,
  ReportTotals,
} from '../report.model';
import {
  CASHFLOW_COLUMNS,
  CASHFLOW_EMPTY,
  CASHFLOW_NOTE,
  bucketKey,
  cashflowCells,
  cashflowCurrencies,
  cashflowRange,
} from './cashflow';
import { renderCashflowChart } from './cashflow-chart';
import { escapeHtml as esc } from './escape';
import {
  COUNT_COLUMNS,
  OUTCOME_LABELS,
  amount,
  countsCells,
  kindLabel,
  lateness,
  outageTitles,
  outageWindow,
  platformNames,
  severityLabel,
  slotRange,
  statusLabel,
  totalsCells,
  totalsColumns,
} from './format';
import { OUTCOME_COLOURS, renderTimeline } from './timeline';

// Light backgrounds only, so the page prints as it looks; colours are kept when printing.
const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #212121; background: #fff; margin: 24px auto; max-width: 1200px; padding: 0 16px;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 24px; margin: 4px 0 12px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid #e0e0e0; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.kind { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: #616161; margin: 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 8px; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; border: 1px solid; font-weight: 600; }
.status.final { color: #1b5e20; border-color: #1b5e20; background: #e8f5e9; }
.status.provisional { color: #8d4f00; border-color: #e65100; background: #fff3e0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 16px; font-size: 12.5px; }
th, td { border: 1px solid #d6d6d6; padding: 4px 6px; text-align: left; vertical-align: top; }
thead th { background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.when { min-width: 92px; }
.scroll { overflow-x: auto; }
table.deliverables { font-size: 11.5px; }
table.deliverables tbody.item:nth-of-type(even) td { background: #fafafa; }
table.deliverables tr.why td { border-top: none; color: #424242; }
table.deliverables tr:first-child td { border-bottom-color: #eeeeee; }
.outcome { display: inline-block; padding: 0 6px; border-radius: 8px; border: 1px solid; font-weight: 600;
  white-space: nowrap; background: #fff; }
.muted { color: #616161; }
.small { font-size: 11px; }
ol.recommendations li { margin-bottom: 4px; }
.timeline-wrap { overflow-x: auto; border: 1px solid #e0e0e0; padding: 8px; }
.timeline-wrap svg { max-width: 100%; height: auto; }
.chart-wrap { overflow-x: auto; border: 1px solid #e0e0e0; padding: 8px; margin: 6px 0 16px; }
.chart-wrap svg { display: block; }
footer { margin-top: 32px; font-size: 11px; color: #757575; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; }
  .page-break { break-before: page; }
  section.keep { break-inside: avoid; }
  thead { display: table-header-group; }
  tr, tbody.item, .timeline-row, .chart-wrap { break-inside: avoid; }
  .timeline-wrap, .scroll, .chart-wrap { overflow: visible; border: none; padding: 0; }
  .chart-wrap svg { max-width: 100%; height: auto; }
  a { color: inherit; text-decoration: none; }
}
`;

function cell(text: string, className?: string): string {
  return `<td${className ? ` class="${className}"` : ''}>${esc(text)}</td>`;
}

function table(
  headings: readonly string[],
  rows: readonly string[],
  numericFrom: number,
  className = '',
): string {
  const head = headings
    .map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''} scope="col">${esc(h)}</th>`)
    .join('');
  return `<table${className ? ` class="${className}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** Leading text cells, the currency, then numbers (the totals, then any trailing ones). */
function totalsRow(
  model: ReportModel,
  totals: ReportTotals,
  leading: readonly string[] = [],
  trailing: readonly string[] = [],
): string {
  const [currency, ...figures] = totalsCells(model, totals);
  const numbers = [...figures, ...trailing].map((text) => cell(text, 'num')).join('');
  return `<tr>${leading.map((text) => cell(text)).join('')}${cell(currency)}${numbers}</tr>`;
}

function breakdown(
  model: ReportModel,
  heading: string,
  label: string,
  groups: ReadonlyArray<{ name: string; totals: readonly ReportTotals[] }>,
): string {
  const rows = groups.flatMap((group) =>
    group.totals.map((totals) => totalsRow(model, totals, [group.name])),
  );
  return `<h3>${esc(heading)}</h3>\n${
    rows.length ? table([label, ...totalsColumns(model)], rows, 2) : '<p class="muted">None.</p>'
  }`;
}

function outcomeBadge(row: ReportDeliverable): string {
  const colour = OUTCOME_COLOURS[row.outcome];
  return `<span class="outcome" style="color:${colour};border-color:${colour}">${esc(OUTCOME_LABELS[row.outcome])}</span>${row.provisional ? ' <span class="small muted">provisional</span>' : ''}`;
}

const DELIVERABLE_COLUMNS = [
  'Deliverable',
  'Platform',
  'Deal',
  'Outcome',
  'Slot',
  'Deadline',
  'Suggested',
  'Payment due',
  'Fee',
  'Delayed',
  'Lost',
  'Retained',
  'Recoverable',
  'At risk',
];

/** Two rows per deliverable in their own tbody (kept together in print): figures, then why. */
function deliverableBody(row: ReportDeliverable, titles: ReadonlyMap<string, string>): string {
  const c = row.currency;
  const deadline =
    row.effectiveDeadline && row.effectiveDeadline.getTime() !== row.dueAt.getTime()
      ? `${humanUtc(row.dueAt)} (extended to ${humanUtc(row.effectiveDeadline)})`
      : humanUtc(row.dueAt);
  const suggested = row.suggestedSlot
    ? `${humanUtc(row.suggestedSlot)}${row.suggestedPlatform ? ` on ${row.suggestedPlatform.name}` : ''}`
    : '—';
  const due = row.newPaymentDue
    ? row.newPaymentDue.getTime() === row.originalPaymentDue.getTime()
      ? humanUtc(row.originalPaymentDue)
      : `${humanUtc(row.originalPaymentDue)} → ${humanUtc(row.newPaymentDue)}`
    : `${humanUtc(row.originalPaymentDue)} → not paid`;
  const outages = row.outageIds.map((id) => titles.get(id) ?? id).join('; ');
  return [
    `<tbody class="item" data-deliverable-id="${esc(row.deliverableId)}" data-outcome="${row.outcome}"><tr>`,
    `<td>${esc(row.title)}<br><span class="small muted">${esc(`${row.kind}, ${row.timing}`)}</span></td>`,
    cell(row.platform.name),
    `<td>${esc(row.dealTitle)}<br><span class="small muted">${esc(`${row.creatorName} × ${row.brandName}`)}</span></td>`,
    `<td>${outcomeBadge(row)}${lateness(row) ? `<br><span class="small">${esc(lateness(row))}</span>` : ''}</td>`,
    cell(slotRange(row.scheduledAt, row.slotEnd), 'when'),
    cell(deadline, 'when'),
    cell(suggested, 'when'),
    cell(due, 'when'),
    cell(`${amount(row.fee, c)} ${c}`, 'num'),
    cell(amount(row.delayed, c), 'num'),
    cell(amount(row.lost, c), 'num'),
    cell(amount(row.retained, c), 'num'),
    cell(amount(row.recoverable, c), 'num'),
    cell(amount(row.atRisk, c), 'num'),
    `</tr><tr class="why"><td colspan="${DELIVERABLE_COLUMNS.length}">${esc(row.explanation)} <span class="small muted">${esc(`Outage${row.outageIds.length === 1 ? '' : 's'}: ${outages}`)}</span></td></tr></tbody>`,
  ].join('');
}

function deliverablesTable(model: ReportModel): string {
  const titles = outageTitles(model);
  const head = DELIVERABLE_COLUMNS.map(
    (h, i) => `<th${i >= 8 ? ' class="num"' : ''} scope="col">${esc(h)}</th>`,
  ).join('');
  return `<div class="scroll"><table class="deliverables"><thead><tr>${head}</tr></thead>\n${model.deliverables
    .map((row) => deliverableBody(row, titles))
    .join('\n')}\n</table></div>`;
}

/**
 * The report as one self-contained HTML page: inline CSS, an inline SVG timeline, no scripts and
 * no external assets; print-friendly (light backgrounds, page breaks, repeated table headers).
 * Every piece of text from the model is escaped.
 */
export function renderHtml(model: ReportModel): string {
  const meta: MetaEntry[] = [
    ['View', esc(model.viewer.description)],
    [
      'Status',
      `<span class="status ${model.provisional ? 'provisional' : 'final'}">${esc(statusLabel(model))}</span>`,
    ],
  ];
  if (model.period) {
    meta.push(['Period', esc(`${humanUtc(model.period.from)} – ${humanUtc(model.period.to)}`)]);
  }
  if (model.platformFilter) {
    meta.push(['Platform', `${esc(model.platformFilter.name)} (outages taking it down)`]);
  }
  meta.push(['As of', esc(humanUtc(model.asOf))], ['Generated', esc(humanUtc(model.generatedAt))]);

  const sections: string[] = [];
  sections.push(
    `<section id="totals" class="keep"><h2>Totals</h2>\n${
      model.totals.length
        ? table(
            [...totalsColumns(model), ...COUNT_COLUMNS],
            model.totals.map((t) => totalsRow(model, t, [], countsCells(t))),
            1,
          )
        : '<p class="muted">Nothing you can see was hit.</p>'
    }</section>`,
  );
  sections.push(
    `<section id="outages" class="keep"><h2>Outages</h2>\n${
      model.outages.length
        ? table(
            ['Outage', 'Window', 'Severity', 'Down directly', 'Down through dependencies', 'Hit'],
            model.outages.map(
              (o) =>
                `<tr data-outage-id="${esc(o.id)}">${cell(o.title)}${cell(outageWindow(o), 'when')}${cell(severityLabel(o))}${cell(platformNames(o.directPlatforms))}${cell(platformNames(o.dependentPlatforms))}${cell(String(o.deliverablesHit), 'num')}</tr>`,
            ),
            5,
          )
        : '<p class="muted">No outage in this report.</p>'
    }</section>`,
  );
  sections.push(
    `<section id="recommendations"><h2>Recommendations</h2>\n${
      model.recommendations.length
        ? `<ol class="recommendations">${model.recommendations.map(({ text }) => `<li>${esc(text)}</li>`).join('\n')}</ol>`
        : '<p class="muted">None.</p>'
    }</section>`,
  );
  sections.push(
    `<section id="timeline-section" class="page-break"><h2>Timeline</h2>\n<div class="timeline-wrap">\n${renderTimeline(model)}\n</div></section>`,
  );
  if (model.cashflow) sections.push(cashflowSection(model.cashflow, true));
  sections.push(
    `<section id="breakdowns" class="page-break"><h2>Breakdowns</h2>\n${[
      breakdown(
        model,
        'By creator',
        'Creator',
        model.byCreator.map((g) => ({ name: g.creatorName, totals: g.totals })),
      ),
      breakdown(
        model,
        'By brand',
        'Brand',
        model.byBrand.map((g) => ({ name: g.brandName, totals: g.totals })),
      ),
      breakdown(
        model,
        'By deal',
        'Deal',
        model.byDeal.map((g) => ({
          name: `${g.dealTitle} (${g.creatorName} × ${g.brandName})`,
          totals: g.totals,
        })),
      ),
      breakdown(
        model,
        'By platform',
        'Platform',
        model.byPlatform.map((g) => ({ name: g.platform.name, totals: g.totals })),
      ),
    ].join('\n')}</section>`,
  );
  sections.push(
    `<section id="deliverables" class="page-break"><h2>Affected deliverables (${model.deliverables.length})</h2>\n${
      model.deliverables.length
        ? deliverablesTable(model)
        : '<p class="muted">No deliverable you can see was hit.</p>'
    }</section>`,
  );
  if (model.platformIncome) {
    sections.push(
      `<section id="platform-income"><h2>Platform income lost</h2>\n${
        model.platformIncome.length
          ? table(
              ['Creator', 'Platform', 'Explanation', 'Downtime (min)', 'Loss'],
              model.platformIncome.map(
                (entry) =>
                  `<tr>${cell(entry.creatorName)}${cell(entry.platform.name)}${cell(entry.explanation)}${cell(String(Number(entry.downtimeMinutes.toFixed(3))), 'num')}${cell(`${amount(entry.loss, entry.currency)} ${entry.currency}`, 'num')}</tr>`,
              ),
              3,
            )
          : '<p class="muted">None.</p>'
      }</section>`,
    );
  }

  return page(model, meta, sections);
}

/**
 * The cash-flow section: its range, a table (one row per bucket and currency), then one bar chart
 * per currency in its own scrolling box. `pageBreak` starts it on a new printed page.
 */
function cashflowSection(cashflow: ReportCashflow, pageBreak: boolean): string {
  const rows = cashflow.rows.map((row) => {
    const [bucket, currency, ...figures] = cashflowCells(row, cashflow.bucket);
    return `<tr data-bucket="${esc(bucketKey(row))}" data-currency="${esc(row.currency)}">${cell(bucket, 'when')}${cell(currency)}${figures.map((text) => cell(text, 'num')).join('')}</tr>`;
  });
  const charts = cashflowCurrencies(cashflow.rows).map(
    (currency) =>
      `<div class="chart-wrap">\n${renderCashflowChart(
        cashflow.bucket,
        currency,
        cashflow.rows.filter((row) => row.currency === currency),
      )}\n</div>`,
  );
  return `<section id="cashflow"${pageBreak ? ' class="page-break"' : ''}><h2>Cash flow</h2>\n<p class="muted">${esc(`${cashflowRange(cashflow)}. ${CASHFLOW_NOTE}`)}</p>\n${
    rows.length
      ? `<div class="scroll">${table(CASHFLOW_COLUMNS, rows, 2, 'cashflow')}</div>\n${charts.join('\n')}`
      : `<p class="muted">${esc(CASHFLOW_EMPTY)}</p>`
  }</section>`;
}

/**
 * The standalone cash-flow report as one self-contained page, with the outage report's header,
 * styles and guarantees: no scripts, no external assets, every text from the model escaped.
 */
export function renderCashflowHtml(model: CashflowReportModel): string {
  const { bucket, from, to } = model.cashflow;
  const meta: MetaEntry[] = [
    ['View', esc(model.viewer.description)],
    ['Buckets', esc(bucket === 'WEEK' ? 'Weekly (Monday to Sunday, UTC)' : 'Monthly (UTC)')],
    ['Period', esc(`${humanUtc(from)} – ${humanUtc(to)}`)],
    ['As of', esc(humanUtc(model.asOf))],
    ['Generated', esc(humanUtc(model.generatedAt))],
  ];
  return page(model, meta, [cashflowSection(model.cashflow, false)]);
}

/** A header entry: the term, and its value as HTML (escaped by the caller). */
type MetaEntry = [string, string];

/** The page around the sections: head, the header with its title and meta list, the footer. */
function page(
  model: Pick<ReportModel | CashflowReportModel, 'title' | 'kind'>,
  meta: readonly MetaEntry[],
  sections: readonly string[],
): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(model.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<p class="kind">${esc(kindLabel(model))}</p>
<h1>${esc(model.title)}</h1>
<dl class="meta">${meta.map(([term, value]) => `<dt>${esc(term)}</dt><dd>${value}</dd>`).join('')}</dl>
</header>
<main>
${sections.join('\n')}
</main>
<footer>Deal Ledger. Amounts are per currency and never converted; times are UTC.</footer>
</body>
</html>
`;
}
