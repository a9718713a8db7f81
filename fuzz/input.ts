/**
 * One fuzz input: which entry point it goes through, the files it needs
 * (written into a fresh directory), and the command-line tokens. The same
 * input runs in-process (fuzz/entry.ts) and through `node bin/memhp.js`
 * (fuzz/cli-sample.ts).
 */
import { createHash } from 'node:crypto';

export type EntryKind =
  /** memhp replay FILE */
  | 'replay'
  /** memhp replay small.scn --profile FILE */
  | 'profile'
  /** memhp failures list --failures-dir DIR (every file under failures/) */
  | 'failures'
  /** memhp report check FILE */
  | 'report-check'
  /** memhp report merge a b */
  | 'merge'
  /** one option value of replay or run, checked by its parser */
  | 'option'
  /** memhp run … --path P [--replay-path R] on a case that really fails */
  | 'run-path';

export type OptionName = 'seed' | 'runs' | 'steps' | 'workers' | 'inject' | 'impl' | 'profile' | 'property' | 'shard' | 'path' | 'replay-path' | 'MEMHP_SEED' | 'MEMHP_NUM_RUNS';

export interface FuzzInput {
  /** The generator that made it (results are counted per generator). */
  readonly generator: string;
  readonly kind: EntryKind;
  /** Relative path → content. */
  readonly files: Readonly<Record<string, string | Buffer>>;
  /** For 'option': which option and its value. For 'run-path': path and replay path. */
  readonly option?: OptionName;
  readonly token?: string;
  readonly replayPath?: string;
  /** Made by a generator of huge address ranges: a timeout there is the model's known cost, not a parser bug. */
  readonly hugeRange?: boolean;
}

/** What identifies an input in results.json: sha256 of its kind, files and tokens, 16 hex digits. */
export function inputHash(input: FuzzInput): string {
  const h = createHash('sha256');
  h.update(`${input.kind}\0${input.option ?? ''}\0${input.token ?? ''}\0${input.replayPath ?? ''}\0`);
  for (const name of Object.keys(input.files).sort()) {
    h.update(`${name}\0`);
    h.update(input.files[name]!);
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/** All the user-given text of an input, to find it echoed in a message. */
export function inputText(input: FuzzInput): string {
  const parts = Object.values(input.files).map((c) => (typeof c === 'string' ? c : c.toString('utf8')));
  if (input.token !== undefined) parts.push(input.token);
  if (input.replayPath !== undefined) parts.push(input.replayPath);
  return parts.join('\n');
}
