import { humanUtc } from '../../common/time/utc-format';
import type { ReportModel, ReportTotals } from '../report.model';
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

/** The report as GitHub-flavoured Markdown: headings, tables, the recommendations as a list. */
export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [];
  const titles = outageTitles(model);
  out.push(`# ${mdText(model.title)}`, '');
  out.push(`- **Report:** ${kindLabel(model)}`);
  out.push(`- **View:** ${mdText(model.viewer.description)}`);
  out.push(`- **Status:** ${statusLabel(model)}`);
  if (model.period) {
    out.push(`- **Period:** ${humanUtc(model.period.from)} – ${humanUtc(model.period.to)}`);
  }
  if (model.platformFilter) {
    out.push(`- **Platform:** ${mdText(model.platformFilter.name)} (outages taking it down)`);
  }
  out.push(`- **As of:** ${humanUtc(model.asOf)}`);
  out.push(`- **Generated:** ${humanUtc(model.generatedAt)}`, '');

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
