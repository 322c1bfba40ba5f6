/**
 * What the server logged at error level while a test ran. Nest's ConsoleLogger writes error and
 * fatal lines to stderr (warnings go to stdout); anything else that reports a fault does so
 * through `console.error`. A refusal of bad input must leave both empty.
 */
export interface ErrorLogCapture {
  /** Error-level lines written since the capture started (or since the last `clear`). */
  readonly lines: string[];
  clear(): void;
  stop(): void;
}

export function captureErrorLogs(): ErrorLogCapture {
  const lines: string[] = [];
  const stderrWrite = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (/\b(ERROR|FATAL)\b/.test(text)) lines.push(text);
      return true;
    });
  const consoleError = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  return {
    lines,
    clear: () => {
      lines.length = 0;
    },
    stop: () => {
      stderrWrite.mockRestore();
      consoleError.mockRestore();
    },
  };
}

/**
 * Runs `work` and fails if the server logged anything at error level meanwhile; returns what
 * `work` returned.
 */
export async function withoutErrorLogs<T>(work: () => Promise<T>): Promise<T> {
  const capture = captureErrorLogs();
  try {
    const result = await work();
    expect(capture.lines).toEqual([]);
    return result;
  } finally {
    capture.stop();
  }
}
