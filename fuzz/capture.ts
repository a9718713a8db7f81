/**
 * Runs a command function with process.stdout and process.stderr captured:
 * the in-process entry points write there as the CLI does.
 */
export interface Captured<T> {
  readonly value?: T;
  readonly error?: unknown;
  readonly stdout: string;
  readonly stderr: string;
}

/** At most this much of each stream is kept: the classes need the first lines, not a 1 MB report. */
const KEEP = 64 * 1024;

export function captured<T>(fn: () => T): Captured<T> {
  const out = { stdout: '', stderr: '' };
  const write = (key: 'stdout' | 'stderr') => (chunk: string | Uint8Array): boolean => {
    if (out[key].length < KEEP) out[key] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  };
  const saved = { stdout: process.stdout.write, stderr: process.stderr.write, emitWarning: process.emitWarning };
  process.stdout.write = write('stdout') as typeof process.stdout.write;
  process.stderr.write = write('stderr') as typeof process.stderr.write;
  // Node prints a process warning on stderr on the next tick, after the capture: count it here as the line it will be.
  process.emitWarning = ((warning: string | Error) => {
    write('stderr')(`(node:${process.pid}) Warning: ${typeof warning === 'string' ? warning : warning.message}\n`);
  }) as typeof process.emitWarning;
  try {
    return { value: fn(), ...out };
  } catch (error) {
    return { error, ...out };
  } finally {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    process.emitWarning = saved.emitWarning;
  }
}

/** Runs `fn` with its output dropped; rethrows what it throws. */
export function quietly<T>(fn: () => T): T {
  const r = captured(fn);
  if ('error' in r && r.error !== undefined) throw r.error;
  return r.value as T;
}
