import { ProgressBar } from './progress-bar';

function recorder(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) > 0 } };
}

describe('ProgressBar', () => {
  it('elsewhere than a terminal, writes a line every 10 % and the duration at the end', () => {
    const { written, stream } = recorder(false);
    const bar = new ProgressBar('rows', 2000, { stream, labelWidth: 6 });
    for (let done = 0; done <= 2000; done += 100) bar.update(done);
    bar.finish();
    expect(written).toHaveLength(12); // 0 %, 10 % … 100 %, then the duration
    expect(written[1]).toBe(`rows   ${'█'.repeat(3)}${'░'.repeat(27)}  10 % (200/2,000)\n`);
    expect(written[10]).toBe(`rows   ${'█'.repeat(30)} 100 % (2,000/2,000)\n`);
    expect(written[11]).toMatch(/^ {2}rows: done in \d+\.\d s\n$/);
  });

  it('on a terminal, redraws in place and ends the line once at 100 %', () => {
    const { written, stream } = recorder(true);
    const bar = new ProgressBar('rows', 0, { stream });
    bar.listener(1, 4);
    bar.listener(4, 4);
    bar.listener(4, 4);
    expect(written).toEqual([
      `\rrows ${'█'.repeat(8)}${'░'.repeat(22)}  25 % (1/4)`,
      `\rrows ${'█'.repeat(30)} 100 % (4/4)\n`,
    ]);
  });

  it('draws nothing while the total is below minTotal', () => {
    const { written, stream } = recorder(false);
    const bar = new ProgressBar('rows', 0, { stream, minTotal: 50 });
    bar.listener(10, 49);
    expect(written).toEqual([]);
    bar.listener(10, 50);
    expect(written).toHaveLength(1);
  });
});
