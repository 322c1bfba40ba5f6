import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * Real child processes for tests that need more than one process (several API instances, a
 * PgBouncer). The API runs from the TypeScript sources through `swc-register.cjs` (the same
 * swc options as jest), so it needs no `npm run build` and cannot run stale code.
 *
 * Every child is the leader of its own process group (`detached`), and is stopped by signalling
 * the whole group, so nothing it started outlives it. Children still running when this process
 * exits (a test runner killed, a hook that threw) are SIGKILLed from an `exit` handler.
 */

const ROOT = resolve(__dirname, '../..');
const REGISTER = join(ROOT, 'test/support/swc-register.cjs');
const MAIN = join(ROOT, 'src/main.ts');

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const leftover of running) killGroup(leftover, 'SIGKILL');
    });
  }
}

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

/** A child process in its own group, its stdout and stderr kept for error messages. */
export class ChildService {
  private text = '';
  readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const append = (chunk: Buffer) => {
      // Enough to explain a failure; a chatty child must not grow without bound.
      this.text = (this.text + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.exited = new Promise((resolveExit) => child.once('exit', () => resolveExit()));
    track(child);
  }

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

  get output(): string {
    return this.text;
  }

  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** SIGTERM to the group; SIGKILL if it is still there after `graceMs`. Never throws. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.hasExited) return;
    killGroup(this.child, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolveLate) => {
      timer = setTimeout(() => resolveLate('late'), graceMs);
    });
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      killGroup(this.child, 'SIGKILL');
      await this.exited;
    }
  }

  /** Polls `probe` until it returns true; fails with the child's output if it exits first. */
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
}

export interface GraphqlAnswer {
  status: number;
  headers: Headers;
  data: any;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

/** One API process (`src/main.ts`) on a port of its own, spoken to over loopback HTTP. */
export class ApiProcess {
  private constructor(
    readonly service: ChildService,
    readonly port: number,
  ) {}

  /**
   * Starts the API with exactly `environment` (plus PATH, HOME and a free PORT) in `cwd`, and
   * resolves once `GET /health/ready` answers 200, i.e. it listens, its migrations are done and
   * the database answers.
   */
  static async start(
    name: string,
    environment: Record<string, string>,
    options: { cwd: string; timeoutMs?: number },
  ): Promise<ApiProcess> {
    const port = await freePort();
    const service = ChildService.spawn(name, process.execPath, ['-r', REGISTER, MAIN], {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        NO_COLOR: '1',
        ...environment,
        PORT: String(port),
      },
    });
    const api = new ApiProcess(service, port);
    try {
      await service.waitFor(
        async () => (await fetch(`${api.baseUrl}/health/ready`)).status === 200,
        'ready answer from /health/ready',
        options.timeoutMs ?? 60_000,
      );
    } catch (error) {
      // Still starting (timed out): the caller never gets a handle to stop it.
      await service.stop(1000);
      throw error;
    }
    return api;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
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
      throw new Error(`${this.service.name}: ${JSON.stringify(answer.errors, null, 2)}`);
    }
    return answer.data;
  }

  stop(): Promise<void> {
    return this.service.stop();
  }
}
