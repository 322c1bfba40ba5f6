import { BRAND_VIEW, workedExampleReport } from '../report.fixtures';
import { guardFormula, stringifyCsv } from '../../common/csv/csv';
import { CSV_COLUMNS, renderCsv } from './csv';

/** A strict RFC 4180 reader for the tests: CRLF records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"' && field === '') {
      i += 1;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else if (i >= text.length) {
          throw new Error('unterminated quoted field');
        } else {
          field += text[i++];
        }
      }
    }
    if (text[i] === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      [record, field] = [[], ''];
      i += 2;
    } else if (i < text.length) {
      if (text[i] === '"' || text[i] === '\r' || text[i] === '\n') {
        throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
      }
      field += text[i++];
    }
  }
  if (field !== '' || record.length) throw new Error('last record has no CRLF');
  return records;
}

describe('RFC 4180 fields (the shared writer, common/csv)', () => {
  const field = (value: string) => stringifyCsv([[value]]).replace(/\r\n$/, '');
  it('quotes fields with commas, quotes, CR or LF, doubling the quotes', () => {
    expect(field('plain')).toBe('plain');
    expect(field('')).toBe('');
    expect(field('a,b')).toBe('"a,b"');
    expect(field('say "hi"')).toBe('"say ""hi"""');
    expect(field('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(field('line 1\r\nline 2')).toBe('"line 1\r\nline 2"');
    expect(field('carriage\rreturn')).toBe('"carriage\rreturn"');
    expect(stringifyCsv([['a', 'b,c', '"']])).toBe('a,"b,c",""""\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, with the deals CSV guard', () => {
    expect(guardFormula('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(guardFormula('+1')).toBe("'+1");
    expect(guardFormula('-1')).toBe("'-1");
    expect(guardFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(guardFormula('Launch reel')).toBe('Launch reel');
    // As in the deals CSV: an apostrophe already in front of such text is kept visible.
    expect(guardFormula("'=x")).toBe("''=x");
  });
});

describe('renderCsv', () => {
  const hostile = 'Launch, "big" day\r\nsecond line\nthird';
  const model = workedExampleReport({ titles: { story: hostile, reel: '=cmd|calc' } });
  const csv = renderCsv(model);
  const records = parseCsv(csv);
  const header = records[0];
  const byId = Object.fromEntries(
    records.slice(1).map((r) => [r[0], Object.fromEntries(header.map((h, i) => [h, r[i]]))]),
  );

  it('has a header row and one CRLF-terminated record per affected deliverable', () => {
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(1 + model.deliverables.length);
    expect(records.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // Outside quoted fields every line break is CRLF.
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
  });

  it('round-trips titles with commas, quotes and line breaks', () => {
    expect(byId['x-story'].deliverable).toBe(hostile);
    expect(csv).toContain('"Launch, ""big"" day\r\nsecond line\nthird"');
    expect(byId['x-reel'].deliverable).toBe("'=cmd|calc");
  });

  it('writes amounts as decimals with their currency, times as ISO 8601 UTC', () => {
    expect(byId['x-story']).toMatchObject({
      outcome: 'LATE',
      currency: 'USD',
      fee: '400.00',
      delayed: '390.00',
      lost: '10.00', // 2.5 % of 400.00
      days_late: '1',
      penalty_bps: '250',
      scheduled_at: '2024-03-05T15:30:00Z',
      due_at: '2024-03-05T16:30:00Z',
      suggested_slot: '2024-03-05T17:20:00Z',
      suggested_platform: 'Facebook',
      original_payment_due: '2024-04-04T15:30:00Z',
      new_payment_due: '2024-04-04T17:20:00Z',
      outage_ids: 'outage-meta',
      outages: 'Meta down',
      provisional: 'false',
    });
    expect(byId['x-story'].explanation).toContain('10.00 USD penalty');
    expect(byId['z-live']).toMatchObject({
      currency: 'GBP',
      lost: '600.00',
      retained: '200.00',
      slot_end: '2024-03-05T16:30:00Z',
      suggested_slot: '',
      new_payment_due: '',
      days_late: '',
    });
  });

  it('holds only what the viewer may see', () => {
    const brand = parseCsv(renderCsv(workedExampleReport({ viewer: BRAND_VIEW })));
    expect(
      brand
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['y-live', 'z-live']);
  });
});
