/**
 * Runs a `memhp` command in this process and returns what it printed on
 * stdout, so a generated page shows exactly what the command shows.
 */
import { main } from '../../cli/main.ts';

type Write = typeof process.stdout.write;

export function memhpOutput(args: readonly string[]): string {
  let stdout = '';
  const out = process.stdout.write.bind(process.stdout);
  const colour = process.env.NO_COLOR;
  process.env.NO_COLOR = '1';
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as Write;
  let code: number;
  try {
    code = main(args);
  } finally {
    process.stdout.write = out;
    if (colour === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = colour;
  }
  if (code !== 0) throw new Error(`memhp ${args.join(' ')} exited ${code} while generating docs`);
  return stdout;
}
