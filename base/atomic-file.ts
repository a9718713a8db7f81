/**
 * Output files that are either whole or absent. Each file is written under a
 * temporary name in its own directory, flushed, and renamed over its final
 * name (rename(2) replaces a file atomically within one filesystem). A set of
 * files (a report) is written whole before the first rename, so a full disk
 * leaves the previous files as they were; the file that vouches for the set
 * (report.json) is removed first and renamed in last, so a crash in between
 * never leaves an old one beside new companions.
 *
 * Temporary names: base/temp-name.ts.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tempDirInUse, uninterruptible } from './interruption.ts';
import { UsageError } from './usage-error.ts';
import { tempPath } from './temp-name.ts';

export { isTempName, removeOwnTemps, removeStaleTemps } from './temp-name.ts';

const WHY: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a component of the path is not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'a component of the path exists and is not a directory',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

/**
 * A failed write as one line. Where the machine refuses (no space, read-only,
 * permissions, a path through a file) the user can act: exit 2. An I/O error
 * (EIO) or anything unforeseen is not theirs to fix: a plain Error, exit 3.
 */
export function writeError(what: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  const why = WHY[code];
  if (why !== undefined) return new UsageError(`cannot write ${what}: ${why} (${code})`);
  return new Error(`cannot write ${what}: ${code === 'EIO' ? 'input/output error' : (e as Error).message?.split('\n')[0] ?? 'error'} (${code})`);
}

function writeTemp(file: string, data: string | Uint8Array): string {
  const tmp = tempPath(file);
  tempDirInUse(dirname(file));
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
    // Flushed before the rename: after a power loss the name shows old or new contents, never an empty file.
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  return tmp;
}

export interface OutputFile {
  /** Path relative to the directory. */
  readonly name: string;
  readonly data: string | Uint8Array;
}

/**
 * Writes files into dir, all or none: every temporary first, then the
 * renames. `last` (a name among files) is removed before the first rename and
 * renamed last. Failures are one-line errors naming the file (writeError).
 */
export function writeFilesAtomically(dir: string, files: readonly OutputFile[], last?: string): void {
  const order = [...files.filter((f) => f.name !== last), ...files.filter((f) => f.name === last)];
  uninterruptible(() => {
    const temps: Array<{ tmp: string; file: string }> = [];
    try {
      for (const f of order) {
        const file = join(dir, f.name);
        mkdirFor(file);
        temps.push({ tmp: writeTemp(file, f.data), file });
      }
    } catch (e) {
      for (const t of temps) rmSync(t.tmp, { force: true });
      throw writeError(join(dir, order[temps.length]?.name ?? ''), e);
    }
    let k = 0;
    try {
      if (last !== undefined) rmSync(join(dir, last), { force: true });
      for (; k < temps.length; k++) renameSync(temps[k]!.tmp, temps[k]!.file);
    } catch (e) {
      for (const t of temps.slice(k)) rmSync(t.tmp, { force: true });
      throw writeError(temps[k]?.file ?? join(dir, last ?? ''), e);
    }
  });
}

/** One file, whole or not at all. */
export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  writeFilesAtomically(dirname(file), [{ name: basename(file), data }]);
}

function mkdirFor(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
}

/**
 * An output directory checked before any work: created if missing (parents
 * too), and proven writable by creating and removing a file in it. Every
 * refusal is one line naming the option, exit 2.
 */
export function prepareOutputDir(dir: string, what: string): void {
  try {
    if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) throw new UsageError(`${what} ${dir}: is not a directory`);
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${what} ${dir}: cannot create (${describe(e)})`);
  }
  const probe = tempPath(join(dir, 'probe'));
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (e) {
    throw new UsageError(`${what} ${dir}: not writable (${describe(e)})`);
  }
}

function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  const why = WHY[code];
  return why !== undefined ? `${why}, ${code}` : code;
}
