/**
 * Progress for long commands: a counter rewritten in place on a terminal,
 * nothing at all when stderr is not a TTY or under CI, so logs and files
 * never carry it.
 */
export interface Progress {
  update(text: string): void;
  done(): void;
}

export function progress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  if (!stream.isTTY || (env.CI !== undefined && env.CI !== '' && env.CI !== 'false')) return { update: () => {}, done: () => {} };
  let shown = false;
  return {
    update(text) {
      stream.write(`\r\x1b[2K${text.slice(0, Math.max(10, (stream.columns || 80) - 1))}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
