/**
 * Just enough of the tar format (POSIX ustar) for the embedded database's backups: PGlite's
 * `dumpDataDir` writes its data folder as a tar, and a backup is that tar with our lock file
 * taken out and a manifest put in. Entries are kept byte for byte; nothing is extracted here.
 */
const BLOCK = 512;

export interface TarEntry {
  /** The path as stored (PGlite's start with `/`). */
  name: string;
  /** Header and data blocks, exactly as they were in the archive. */
  raw: Buffer;
  /** The file's content (empty for a folder). */
  data: Buffer;
}

function field(header: Buffer, offset: number, length: number): string {
  const bytes = header.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(header: Buffer, offset: number, length: number): number {
  const text = field(header, offset, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

/** Sum of the header's bytes with the checksum field counted as spaces. */
function headerChecksum(header: Buffer): number {
  let sum = 0;
  for (let index = 0; index < BLOCK; index += 1) {
    sum += index >= 148 && index < 156 ? 0x20 : header[index];
  }
  return sum;
}

export class TarFormatError extends Error {}

/** The entries of an uncompressed tar archive, in order. Throws `TarFormatError` on a bad one. */
export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let at = 0;
  while (at + BLOCK <= archive.length) {
    const header = archive.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) return entries; // end-of-archive blocks
    if (octal(header, 148, 8) !== headerChecksum(header)) {
      throw new TarFormatError(`Not a tar archive (bad header checksum at byte ${at})`);
    }
    const name = field(header, 0, 100);
    const prefix = field(header, 345, 155);
    const size = octal(header, 124, 12);
    const length = BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (at + length > archive.length) {
      throw new TarFormatError(`The archive ends inside ${name} (truncated?)`);
    }
    entries.push({
      name: prefix ? `${prefix}/${name}` : name,
      raw: archive.subarray(at, at + length),
      data: archive.subarray(at + BLOCK, at + BLOCK + size),
    });
    at += length;
  }
  throw new TarFormatError('The archive has no end marker (truncated?)');
}

/** A regular-file entry (mode 0644, owner 0) holding `data`; `name` at most 100 bytes. */
export function tarFile(name: string, data: Buffer, modified: Date): TarEntry {
  if (Buffer.byteLength(name) > 100) throw new TarFormatError(`Name too long for tar: ${name}`);
  const header = Buffer.alloc(BLOCK);
  const put = (text: string, offset: number) => header.write(text, offset, 'utf8');
  const number = (value: number, width: number) =>
    `${value.toString(8).padStart(width - 1, '0')}\0`;
  put(name, 0);
  put(number(0o644, 8), 100);
  put(number(0, 8), 108);
  put(number(0, 8), 116);
  put(number(data.length, 12), 124);
  put(number(Math.floor(modified.getTime() / 1000), 12), 136);
  put('0', 156);
  put('ustar\0', 257);
  put('00', 263);
  put(`${headerChecksum(header).toString(8).padStart(6, '0')}\0 `, 148);
  const padding = Buffer.alloc(Math.ceil(data.length / BLOCK) * BLOCK - data.length);
  return { name, raw: Buffer.concat([header, data, padding]), data };
}

/** An archive of `entries`, in order, with the two zero blocks that end a tar. */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  return Buffer.concat([...entries.map((entry) => entry.raw), Buffer.alloc(2 * BLOCK)]);
}
