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

/**
 * Progress for jobs that boot kernels and take minutes: on a terminal, the
 * same live line; otherwise (a log, CI) a plain line whenever the status
 * changes, at most every `minMs`, and the current status again every
 * `heartbeatMs` while nothing changes, so a log never goes silent for long.
 */
export interface JobProgress extends Progress {
  /** A line that stays (a boot finished, a finding): printed at once, above the live line. */
  note(text: string): void;
}

export function jobProgress(
  stream: NodeJS.WriteStream = process.stderr,
  opts: { readonly minMs?: number; readonly heartbeatMs?: number; readonly now?: () => number } = {},
): JobProgress {
  const now = opts.now ?? Date.now;
  const started = now();
  const elapsed = (): string => `${Math.round((now() - started) / 1000)} s`;
  if (stream.isTTY) {
    const live = progress(stream, {});
    let current = '';
    return {
      update(text) {
        current = text;
        live.update(`${text} (${elapsed()})`);
      },
      note(text) {
        live.done();
        stream.write(`${text}\n`);
        if (current !== '') live.update(`${current} (${elapsed()})`);
      },
      done: () => live.done(),
    };
  }
  const minMs = opts.minMs ?? 5_000;
  let current = '';
  let printed = '';
  let lastAt = Number.NEGATIVE_INFINITY;
  const print = (): void => {
    stream.write(`memhp: ${current} (${elapsed()})\n`);
    printed = current;
    lastAt = now();
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    update(text) {
      // the heartbeat runs while there is work to report on; done() stops it, the next update starts it again
      timer ??= setInterval(() => {
        if (current !== '') print();
      }, opts.heartbeatMs ?? 20_000);
      timer.unref();
      current = text;
      if (text !== printed && now() - lastAt >= minMs) print();
    },
    note(text) {
      stream.write(`${text}\n`);
    },
    done() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}
