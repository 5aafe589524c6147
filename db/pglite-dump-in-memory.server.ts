import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { MemoryFS, PGlite } from '@electric-sql/pglite';

const gunzipAsync = promisify(gunzip);
const BLOCK = 512;

/** One file or folder of a tar (POSIX ustar, as PGlite's dumps are). */
interface TarEntry {
  name: string;
  kind: 'file' | 'folder';
  /** A view into the tar itself, not a copy. */
  data: Uint8Array;
}

function text(bytes: Uint8Array, start: number, length: number): string {
  const field = bytes.subarray(start, start + length);
  const end = field.indexOf(0);
  return Buffer.from(field.buffer, field.byteOffset, end === -1 ? length : end).toString('utf8');
}

/** The entries of a tar in order, each file's bytes a view into the tar. */
export function* tarEntries(tar: Uint8Array): Generator<TarEntry> {
  for (let at = 0; ;) {
    if (at + BLOCK > tar.byteLength) throw new Error('The dump is cut short or not a tar: it has no end');
    if (tar[at] === 0) return; // the blocks of zeros that end the archive
    const name = [text(tar, at + 345, 155), text(tar, at + 0, 100)].filter(Boolean).join('/');
    const size = Number.parseInt(text(tar, at + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(tar[at + 156] || 48);
    if (!Number.isSafeInteger(size) || size < 0 || at + BLOCK + size > tar.byteLength)
      throw new Error(`The dump is cut short or not a tar: ${name}`);
    if (type !== '0' && type !== '5')
      throw new Error(`The dump holds ${name}, of a kind not read here (tar type ${type})`);
    if (name.split('/').includes('..')) throw new Error(`The dump holds ${name}, outside the data folder`);
    yield { name, kind: type === '5' ? 'folder' : 'file', data: tar.subarray(at + BLOCK, at + BLOCK + size) };
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
}

const isGzip = (bytes: Uint8Array) => bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * An embedded database in memory, started from a dump of its data folder (a tar, or a backup's
 * tar.gz). PGlite's own `loadDataDir` copies every file twice on the way in (out of the tar, then
 * into its in-memory files), 0.2 s of the 0.55 s a start from the test suite's 45 MB template took
 * on a 2-core machine, most of it the memory the copies touch for the first time. Here each file
 * of the tar is handed over as it lies: the dump's bytes become the database's, so the caller
 * gives bytes it will not use again.
 */
export class DumpInMemory extends MemoryFS {
  constructor(private readonly dump: Uint8Array) {
    super();
  }

  /** Called by PGlite once its in-memory files exist and before it looks for a data folder. */
  override async initialSyncFs(): Promise<void> {
    await super.initialSyncFs();
    const fs = this.pg!.Module.FS;
    const root = PGlite.paths.PGDATA;
    const tar = isGzip(this.dump) ? new Uint8Array(await gunzipAsync(this.dump)) : this.dump;
    const folders = new Set<string>();
    const folder = (path: string) => {
      if (folders.has(path)) return;
      fs.mkdirTree(path);
      folders.add(path);
    };
    folder(root);
    for (const entry of tarEntries(tar)) {
      const path = `${root}/${entry.name.replace(/^\/+|\/+$/g, '')}`;
      if (entry.kind === 'folder') folder(path);
      else {
        folder(path.slice(0, path.lastIndexOf('/')));
        fs.writeFile(path, entry.data, { canOwn: true });
      }
    }
  }
}
