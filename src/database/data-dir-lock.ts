import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StartupError } from './startup-error';

/** Name of the lock file inside the embedded database's folder. */
export const LOCK_FILE = 'deal-ledger.lock';

export interface LockContent {
  pid: number;
  hostname?: string;
  startedAt?: string;
}

export class DataDirInUseError extends StartupError {}

export interface DataDirLock {
  readonly path: string;
  /** Whether an abandoned lock (its process gone) was replaced. */
  readonly tookOver: LockContent | null;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

/** Folders this process holds, so that opening one twice here is refused too. */
const heldHere = new Set<string>();

function readLock(path: string): LockContent | null | 'missing' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    return Number.isInteger(parsed.pid) && (parsed.pid as number) > 0
      ? (parsed as LockContent)
      : null;
  } catch {
    // Empty or torn: its writer died between creating and writing it (both happen in one
    // synchronous step of a live process, so an unreadable lock is taken as abandoned).
    return null;
  }
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means "in use".
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string, content: LockContent): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx'); // exclusive: fails if any process created it first
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(content)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function describeHolder(holder: LockContent): string {
  const since = holder.startedAt ? `, since ${holder.startedAt}` : '';
  const host = holder.hostname && holder.hostname !== hostname() ? ` on ${holder.hostname}` : '';
  return `pid ${holder.pid}${host}${since}`;
}

/**
 * Claims `folder` for this process with a lock file created exclusively, holding our pid.
 * PGlite has no protection of its own: two processes on one folder corrupt it. A lock whose
 * process is gone (killed, crashed, the machine rebooted) is taken over; the engine's own
 * recovery then replays its write-ahead log. A lock naming our own pid is stale too (pids are
 * reused; in a container the service is often pid 1 on every start). The lock is removed by
 * `release()` on clean shutdown and, failing that, when the process exits.
 */
export function acquireDataDirLock(folder: string): DataDirLock {
  const path = join(folder, LOCK_FILE);
  if (heldHere.has(path)) {
    throw new DataDirInUseError(
      `The embedded database in ${folder} is already open in this process.`,
    );
  }
  const content: LockContent = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
  };
  let tookOver: LockContent | null = null;
  // A few rounds: another process may create or take over the lock between our steps.
  for (let round = 0; round < 5; round += 1) {
    if (tryCreate(path, content)) {
      heldHere.add(path);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(path);
        process.removeListener('exit', release);
        const current = readLock(path);
        // Never delete a lock another process has since taken over.
        if (current !== 'missing' && current?.pid === process.pid) {
          try {
            unlinkSync(path);
          } catch {
            // Already gone: nothing to release.
          }
        }
      };
      process.on('exit', release);
      return { path, tookOver, release };
    }
    const holder = readLock(path);
    if (holder === 'missing') continue; // released meanwhile: try again
    if (holder && holder.pid !== process.pid && isRunning(holder.pid)) {
      throw new DataDirInUseError(
        `The embedded database in ${folder} is in use by another Deal Ledger process ` +
          `(${describeHolder(holder)}). Two processes on one folder would corrupt it: stop the ` +
          `other one, or set DATA_DIR to another folder (or DATABASE_URL to a PostgreSQL server). ` +
          `If no such process exists, delete ${path}.`,
      );
    }
    tookOver = holder ?? { pid: 0 };
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new DataDirInUseError(
    `Could not lock the embedded database in ${folder}: another process keeps taking ${path}.`,
  );
}

/**
 * The live process holding `folder`'s lock, or null when none does (no lock, or its process is
 * gone): for tools that must choose between opening the folder and asking the running service.
 */
export function dataDirHolder(folder: string): LockContent | null {
  const holder = readLock(join(folder, LOCK_FILE));
  if (holder === 'missing' || holder === null) return null;
  return isRunning(holder.pid) ? holder : null;
}
