import fc from 'fast-check';
import { DEALS_CSV_COLUMNS, TEXT_COLUMNS, emptyRow, type DealsCsvRow } from './deals-csv.columns';
import { guardFormula, unguardFormula } from '../../common/csv/csv';
import { parseDealsCsv, stringifyDealsCsv, type ParseResult } from './deals-csv.format';

const LIMITS = { maxBytes: 1_000_000, maxRows: 1000 };

function rowsOf(result: ParseResult) {
  if (!result.ok) throw new Error(`expected rows, got ${JSON.stringify(result.problems)}`);
  return result.rows;
}

function problemsOf(result: ParseResult) {
  if (result.ok) throw new Error('expected problems');
  return result;
}

describe('parseDealsCsv', () => {
  it('reads a header in any order and case, a BOM, quoted commas and line breaks, CRLF and LF', () => {
    const csv =
      '\uFEFFTitle,deal_ref,CURRENCY,total_fee,notes\r\n' +
      'Spring,d1,USD,10.00,"a, b"\r\n' +
      '\r\n' + // an empty line is skipped
      'Autumn,d2,EUR,5,"two\nlines ""quoted"""\n' +
      'Winter,d3,GBP,1,\n';
    const rows = rowsOf(parseDealsCsv(csv, LIMITS));
    expect(rows.map((row) => [row.line, row.cells.deal_ref, row.cells.title])).toEqual([
      [2, 'd1', 'Spring'],
      [4, 'd2', 'Autumn'],
      // Line 5 continues the quoted note of line 4.
      [6, 'd3', 'Winter'],
    ]);
    expect(rows[0].cells.notes).toBe('a, b');
    expect(rows[1].cells.notes).toBe('two\nlines "quoted"');
    // Columns the header leaves out read as empty.
    expect(rows[0].cells.kind).toBe('');
  });

  it('counts lines in bytes of UTF-8 text correctly after multi-byte characters', () => {
    const csv = 'deal_ref,title,currency,total_fee\nd1,"Café\r\nété",EUR,1\nd2,Ünïcødé,EUR,2\n';
    const rows = rowsOf(parseDealsCsv(csv, LIMITS));
    expect(rows.map((row) => row.line)).toEqual([2, 4]);
    expect(rows[0].cells.title).toBe('Café\r\nété');
  });

  it('trims codes and numbers but keeps free text as written', () => {
    const rows = rowsOf(
      parseDealsCsv('deal_ref,title,currency,total_fee\n d1 ,  Spaced  , USD , 1.00 \n', LIMITS),
    );
    expect(rows[0].cells).toMatchObject({
      deal_ref: 'd1',
      title: '  Spaced  ',
      currency: 'USD',
      total_fee: '1.00',
    });
  });

  it('skips rows whose cells are all empty (spreadsheets add them)', () => {
    const rows = rowsOf(
      parseDealsCsv('deal_ref,title,currency,total_fee\n,,,\nd1,T,USD,1\n , ,,\n', LIMITS),
    );
    expect(rows.map((row) => row.line)).toEqual([3]);
  });

  it('names unknown, repeated and missing header columns on line 1', () => {
    const result = problemsOf(parseDealsCsv('deal_ref,title,fee,title\n', LIMITS));
    expect(result.reason).toBe('INVALID');
    expect(result.problems).toEqual([
      { line: 1, column: 'fee', message: expect.stringContaining('Unknown column "fee"') },
      { line: 1, column: 'title', message: 'This column appears twice' },
      { line: 1, column: 'currency', message: 'The header has no currency column' },
      { line: 1, column: 'total_fee', message: 'The header has no total_fee column' },
    ]);
  });

  it('reports a row with the wrong number of cells, and an unclosed quote, by line', () => {
    const ragged = problemsOf(
      parseDealsCsv('deal_ref,title,currency,total_fee\nd1,T,USD,1\nd2,T,USD\n', LIMITS),
    );
    expect(ragged.problems).toEqual([
      { line: 3, column: null, message: 'This row has 3 cells; the header has 4' },
    ]);
    const unclosed = problemsOf(
      parseDealsCsv('deal_ref,title,currency,total_fee\nd1,"T,USD,1\n', LIMITS),
    );
    expect(unclosed.problems[0].message).toMatch(/Quote Not Closed/);
    expect(unclosed.problems[0].line).toBeGreaterThanOrEqual(2);
  });

  it('refuses an empty file and one that is not UTF-8', () => {
    expect(problemsOf(parseDealsCsv('', LIMITS)).problems[0].message).toMatch(/empty/);
    const latin1 = Buffer.from('deal_ref,title,currency,total_fee\nd1,Caf\xe9,EUR,1\n', 'latin1');
    expect(problemsOf(parseDealsCsv(latin1, LIMITS)).problems[0].message).toMatch(/UTF-8/);
  });

  it('refuses NUL characters and lone surrogates in a cell, by line and column', () => {
    const csv =
      'deal_ref,title,currency,total_fee,notes\n' +
      'd1,Spring,USD,10,fine\n' +
      'd2,Sum\u0000mer,USD,10,ok\n' +
      'd3,Autumn,USD,10,"half \uD83D of an emoji"\n' +
      'd4,Winter,USD,10,"\uDE00 low half, and a whole one \uD83D\uDE00 and a real \uFFFD"\n';
    expect(problemsOf(parseDealsCsv(csv, LIMITS)).problems).toEqual([
      {
        line: 3,
        column: 'title',
        message: expect.stringContaining('NUL'),
        reason: 'INVALID_CHARACTER',
      },
      {
        line: 4,
        column: 'notes',
        message: expect.stringContaining('lone UTF-16 surrogate'),
        reason: 'INVALID_CHARACTER',
      },
      {
        line: 5,
        column: 'notes',
        message: expect.stringContaining('lone UTF-16 surrogate'),
        reason: 'INVALID_CHARACTER',
      },
    ]);
    // A whole emoji and a real replacement character are text like any other.
    const fine = rowsOf(
      parseDealsCsv(
        'deal_ref,title,currency,total_fee,notes\nd1,A,USD,1,"\uD83D\uDE00 \uFFFD \uE000"\n',
        LIMITS,
      ),
    );
    expect(fine[0].cells.notes).toBe('\uD83D\uDE00 \uFFFD \uE000');
  });

  it('refuses input past the byte and row limits, and accepts it exactly at them', () => {
    const header = 'deal_ref,title,currency,total_fee\n';
    const three = `${header}a,T,USD,1\nb,T,USD,1\nc,T,USD,1\n`;
    expect(rowsOf(parseDealsCsv(three, { maxBytes: 1000, maxRows: 3 }))).toHaveLength(3);
    const overRows = problemsOf(parseDealsCsv(three, { maxBytes: 1000, maxRows: 2 }));
    expect(overRows.reason).toBe('TOO_LARGE');
    expect(overRows.problems[0].message).toMatch(/more than 2 rows/);

    const bytes = Buffer.byteLength(three);
    expect(rowsOf(parseDealsCsv(three, { maxBytes: bytes, maxRows: 10 }))).toHaveLength(3);
    const overBytes = problemsOf(parseDealsCsv(three, { maxBytes: bytes - 1, maxRows: 10 }));
    expect(overBytes.reason).toBe('TOO_LARGE');
    expect(overBytes.problems[0].message).toContain(`${bytes} bytes; at most ${bytes - 1}`);
  });
});

