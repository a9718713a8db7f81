/**
 * The parent side: child processes (fuzz/child.ts) fed input indices one
 * at a time. The time limit is on memhp's CPU time (the child measures it,
 * from the moment it has written the input); a child that overruns ten
 * times the limit in wall time is killed (SIGKILL) and the input recorded as
 * a timeout; a child that dies is a crash. Either way a fresh child takes
 * its place.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer, InitMessage } from './child.ts';
import type { Material } from './material.ts';

export interface Lost {
  readonly index: number;
  readonly cls: 'timeout' | 'crash';
  /** Signal or exit code of the child. */
  readonly how: string;
}

export interface PoolOptions {
  readonly jobs: number;
  readonly timeoutMs: number;
  readonly material: Material;
  readonly seed: number;
  readonly withHugeRanges: boolean;
  readonly dir: string;
  /** Heap of each child, MB (a 1 MB line or 10^6 steps must fit; more would hide a blow-up). */
  readonly heapMb: number;
}

interface Slot {
  child: ChildProcess;
  index: number | undefined;
  timer: NodeJS.Timeout | undefined;
  ready: boolean;
}

const CHILD = new URL('./child.ts', import.meta.url);

/**
 * How long a child may take to make and write one input before memhp runs on
 * it: the largest (a 200 MB shard record) take seconds, and the per-input
 * limit is memhp's time alone, so it starts after this.
 */
const GENERATE_MS = 120_000;

/**
 * The limit itself is CPU time, measured by the child (fuzz/child.ts); a child
 * still busy after this many times the limit in wall time is killed, so an
 * input that hangs is a timeout even on a machine too loaded to let it run.
 */
const WALL_FACTOR = 10;

/**
 * Runs `next()` indices until it returns undefined; calls `onAnswer` or
 * `onLost` for each. Resolves when every started input has an outcome.
 */
export function runPool(o: PoolOptions, next: () => number | undefined, onAnswer: (a: Answer) => void, onLost: (l: Lost) => void): { done: Promise<void>; stop: () => void } {
  const slots: Slot[] = [];
  let stopped = false;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  let spawned = 0;

  const settle = (): void => {
    if (slots.every((s) => s.index === undefined)) {
      for (const s of slots) s.child.kill('SIGKILL');
      finish();
    }
  };

  const feed = (slot: Slot): void => {
    const index = stopped ? undefined : next();
    slot.index = index;
    if (index === undefined) {
      settle();
      return;
    }
    arm(slot, GENERATE_MS, `making the input took over ${GENERATE_MS} ms`);
    slot.child.send({ type: 'run', index });
  };

  /** Kills the slot's child when `ms` pass before its next message: the input is lost as a timeout. */
  const arm = (slot: Slot, ms: number, how: string): void => {
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      const lost = slot.index;
      slot.index = undefined;
      if (lost !== undefined) onLost({ index: lost, cls: 'timeout', how });
      replace(slot);
    }, ms);
  };

  const start = (slot: Slot): ChildProcess => {
    const dir = join(o.dir, `child-${spawned++}`);
    mkdirSync(dir, { recursive: true });
    const child = fork(CHILD, [], { execArgv: ['--import', 'tsx', `--max-old-space-size=${o.heapMb}`], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    child.stderr?.resume();
    child.on('message', (m: Answer | { ready: true } | { started: number }) => {
      if (slot.child !== child) return;
      if ('ready' in m) {
        slot.ready = true;
        feed(slot);
        return;
      }
      if ('started' in m) {
        if (slot.index === m.started) arm(slot, o.timeoutMs * WALL_FACTOR, `over ${o.timeoutMs * WALL_FACTOR} ms of wall time`);
        return;
      }
      if (slot.index !== m.index) return;
      clearTimeout(slot.timer);
      slot.timer = undefined;
      onAnswer(m);
      feed(slot);
    });
    child.on('exit', (code, signal) => {
      if (slot.child !== child) return;
      clearTimeout(slot.timer);
      slot.timer = undefined;
      const lost = slot.index;
      slot.index = undefined;
      if (lost !== undefined) {
        onLost({ index: lost, cls: 'crash', how: signal ?? `exit ${code ?? '?'}` });
        replace(slot);
      } else if (!stopped && !slot.ready) {
        throw new Error(`fuzz: a child process could not start (${signal ?? `exit ${code ?? '?'}`})`);
      }
    });
    const init: InitMessage = { type: 'init', material: o.material, seed: o.seed, withHugeRanges: o.withHugeRanges, dir, timeoutMs: o.timeoutMs };
    child.send(init);
    return child;
  };

  const replace = (slot: Slot): void => {
    const old = slot.child;
    slot.ready = false;
    slot.child = start(slot);
    old.kill('SIGKILL');
  };

  for (let i = 0; i < o.jobs; i++) {
    const slot = { index: undefined, timer: undefined, ready: false } as unknown as Slot;
    slots.push(slot);
    slot.child = start(slot);
  }
  return {
    done,
    stop: () => {
      stopped = true;
      for (const s of slots) {
        clearTimeout(s.timer);
        s.child.kill('SIGKILL');
      }
    },
  };
}
