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

  it('shows progress on a terminal only, not under CI', () => {
    for (const [tty, env, shown] of [[true, {}, true], [false, {}, false], [true, { CI: 'true' }, false]] as const) {
      const s = fakeStream(tty);
      const p = progress(s, env);
      p.update('search 1');
      p.done();
      expect(s.written.includes('search 1'), JSON.stringify({ tty, env })).toBe(shown);
    }
  });
});
