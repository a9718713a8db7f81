/** Reads a user-named file, turning every filesystem failure into a one-line UsageError. */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../engine/machine.ts';

export function readUserFile(file: string): string {
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? 'error'})`}`);
  }
  if (isDir) throw new UsageError(`${file}: is a directory, not a scenario file`);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
