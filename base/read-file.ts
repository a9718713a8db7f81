/**
 * Reads a user-named file, turning every filesystem failure into a one-line
 * UsageError. The file is opened and checked before a byte is read: a
 * directory, a device (`/dev/zero`), a FIFO or a file above the size limit
 * is refused at once instead of hanging or exhausting memory.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { UsageError } from './usage-error.ts';
import { shownFile } from './error-line.ts';

/** Scenario, patch profile and saved-failure files: hand-written or shrunk, a few KB in practice. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;
/** Patch profiles: a name, a base and a few rules. The YAML parser takes seconds on a megabyte. */
export const MAX_PROFILE_BYTES = 64 * 1024;
/**
 * report.json and shard.json: a replay writes about 10 KB a step, a failing
 * run a shrunk counterexample per item. Parsed and validated, a 43 MB report
 * of small objects took 800 MB of heap: a bound well under the heap keeps
 * a huge file an error rather than a V8 out-of-memory abort.
 */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

const mib = (n: number): string => (n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${n / 1024} KiB`);

function failure(file: string, e: unknown): UsageError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'ENAMETOOLONG' ? 'file name too long' : `cannot read (${code ?? 'error'})`;
  return new UsageError(`${shownFile(file)}: ${why}`);
}

export function readUserFile(file: string, limit: number = MAX_INPUT_BYTES, what = 'scenario'): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not wait for one.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw new UsageError(`${shownFile(file)}: is a directory, not a ${what} file`);
    throw failure(file, e);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UsageError(`${shownFile(file)}: is a directory, not a ${what} file`);
    if (!st.isFile()) throw new UsageError(`${shownFile(file)}: not a regular file (a device, FIFO or socket cannot be read as a ${what} file)`);
    if (st.size > limit) throw new UsageError(`${shownFile(file)}: too large (${st.size} bytes; a ${what} file is at most ${mib(limit)})`);
    // The file may grow between fstat and read: read at most one byte over the limit to see it.
    const buf = Buffer.allocUnsafe(Math.min(st.size, limit) + 1);
    let got = 0;
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got === buf.length) break;
    }
    if (got > limit) throw new UsageError(`${shownFile(file)}: too large (more than ${mib(limit)}, the limit for a ${what} file)`);
    if (got > st.size) throw new UsageError(`${shownFile(file)}: changed while being read`);
    return buf.toString('utf8', 0, got);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw failure(file, e);
  } finally {
    closeSync(fd);
  }
}
