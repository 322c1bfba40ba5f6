import { BRAND_VIEW, workedExampleReport } from '../report.fixtures';
import { mdCell, mdText, renderMarkdown } from './markdown';

/** Cells of a Markdown table line, splitting on unescaped pipes. */
function cells(line: string): string[] {
  return line
    .replace(/^\|\s?|\s?\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

describe('Markdown escaping', () => {
  it('escapes pipes and line breaks in cells', () => {
    expect(mdCell('a | b')).toBe('a \\| b');
    expect(mdCell('one\ntwo\r\nthree\rfour')).toBe('one<br>two<br>three<br>four');
    expect(mdCell('<b>*x*</b> [link](http://x) `code` _u_ ~~s~~ \\')).toBe(
      '\\<b\\>\\*x\\*\\</b\\> \\[link\\](http://x) \\`code\\` \\_u\\_ \\~\\~s\\~\\~ \\\\',
    );
  });

  it('keeps paragraphs and headings on one line', () => {
    expect(mdText('Title\nwith # and | pipe')).toBe('Title with # and \\| pipe');
  });
});

describe('renderMarkdown', () => {
  const model = workedExampleReport({
    titles: { story: 'Story | with pipe\nand a new line', reel: '<script>alert(1)</script>' },
  });
  const md = renderMarkdown(model);
  const lines = md.split('\n');

  it('has headings, totals, breakdowns, deliverables and recommendations', () => {
    expect(lines[0]).toBe('# Outage report: Meta down');
    for (const heading of [
      '## Outages',
      '## Totals',
      '## Recommendations',
      '## By creator',
      '## By brand',
      '## By deal',
      '## By platform',
      '## Affected deliverables',
      '## Platform income lost',
    ]) {
      expect(lines).toContain(heading);
    }
    expect(md).toContain('- **View:** admin view');
    expect(md).toContain('- **Status:** Final');
    expect(md).toContain(
      '| USD | 1590.00 | 10.00 | 0.00 | 0.00 | 0.00 | 11.67 | 0 | 1 | 1 | 0 | 0 |',
    );
    expect(md).toContain('1. Post Y live (Deal Y) on YouTube');
  });

  it('keeps every table row to its header’s number of cells, whatever the titles hold', () => {
    let columns = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        columns = 0;
        continue;
      }
      if (columns === 0) columns = cells(line).length;
      expect(cells(line)).toHaveLength(columns);
    }
    const deliverableRows = lines.filter((line) => line.includes('(STORY, FLEXIBLE)'));
    expect(deliverableRows).toEqual([
      expect.stringContaining('| Story \\| with pipe<br>and a new line (STORY, FLEXIBLE) |'),
    ]);
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
  });

  it('leaves platform income out entirely for a brand', () => {
    const brand = renderMarkdown(workedExampleReport({ viewer: BRAND_VIEW }));
    expect(brand).not.toMatch(/platform income/i);
    expect(brand).toContain("- **View:** Globex's view");
    expect(brand).toContain(
      '| Currency | Delayed | Lost | Retained | Recoverable | At risk | # Lost |',
    );
  });
});
