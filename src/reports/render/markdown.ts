import { humanUtc } from '../../common/time/utc-format';
import type {
  CashflowReportModel,
  ReportCashflow,
  ReportModel,
  ReportTotals,
} from '../report.model';
import {
  CASHFLOW_COLUMNS,
  CASHFLOW_EMPTY,
  CASHFLOW_NOTE,
  cashflowCells,
  cashflowRange,
} from './cashflow';
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

// Characters that could start emphasis, code, links, HTML, strikethrough or a table cell.
const MD_SPECIAL = /([\\`*_[\]<>|~])/g;

/**
 * Text safe in a Markdown paragraph or heading: Markdown punctuation and `<` `>` `|` are
 * backslash-escaped so a title cannot add links, emphasis, HTML or table cells; line breaks become
 * spaces.
 */
export function mdText(value: string): string {
  return value.replace(MD_SPECIAL, '\\$1').replace(/\r\n|\r|\n/g, ' ');
}

/** Text safe in a table cell: as {@link mdText}, but line breaks become `<br>`. */
export function mdCell(value: string): string {
  return value.replace(MD_SPECIAL, '\\$1').replace(/\r\n|\r|\n/g, '<br>');
}

function table(
  headings: readonly string[],
  rows: readonly (readonly string[])[],
  right = 0,
): string {
  // `right`: how many trailing columns hold numbers (right-aligned).
  const align = headings.map((_, i) => (i >= headings.length - right ? '---:' : '---'));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headings.map(mdCell)), line(align), ...rows.map(line)].join('\n');
}

/** Cells are escaped by the caller (values from the model go through mdCell). */
function totalsTable(
  model: ReportModel,
  label: string,
  groups: ReadonlyArray<{ name: string; totals: readonly ReportTotals[] }>,
): string {
  const headings = [label, ...totalsColumns(model)];
  const rows = groups.flatMap((group) =>
    group.totals.map((totals) => [mdCell(group.name), ...totalsCells(model, totals).map(mdCell)]),
  );
  return rows.length ? table(headings, rows, headings.length - 2) : '_None._';
}

/** A header entry: the term, and its value as Markdown (escaped by the caller). */
type MetaEntry = [string, string];

/** The title and the list under it: the kind, the caller's entries, as-of and generated times. */
function header(
  model: Pick<ReportModel | CashflowReportModel, 'title' | 'kind' | 'asOf' | 'generatedAt'>,
  meta: readonly MetaEntry[],
): string[] {
  const entries: MetaEntry[] = [
    ['Report', kindLabel(model)],
    ...meta,
    ['As of', humanUtc(model.asOf)],
    ['Generated', humanUtc(model.generatedAt)],
  ];
  return [
    `# ${mdText(model.title)}`,
    '',
    ...entries.map(([term, value]) => `- **${term}:** ${value}`),
    '',
  ];
}

/** `## Cash flow`: its range, then one table row per bucket and currency (lines, with a blank last). */
function cashflowSection(cashflow: ReportCashflow): string[] {
  return [
    '## Cash flow',
    '',
    `${mdText(cashflowRange(cashflow))}. ${mdText(CASHFLOW_NOTE)}`,
    '',
    cashflow.rows.length
      ? table(
          CASHFLOW_COLUMNS,
          cashflow.rows.map((row) => cashflowCells(row, cashflow.bucket).map(mdCell)),
          CASHFLOW_COLUMNS.length - 2,
        )
      : `_${mdText(CASHFLOW_EMPTY)}_`,
    '',
  ];
}

/** The standalone cash-flow report as Markdown: the report header, then the cash-flow section. */
export function renderCashflowMarkdown(model: CashflowReportModel): string {
  const { bucket, from, to } = model.cashflow;
  const out = header(model, [
    ['View', mdText(model.viewer.description)],
    ['Buckets', bucket === 'WEEK' ? 'Weekly (Monday to Sunday, UTC)' : 'Monthly (UTC)'],
    ['Period', `${humanUtc(from)} – ${humanUtc(to)}`],
  ]);
  out.push(...cashflowSection(model.cashflow));
  return out.join('\n');
}

