import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ChildService, freePort } from '../support/spawn-app';

/** Debian's package puts it in /usr/sbin, which a non-root PATH may lack. */
export function pgbouncerBinary(): string {
  for (const candidate of ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer']) {
    if (existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v pgbouncer'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'pgbouncer is not installed: `apt-get install -y pgbouncer` (CI does this in .ci/run)',
    );
  }
}

export interface PgBouncer {
  readonly port: number;
  readonly poolSize: number;
  /** `server` with its host and port replaced by PgBouncer's. */
  urlFor(server: string): string;
  stop(): Promise<void>;
}

/**
 * A PgBouncer of our own in `dir`, in front of the PostgreSQL server `serverUrl` points at, in
 * transaction mode with `poolSize` server connections per database: fewer than the clients, so
 * consecutive transactions of one client really land on different server connections. Trust
 * authentication for the user of `serverUrl` (the test server trusts loopback too). Runs in the
 * foreground as a child process; `stop()` ends it.
 */
export async function startPgBouncer(
  dir: string,
  serverUrl: string,
  poolSize: number,
): Promise<PgBouncer> {
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username || 'postgres');
  const port = await freePort();
  const ini = join(dir, 'pgbouncer.ini');
  const userlist = join(dir, 'userlist.txt');
  writeFileSync(userlist, `"${user}" ""\n`);
  writeFileSync(
    ini,
    [
      '[databases]',
      // Any database name the client asks for, on the test server.
      `* = host=${server.hostname} port=${server.port || '5432'}`,
      '',
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${userlist}`,
      'pool_mode = transaction',
      `default_pool_size = ${poolSize}`,
      'min_pool_size = 0',
      'reserve_pool_size = 0',
      'max_client_conn = 200',
      'server_check_delay = 0',
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root; it then switches to `-u` and must still read its files.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(dir, 0o755);
    chmodSync(ini, 0o644);
    chmodSync(userlist, 0o644);
  }
  const service = ChildService.spawn(
    'pgbouncer',
    pgbouncerBinary(),
    [...(asRoot ? ['-u', 'nobody'] : []), ini],
    { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
  );
  await service.waitFor(() => accepts(port), `a listening port ${port}`, 10_000);
  return {
    port,
    poolSize,
    urlFor: (target: string) => {
      const url = new URL(target);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    stop: () => service.stop(),
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolveAccepts) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveAccepts(true);
    });
    socket.once('error', () => resolveAccepts(false));
  });
}
