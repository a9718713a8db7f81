/** Colour and progress only on a terminal: nothing extra in CI, pipes or files. */
import { describe, expect, it } from 'vitest';
import { useColour } from '../../cli/colour.ts';
import { progress } from '../../cli/progress.ts';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { written: string } {
  const s = { isTTY, columns: 80, written: '', write(chunk: string) { s.written += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { written: string };
}

describe('terminal output', () => {
  it('colours a terminal unless NO_COLOR is set, and never a pipe', () => {
    expect(useColour(fakeStream(true), {})).toBe(true);
    expect(useColour(fakeStream(true), { NO_COLOR: '1' })).toBe(false);
    expect(useColour(fakeStream(false), {})).toBe(false);
  });

  it('rewrites a live line on a terminal, and clears it before a kept line', () => {
    const s = fakeStream(true);
    const p = progress(s, {});
    p.update('search 1');
    p.note('pair 1 finished');
    p.update('search 2');
    p.done();
    expect(s.written).toBe('\r\x1b[2Ksearch 1\r\x1b[2Kpair 1 finished\n\r\x1b[2Ksearch 2\r\x1b[2K');
  });

  it('prints plain lines, at most one update per interval, in a pipe or under CI', () => {
    for (const [tty, env] of [[false, {}], [true, { CI: 'true' }]] as const) {
      const s = fakeStream(tty);
      let t = 0;
      const p = progress(s, env, { now: () => t, intervalMs: 10_000 });
      p.update('search 1'); // too soon after the start
      t = 10_000;
      p.update('search 2');
      t = 15_000;
      p.update('search 3'); // too soon after search 2
      p.note('pair 1 finished');
      t = 24_000;
      p.update('search 4'); // too soon after the note
      t = 25_000;
      p.update('search 5');
      p.done();
      expect(s.written, JSON.stringify({ tty, env })).toBe('search 2\npair 1 finished\nsearch 5\n');
    }
  });
});
