import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The repository root, from the compiled bench (bench/dist/bench/src). Children start there. */
export const REPOSITORY_ROOT = resolve(__dirname, '../../../..');

/** A server the bench started as a child process; stopped with SIGTERM (SIGKILL after 10 s). */
export interface ChildServer {
  url: string;
  pid: number;
  /** From spawn to the first answered request, in ms. */
  readyMs: number;
  /** Resident memory now, from /proc (Linux), in MiB. */
  rssMiB(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function residentMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
    return Math.round((kib / 1024) * 10) / 10;
  } catch {
    return NaN;
  }
}

/**
 * Spawns `node <args>` (the bench's own Node unless `node` names another binary) and polls `probe(baseUrl)` every 20 ms until it answers; the log goes to
 * the parent's stderr only when the process dies before it is ready (so a failure explains itself).
 */
export async function startChild(
  name: string,
  args: string[],
  env: Record<string, string | undefined>,
  port: number,
  probe: (baseUrl: string) => Promise<boolean>,
  timeoutMs = 60_000,
  node = process.execPath,
): Promise<ChildServer> {
  const started = process.hrtime.bigint();
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...env })) {
    if (value !== undefined) childEnv[key] = value;
  }
  const child = spawn(node, args, {
    cwd: REPOSITORY_ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((done) =>
    child.once('exit', () => {
      exited = true;
      done();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${name} exited before it was ready:\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${log}`);
    }
    if (await probe(url).catch(() => false)) break;
    await sleep(20);
  }
  const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    url,
    pid: child.pid!,
    readyMs: Math.round(readyMs),
    rssMiB: () => residentMiB(child.pid!),
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

/** POSTs a GraphQL operation; resolves to the parsed body, rejects on a non-JSON answer. */
export async function postGraphql<T = Record<string, unknown>>(
  endpoint: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ status: number; body: { data?: T; errors?: Array<{ message: string }> } }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: T; errors?: Array<{ message: string }> },
  };
}

/** True once `endpoint` answers `{ __typename }` with data. */
export async function answersTypename(endpoint: string): Promise<boolean> {
  const { body } = await postGraphql<{ __typename: string }>(endpoint, '{ __typename }');
  return body.data?.__typename === 'Query';
}
