/**
 * A progress line for long work: rewritten in place about once a second on
 * a terminal, a plain line every 30 s otherwise (logs, CI), so a build that
 * takes twenty minutes never looks hung.
 */
export interface Ticker {
  stop(): void;
}

export function ticker(describe: () => string, stream: NodeJS.WriteStream = process.stderr, plainEveryMs = 30_000): Ticker {
  const live = stream.isTTY === true;
  let shown = false;
  const tick = (): void => {
    const text = `memhp: ${describe()}`;
    if (live) {
      stream.write(`\r\x1b[2K${text.slice(0, Math.max(10, (stream.columns || 80) - 1))}`);
      shown = true;
    } else stream.write(`${text}\n`);
  };
  const t = setInterval(tick, live ? 1000 : plainEveryMs);
  t.unref();
  return {
    stop() {
      clearInterval(t);
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
