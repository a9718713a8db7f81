/**
 * Runs `memhp` inside the test's own process: the same entry point as the
 * command (`main` of cli/main.ts), with stdout and stderr captured, and
 * without a process start per call. Commands that finish asynchronously
 * (the kernel-* ones set process.exitCode from a promise) are awaited one
 * macrotask, by which time their synchronous work has run.
 */
import { main } from '../../cli/main.ts';
import type { CliResult } from './cli.ts';

type Write = typeof process.stdout.write;

export async function memhpInProcess(args: readonly string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const colour = process.env.NO_COLOR;
  const exitBefore = process.exitCode;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as Write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as Write;
  process.env.NO_COLOR = '1';
  process.exitCode = undefined;
  try {
    const returned = main(args);
    await new Promise((r) => setImmediate(r));
    const set = process.exitCode;
    return { code: typeof set === 'number' ? set : returned, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    if (colour === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = colour;
    process.exitCode = exitBefore;
  }
}
