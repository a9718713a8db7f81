/** `--format`: how a command prints its result on stdout. */
import { UsageError } from '../base/usage-error.ts';

export type OutputFormat = 'text' | 'ktap' | 'json';

export function formatOption(raw: string, allowed: readonly OutputFormat[]): OutputFormat {
  const f = allowed.find((a) => a === raw);
  if (f === undefined) throw new UsageError(`--format ${JSON.stringify(raw)} is not one of ${allowed.join(', ')}`);
  return f;
}
