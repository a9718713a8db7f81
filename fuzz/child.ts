/**
 * A fuzz child process: generates the inputs the parent names by index,
 * runs each in-process and answers with its class. The parent kills it on
 * a timeout, and sees it die if V8 aborts, so neither can stop the run.
 */
import { join } from 'node:path';
import { classify, type OutcomeClass } from './classify.ts';
import { runInput } from './entry.ts';
import { generators, makeInput } from './generators.ts';
import { inputHash, inputText } from './input.ts';
import type { Material } from './material.ts';
import { Rng } from './rng.ts';

export interface InitMessage {
  readonly type: 'init';
  readonly material: Material;
  readonly seed: number;
  readonly withHugeRanges: boolean;
  readonly dir: string;
  /** The per-input limit, in CPU milliseconds of memhp's work. */
  readonly timeoutMs: number;
}
export interface RunMessage {
  readonly type: 'run';
  readonly index: number;
}
export interface Answer {
  readonly index: number;
  readonly hash: string;
  readonly generator: string;
  readonly hugeRange: boolean;
  readonly cls: OutcomeClass;
  readonly code: number;
  /** The first 400 characters of stderr (what a finding shows). */
  readonly stderr: string;
  /** CPU time memhp took on it, ms (this process's, from the input on disk to the answer). */
  readonly cpuMs: number;
}

let init: InitMessage | undefined;

process.on('message', (m: InitMessage | RunMessage) => {
  if (m.type === 'init') {
    init = m;
    process.send?.({ ready: true });
    return;
  }
  if (init === undefined) throw new Error('fuzz child: run before init');
  const input = makeInput(Rng.forInput(init.seed, m.index), init.material, generators(init.withHugeRanges));
  // The limit is on memhp's CPU time, from the moment the input (up to hundreds
  // of MB) is made and on disk: a loaded machine slows the wall clock, not this.
  let cpuAtStart = process.cpuUsage();
  const r = runInput(input, join(init.dir, 'input'), init.material.failing, () => {
    cpuAtStart = process.cpuUsage();
    process.send?.({ started: m.index });
  });
  const used = process.cpuUsage(cpuAtStart);
  const cpuMs = Math.round((used.user + used.system) / 1000);
  const answer: Answer = {
    index: m.index,
    hash: inputHash(input),
    generator: input.generator,
    hugeRange: input.hugeRange === true,
    cls: cpuMs > init.timeoutMs ? 'timeout' : classify({ code: r.code, stderr: r.stderr }, inputText(input)),
    code: r.code,
    stderr: cpuMs > init.timeoutMs ? `${cpuMs} ms of CPU (limit ${init.timeoutMs} ms)` : r.stderr.slice(0, 400),
    cpuMs,
  };
  process.send?.(answer);
});

// The parent's IPC channel closing means the run is over or the parent died: go too.
process.on('disconnect', () => process.exit(0));