describe('formula guard', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-5 off', "'-5 off"],
    ['@handle', "'@handle"],
    ['\tTabbed', "'\tTabbed"],
    ["'=already", "''=already"],
    ["''", "'''"],
    ["'quoted'", "'quoted'"],
    ['Plain', 'Plain'],
    ['', ''],
  ])('guards %j as %j and undoes it', (text, guarded) => {
    expect(guardFormula(text)).toBe(guarded);
    expect(unguardFormula(guarded)).toBe(text);
  });

  it('never leaves a formula start, and always undoes exactly (property)', () => {
    const tricky = fc.string({
      unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", 'a', ' ', ','),
      maxLength: 6,
    });
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string()), (text) => {
        const guarded = guardFormula(text);
        expect(guarded).not.toMatch(/^[=+\-@\t\r]/);
        expect(unguardFormula(guarded)).toBe(text);
      }),
    );
  });
});

describe('stringifyDealsCsv', () => {
  it('writes the full header, CRLF line ends, quotes where needed and guards text only', () => {
    const row: DealsCsvRow = {
      ...emptyRow(),
      deal_ref: 'd1',
      title: '=HYPERLINK("x")',
      notes: 'line one\nline two, with a comma',
      total_fee: '10.00',
      currency: 'USD',
    };
    const csv = stringifyDealsCsv([row]);
    const [header, record, end] = csv.split('\r\n');
    expect(header).toBe(DEALS_CSV_COLUMNS.join(','));
    expect(record).toContain(`d1,"'=HYPERLINK(""x"")",`);
    expect(csv).toContain('"line one\nline two, with a comma"');
    expect(end).toBe('');
  });
});

describe('round trip: row objects → CSV → rows (property)', () => {
  // Cells as people and spreadsheets write them: separators, quotes, line breaks, formula
  // starts, apostrophes and non-ASCII text.
  const character = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        'a',
        'Z',
        '0',
        ' ',
        ',',
        '"',
        '\n',
        '\r\n',
        '=',
        '+',
        '-',
        '@',
        "'",
        ';',
        '\t',
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom('é', '日本', '🎬', 'ß') },
  );
  const text = fc.array(character, { maxLength: 8 }).map((parts) => parts.join(''));
  // Non-text columns are trimmed on import, so they are generated trimmed.
  const trimmed = text.map((value) => value.trim());

  const row = fc.record(
    Object.fromEntries(
      DEALS_CSV_COLUMNS.map((column) => [
        column,
        column === 'deal_ref'
          ? trimmed.filter((value) => value !== '')
          : TEXT_COLUMNS.has(column)
            ? text
            : trimmed,
      ]),
    ) as Record<keyof DealsCsvRow, fc.Arbitrary<string>>,
  ) as fc.Arbitrary<DealsCsvRow>;

  it('parses back every row exactly as written', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 5 }), (rows) => {
        const parsed = rowsOf(parseDealsCsv(stringifyDealsCsv(rows), LIMITS));
        expect(parsed.map((entry) => entry.cells)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
