import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE } from './data-dir-lock';

/** A pid that existed a moment ago and is gone now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  return child.pid;
}

describe('data folder lock', () => {
  let folder: string;
  let lockFile: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'deal-ledger-lock-'));
    lockFile = join(folder, LOCK_FILE);
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('creates the lock with our pid and removes it on release', () => {
    const lock = acquireDataDirLock(folder);
    expect(lock.tookOver).toBeNull();
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(lockFile)).toBe(false);
    lock.release(); // idempotent
    acquireDataDirLock(folder).release(); // and the folder can be locked again
  });

  it('refuses a folder held by a live process, naming it', () => {
    // Our parent (jest's launcher or the shell) is alive and is not us.
    writeFileSync(
      lockFile,
      JSON.stringify({ pid: process.ppid, startedAt: '2030-01-01T00:00:00Z' }),
    );
    expect(() => acquireDataDirLock(folder)).toThrow(DataDirInUseError);
    expect(() => acquireDataDirLock(folder)).toThrow(
      `The embedded database in ${folder} is in use by another Deal Ledger process (pid ${process.ppid}, since 2030-01-01T00:00:00Z)`,
    );
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(process.ppid); // left alone
  });

  it('refuses a second lock on the same folder within one process', () => {
    const lock = acquireDataDirLock(folder);
    try {
      expect(() => acquireDataDirLock(folder)).toThrow('already open in this process');
    } finally {
      lock.release();
    }
  });

  it('takes over a lock whose process is gone', () => {
    const gone = deadPid();
    writeFileSync(lockFile, JSON.stringify({ pid: gone }));
    const lock = acquireDataDirLock(folder);
    expect(lock.tookOver).toMatchObject({ pid: gone });
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock naming our own pid (a restarted container is pid 1 again)', () => {
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid }));
    const lock = acquireDataDirLock(folder);
    expect(lock.tookOver).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('takes over an empty or torn lock file', () => {
    writeFileSync(lockFile, '{"pi');
    const lock = acquireDataDirLock(folder);
    expect(lock.tookOver).toEqual({ pid: 0 });
    lock.release();
  });

  it('does not delete a lock another process has taken since', () => {
    const lock = acquireDataDirLock(folder);
    writeFileSync(lockFile, JSON.stringify({ pid: process.ppid }));
    lock.release();
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(process.ppid);
  });
});
