/**
 * Progress for long commands, on stderr so stdout and report files never
 * carry it. On a terminal, a counter rewritten in place; in a pipe or under
 * CI, where a rewritten line turns into noise, plain lines no more often
 * than every `intervalMs`, so a CI log shows a long command is alive
 * without one line per step.
 */
import { inCi } from '../properties/settings.ts';

export interface Progress {
  /** The current state: the live line on a terminal, a throttled plain line otherwise. */
  update(text: string): void;
  /** A line worth keeping (a stage started or finished): always printed, as its own line. */
  note(text: string): void;
  done(): void;
}

export interface ProgressOptions {
  readonly now?: () => number;
  readonly intervalMs?: number;
}

export function progress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env, opts: ProgressOptions = {}): Progress {
  if (!stream.isTTY || inCi(env)) {
    const now = opts.now ?? Date.now;
    const interval = opts.intervalMs ?? 10_000;
    let last = now();
    return {
      update(text) {
        if (now() - last < interval) return;
        last = now();
        stream.write(`${text}\n`);
      },
      note(text) {
        last = now();
        stream.write(`${text}\n`);
      },
      done: () => {},
    };
  }
  let shown = false;
  const clear = (): void => {
    if (shown) stream.write('\r\x1b[2K');
    shown = false;
  };
  return {
    update(text) {
      stream.write(`\r\x1b[2K${text.slice(0, Math.max(10, (stream.columns || 80) - 1))}`);
      shown = true;
    },
    note(text) {
      clear();
      stream.write(`${text}\n`);
    },
    done: clear,
  };
}
