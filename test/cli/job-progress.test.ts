/**
 * Progress of the kernel jobs (cli/progress.ts jobProgress): without a TTY,
 * a plain line when the status changes (at most every few seconds) and the
 * status again on a heartbeat, so a log never stays silent; on a TTY, one
 * live line rewritten in place.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jobProgress } from '../../cli/progress.ts';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; out: string[] } {
  const out: string[] = [];
  const stream = { isTTY, columns: 80, write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, out };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('jobProgress', () => {
  it('without a TTY: a line per change at most every minMs, and a heartbeat while nothing changes', () => {
    vi.useFakeTimers();
    let now = 0;
    const { stream, out } = fakeStream(false);
    const p = jobProgress(stream, { minMs: 5000, heartbeatMs: 20000, now: () => now });
    p.update('booting 6.1');
    expect(out).toEqual(['memhp: booting 6.1 (0 s)\n']);
    now = 1000;
    p.update('step 1/12');
    expect(out).toHaveLength(1);
    now = 20000;
    vi.advanceTimersByTime(20000);
    expect(out[1]).toBe('memhp: step 1/12 (20 s)\n');
    now = 40000;
    vi.advanceTimersByTime(20000);
    expect(out[2]).toBe('memhp: step 1/12 (40 s)\n');
    p.note('memhp: a finding');
    expect(out[3]).toBe('memhp: a finding\n');
    p.done();
    vi.advanceTimersByTime(60000);
    expect(out).toHaveLength(4);
    for (const l of out) expect(l).not.toContain('\r');
  });

  it('on a TTY: the line is rewritten in place, and a note goes above it', () => {
    const { stream, out } = fakeStream(true);
    const p = jobProgress(stream, { now: () => 0 });
    p.update('booting');
    p.note('done booting');
    p.done();
    expect(out[0]).toBe('\r\x1b[2Kbooting (0 s)');
    expect(out).toContain('done booting\n');
    expect(out[out.length - 1]).toBe('\r\x1b[2K');
  });
});
