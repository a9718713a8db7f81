/** The campaign's queue of guest work (oracle/unit-queue.ts): N at once, in order, and a failure stops it. */
import { describe, expect, it } from 'vitest';
import { runQueue } from '../../oracle/unit-queue.ts';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 1));

describe('runQueue', () => {
  it('runs at most `workers` units at once, starting them in queue order, and every unit once', async () => {
    const started: number[] = [];
    let now = 0;
    let most = 0;
    await runQueue([5, 1, 1, 3, 2, 1], 2, async (ticks) => {
      started.push(ticks);
      most = Math.max(most, ++now);
      for (let i = 0; i < ticks; i++) await tick();
      now--;
    }, () => undefined);
    expect(started).toEqual([5, 1, 1, 3, 2, 1]);
    expect(most).toBe(2);
  });

  it('a worker takes the next unit when its own ends: the short units go beside the long one', async () => {
    const ran: Array<[number, string]> = [];
    let long = 'running';
    await runQueue(['long', 'a', 'b', 'c'], 2, async (u) => {
      ran.push([ran.length, `${u} while long is ${long}`]);
      if (u === 'long') {
        for (let i = 0; i < 20; i++) await tick();
        long = 'done';
      } else await tick();
    }, () => undefined);
    expect(ran.map(([, s]) => s)).toEqual(['long while long is running', 'a while long is running', 'b while long is running', 'c while long is running']);
  });

  it('the first failure: no further unit starts, abort is called once, and that error is thrown', async () => {
    const started: string[] = [];
    let aborts = 0;
    const err = await runQueue(['fails', 'slow', 'never'], 2, async (u) => {
      started.push(u);
      await tick();
      if (u === 'fails') throw new Error('boot failed');
      await tick();
      await tick();
      // a unit the abort cut short fails too; its error is not the cause
      if (aborts > 0) throw new Error('guest closed');
    }, () => aborts++).catch((e: unknown) => e);
    expect((err as Error).message).toBe('boot failed');
    expect(started).toEqual(['fails', 'slow']);
    expect(aborts).toBe(1);
  });

  it('one worker runs the units one after another; an empty queue does nothing', async () => {
    const log: string[] = [];
    await runQueue(['x', 'y'], 1, async (u) => {
      log.push(`start ${u}`);
      await tick();
      log.push(`end ${u}`);
    }, () => undefined);
    expect(log).toEqual(['start x', 'end x', 'start y', 'end y']);
    await runQueue([], 4, () => Promise.reject(new Error('not called')), () => undefined);
  });
});
