import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTar, tarFile, TarFormatError, writeTar } from './tar-archive';

describe('tar archives (backups of the embedded database)', () => {
  const when = new Date('2026-01-02T03:04:05Z');

  it('reads back what it writes, content and names, padding included', () => {
    const archive = writeTar([
      tarFile('/PG_VERSION', Buffer.from('18\n'), when),
      tarFile('deal-ledger-backup.json', Buffer.alloc(700, 0x61), when),
    ]);
    expect(archive.length).toBe(512 + 512 + 512 + 1024 + 1024); // 2 headers, 1 + 2 data blocks, end
    const entries = readTar(archive);
    expect(entries.map((entry) => [entry.name, entry.data.length])).toEqual([
      ['/PG_VERSION', 3],
      ['deal-ledger-backup.json', 700],
    ]);
    expect(entries[0].data.toString()).toBe('18\n');
    // Entries are kept byte for byte: rewriting a subset gives the same bytes for it.
    expect(writeTar(entries.slice(1)).equals(writeTar([entries[1]]))).toBe(true);
  });

  it('writes archives the system tar reads', () => {
    const folder = mkdtempSync(join(tmpdir(), 'tar-spec-'));
    try {
      writeFileSync(
        join(folder, 'a.tar'),
        writeTar([tarFile('notes.txt', Buffer.from('hello\n'), when)]),
      );
      execFileSync('tar', ['-xf', 'a.tar'], { cwd: folder });
      expect(readFileSync(join(folder, 'notes.txt'), 'utf8')).toBe('hello\n');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses what is not a tar, and a truncated one', () => {
    expect(() => readTar(Buffer.alloc(1024, 0x41))).toThrow(TarFormatError);
    const archive = writeTar([tarFile('big', Buffer.alloc(2000, 1), when)]);
    expect(() => readTar(archive.subarray(0, 1024))).toThrow(/ends inside big/);
    expect(() => readTar(archive.subarray(0, 512 + 2048))).toThrow(/no end marker/);
  });
});
