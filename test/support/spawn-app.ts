import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { failOnUserErrors } from './errors';

/**
 * Real child processes, for what an in-process TestApp cannot show: start-up, signals, exit
 * status and a killed process (test/reliability), several API instances behind a PgBouncer
 * (test/scaling). The API is the built service, `node dist/src/main.js`, as it runs in
 * production; the jest global set-up (test/support/global-setup.ts) rebuilds dist/ first when it
 * is missing or older than the sources, so it never runs stale code.
 *
 * Every child leads its own process group (`detached`) and `stop()` ends the whole group, so
 * nothing it started outlives it. Children still running when the test process exits (a worker
 * killed, a hook that threw) are SIGKILLed from an `exit` handler; `killAllSpawned()` does the
 * same from an `afterAll`.
 */

const ROOT = resolve(__dirname, '../..');
export const MAIN = join(ROOT, 'dist/src/main.js');

/** Enough output to explain a failure; a chatty child must not grow without bound. */
const OUTPUT_LIMIT = 1_000_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const running = new Set<ChildService>();
let exitHookInstalled = false;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** A child process in its own group, its stdout and stderr kept for assertions and errors. */
export class ChildService {
  private text = '';
  private readonly listeners = new Set<() => void>();
  private exitInfo: Exit | null = null;
  readonly exited: Promise<Exit>;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const append = (chunk: Buffer) => {
      this.text = (this.text + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
      for (const listener of this.listeners) listener();
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        running.delete(this);
        for (const listener of this.listeners) listener();
        resolveExit({ code, signal });
      });
    });
    running.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const leftover of running) leftover.signalGroup('SIGKILL');
      });
    }
  }

  /** Starts `command` with exactly `env`, in `cwd`, as the leader of a new process group. */
  static spawn(
    name: string,
    command: string,
    args: string[],
    options: { cwd: string; env: Record<string, string> },
  ): ChildService {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ChildService(name, child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get output(): string {
    return this.text;
  }

  get hasExited(): boolean {
    return this.exitInfo !== null;
  }

  /** Sends `signal` to the process itself, as a process manager does. */
  signal(signal: NodeJS.Signals): void {
    if (!this.exitInfo) this.child.kill(signal);
  }

  /** Sends `signal` to the whole group: the process and anything it started. */
  signalGroup(signal: NodeJS.Signals): void {
    if (this.exitInfo || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }

  /** SIGTERM to the group; SIGKILL if it is still there after `graceMs`. Never throws. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.hasExited) return;
    this.signalGroup('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolveLate) => {
      timer = setTimeout(() => resolveLate('late'), graceMs);
    });
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.signalGroup('SIGKILL');
      await this.exited;
    }
  }

  /** Resolves with the match once `pattern` appears in the output; rejects on exit or timeout. */
  waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    return new Promise((resolveMatch, reject) => {
      const check = () => {
        const match = this.text.match(pattern);
        if (match) {
          done();
          resolveMatch(match);
        } else if (this.exitInfo) {
          done();
          reject(
            new Error(
              `${this.name} exited (${JSON.stringify(this.exitInfo)}) before printing ${pattern}:\n${this.text}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms. Output:\n${this.text}`),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Polls `probe` until it returns true; fails with the output if the child exits first. */
  async waitFor(probe: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.hasExited) {
        throw new Error(`${this.name} exited before ${what}. Output:\n${this.text}`);
      }
      if (await probe().catch(() => false)) return;
      if (Date.now() > deadline) {
        throw new Error(`${this.name}: no ${what} within ${timeoutMs} ms. Output:\n${this.text}`);
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
  }

  /** The exit status, or a rejection (with the output) if the process outlives `timeoutMs`. */
  async waitForExit(timeoutMs = 30_000): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.name}: still running after ${timeoutMs} ms:\n${this.text}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** SIGKILLs every child still running (API or not): for afterAll, so no test leaves one behind. */
export async function killAllSpawned(): Promise<void> {
  const children = [...running];
  for (const child of children) child.signalGroup('SIGKILL');
  await Promise.all(children.map((child) => child.exited));
}

export interface GraphqlAnswer {
  status: number;
  headers: Headers;
  data: any;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

/** One API process on a port of its own, spoken to over loopback HTTP. */
export class ApiProcess {
  private constructor(
    readonly service: ChildService,
    readonly port: number,
  ) {}

  /**
   * Starts `node dist/src/main.js` with only `environment` on top of PATH, HOME and test
   * defaults (NODE_ENV=test, cheap password hashing, rate limits out of the way), on a free
   * PORT unless `environment` names one; in the repository unless `options.cwd` says otherwise.
   * Returns at once: for a process expected to fail, or to be watched while it starts.
   */
  static async spawn(
    environment: Record<string, string>,
    options: { name?: string; cwd?: string } = {},
  ): Promise<ApiProcess> {
    if (!existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing: run the tests through jest (its set-up builds it)`);
    }
    const port = environment.PORT ? Number(environment.PORT) : await freePort();
    const service = ChildService.spawn(options.name ?? 'api', process.execPath, [MAIN], {
      cwd: options.cwd ?? ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        NO_COLOR: '1',
        NODE_ENV: 'test',
        PASSWORD_HASH_COST: '10',
        // A test may write quickly from one address; the limits are not under test unless set.
        RATE_LIMIT_COST_PER_MINUTE: '100000000',
        RATE_LIMIT_COST_PER_MINUTE_PER_IP: '100000000',
        ...environment,
        PORT: String(port),
      },
    });
    return new ApiProcess(service, port);
  }

  /**
   * Spawns and resolves once the API listens (its ready line) and `GET /health/ready` answers
   * 200, i.e. its migrations are done and the database answers; fails with the output if it
   * exits first or is not ready within `timeoutMs`.
   */
  static async start(
    environment: Record<string, string>,
    options: { name?: string; cwd?: string; timeoutMs?: number } = {},
  ): Promise<ApiProcess> {
    const api = await ApiProcess.spawn(environment, options);
    const timeoutMs = options.timeoutMs ?? 90_000;
    const deadline = Date.now() + timeoutMs;
    try {
      await api.waitForOutput(/GraphQL API ready at/, timeoutMs);
      await api.service.waitFor(
        async () => (await fetch(`${api.baseUrl}/health/ready`)).status === 200,
        'ready answer from /health/ready',
        Math.max(deadline - Date.now(), 1000),
      );
    } catch (error) {
      // Still starting (timed out): the caller never gets a handle to stop it.
      await api.service.stop(1000);
      throw error;
    }
    return api;
  }

  get name(): string {
    return this.service.name;
  }

  get pid(): number {
    return this.service.pid;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get output(): string {
    return this.service.output;
  }

  get hasExited(): boolean {
    return this.service.hasExited;
  }

  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray> {
    return this.service.waitForOutput(pattern, timeoutMs);
  }

  waitForExit(timeoutMs?: number): Promise<Exit> {
    return this.service.waitForExit(timeoutMs);
  }

  signal(signal: NodeJS.Signals): void {
    this.service.signal(signal);
  }

  /** SIGTERM, then SIGKILL after a grace: for tearing down, not for testing the shutdown. */
  stop(): Promise<void> {
    return this.service.stop();
  }

  async gql(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<GraphqlAnswer> {
    const response = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: GraphqlAnswer['errors'] };
    return { status: response.status, headers: response.headers, data: body.data, ...body };
  }

  /** The data of a query that must succeed; throws with the errors otherwise. */
  async gqlOk(query: string, variables: Record<string, unknown> = {}, token?: string) {
    const answer = await this.gql(query, variables, token);
    if (answer.errors?.length) {
      throw new Error(`${this.name}: ${JSON.stringify(answer.errors, null, 2)}`);
    }
    failOnUserErrors(answer.data, this.name);
    return answer.data;
  }

  /**
   * Opens a POST /graphql whose body is held back: it resolves once the server has read the
   * headers (its `100 Continue`), so the request is in flight inside the service; `send()`
   * then delivers the body and resolves with the answer.
   */
  async heldRequest(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<HeldRequest> {
    const body = JSON.stringify({ query, variables });
    const request = httpRequest({
      host: '127.0.0.1',
      port: this.port,
      method: 'POST',
      path: '/graphql',
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        expect: '100-continue',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
    const answer = new Promise<GraphqlAnswer>((resolveAnswer, reject) => {
      request.once('error', reject);
      request.once('response', (response: IncomingMessage) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('error', reject);
        response.on('end', () => {
          try {
            const parsed = JSON.parse(text) as { data?: unknown; errors?: GraphqlAnswer['errors'] };
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              if (typeof value === 'string') headers.set(name, value);
            }
            resolveAnswer({
              status: response.statusCode ?? 0,
              headers,
              data: parsed.data,
              ...parsed,
            });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      });
    });
    answer.catch(() => undefined); // observed by send() or settled(); never unhandled
    await new Promise<void>((resolveContinue, reject) => {
      request.once('continue', () => resolveContinue());
      request.once('error', reject);
      request.flushHeaders();
    });
    return new HeldRequest(request, body, answer);
  }
}

export class HeldRequest {
  constructor(
    private readonly request: ClientRequest,
    private readonly body: string,
    readonly answer: Promise<GraphqlAnswer>,
  ) {}

  send(): Promise<GraphqlAnswer> {
    this.request.end(this.body);
    return this.answer;
  }

  /** How the request ended, without ever rejecting: for one that is expected to be cut. */
  settled(): Promise<GraphqlAnswer | Error> {
    return this.answer.catch((error: unknown) =>
      error instanceof Error ? error : new Error(String(error)),
    );
  }
}

/** Resolves with the error code of a fresh TCP connection attempt, or 'CONNECTED'. */
export function tryConnect(port: number): Promise<string> {
  return new Promise((resolveCode) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveCode('CONNECTED');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolveCode(error.code ?? 'ERROR'));
  });
}

/** Polls `probe` every `intervalMs` until it returns a value, which it resolves with. */
export async function until<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, intervalMs));
  }
}