/** The report as GitHub-flavoured Markdown: headings, tables, the recommendations as a list. */
export function renderMarkdown(model: ReportModel): string {
  const titles = outageTitles(model);
  const meta: MetaEntry[] = [
    ['View', mdText(model.viewer.description)],
    ['Status', statusLabel(model)],
  ];
  if (model.period) {
    meta.push(['Period', `${humanUtc(model.period.from)} – ${humanUtc(model.period.to)}`]);
  }
  if (model.platformFilter) {
    meta.push(['Platform', `${mdText(model.platformFilter.name)} (outages taking it down)`]);
  }
  const out = header(model, meta);

  out.push('## Outages', '');
  out.push(
    model.outages.length
      ? table(
          ['Outage', 'Window', 'Severity', 'Down directly', 'Down through dependencies', 'Hit'],
          model.outages.map((o) => [
            mdCell(o.title),
            outageWindow(o),
            severityLabel(o),
            mdCell(platformNames(o.directPlatforms)),
            mdCell(platformNames(o.dependentPlatforms)),
            String(o.deliverablesHit),
          ]),
          1,
        )
      : '_No outage in this report._',
    '',
  );

  out.push('## Totals', '');
  out.push(
    model.totals.length
      ? table(
          [...totalsColumns(model), ...COUNT_COLUMNS],
          model.totals.map((t) => [...totalsCells(model, t), ...countsCells(t)]),
          totalsColumns(model).length - 1 + COUNT_COLUMNS.length,
        )
      : '_Nothing was hit._',
    '',
  );

  out.push('## Recommendations', '');
  out.push(
    ...(model.recommendations.length
      ? model.recommendations.map(({ text }, i) => `${i + 1}. ${mdText(text)}`)
      : ['_None._']),
    '',
  );

  if (model.cashflow) out.push(...cashflowSection(model.cashflow));

  out.push('## By creator', '');
  out.push(
    totalsTable(
      model,
      'Creator',
      model.byCreator.map((g) => ({ name: g.creatorName, totals: g.totals })),
    ),
    '',
  );
  out.push('## By brand', '');
  out.push(
    totalsTable(
      model,
      'Brand',
      model.byBrand.map((g) => ({ name: g.brandName, totals: g.totals })),
    ),
    '',
  );
  out.push('## By deal', '');
  out.push(
    totalsTable(
      model,
      'Deal',
      model.byDeal.map((g) => ({
        name: `${g.dealTitle} (${g.creatorName} × ${g.brandName})`,
        totals: g.totals,
      })),
    ),
    '',
  );
  out.push('## By platform', '');
  out.push(
    totalsTable(
      model,
      'Platform',
      model.byPlatform.map((g) => ({ name: g.platform.name, totals: g.totals })),
    ),
    '',
  );

  out.push('## Affected deliverables', '');
  out.push(
    model.deliverables.length
      ? table(
          [
            'Deliverable',
            'Platform',
            'Deal',
            'Creator',
            'Brand',
            'Outcome',
            'Slot',
            'Deadline',
            'Suggested',
            'Payment due',
            'Late',
            'Outages',
            'Explanation',
            'Currency',
            'Fee',
            'Delayed',
            'Lost',
            'Retained',
            'Recoverable',
            'At risk',
          ],
          model.deliverables.map((row) => {
            const c = row.currency;
            const slot = slotRange(row.scheduledAt, row.slotEnd);
            const suggested = row.suggestedSlot
              ? `${humanUtc(row.suggestedSlot)}${row.suggestedPlatform ? ` on ${row.suggestedPlatform.name}` : ''}`
              : '';
            const due = row.newPaymentDue
              ? row.newPaymentDue.getTime() === row.originalPaymentDue.getTime()
                ? humanUtc(row.originalPaymentDue)
                : `${humanUtc(row.originalPaymentDue)} → ${humanUtc(row.newPaymentDue)}`
              : `${humanUtc(row.originalPaymentDue)} → not paid`;
            return [
              mdCell(`${row.title} (${row.kind}, ${row.timing})`),
              mdCell(row.platform.name),
              mdCell(row.dealTitle),
              mdCell(row.creatorName),
              mdCell(row.brandName),
              `**${OUTCOME_LABELS[row.outcome]}**${row.provisional ? ' (provisional)' : ''}`,
              slot,
              humanUtc(row.dueAt),
              mdCell(suggested),
              due,
              lateness(row),
              mdCell(row.outageIds.map((id) => titles.get(id) ?? id).join('; ')),
              mdCell(row.explanation),
              c,
              amount(row.fee, c),
              amount(row.delayed, c),
              amount(row.lost, c),
              amount(row.retained, c),
              amount(row.recoverable, c),
              amount(row.atRisk, c),
            ];
          }),
          6,
        )
      : '_No deliverable you can see was hit._',
    '',
  );

  if (model.platformIncome) {
    out.push('## Platform income lost', '');
    out.push(
      model.platformIncome.length
        ? table(
            ['Creator', 'Platform', 'Explanation', 'Downtime (min)', 'Currency', 'Loss'],
            model.platformIncome.map((entry) => [
              mdCell(entry.creatorName),
              mdCell(entry.platform.name),
              mdCell(entry.explanation),
              String(Number(entry.downtimeMinutes.toFixed(3))),
              entry.currency,
              amount(entry.loss, entry.currency),
            ]),
            3,
          )
        : '_None._',
      '',
    );
  }
  return out.join('\n');
}
