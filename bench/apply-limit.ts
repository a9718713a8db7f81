/**
 * The limit of a checked step in this design: the same generated step
 * sequences applied to both implementations with no observation and no checks
 * (apply-only), beside the same sequences checked (both implementations
 * observed, compared and every invariant checked, as Lockstep does in a run),
 * measured in one process, interleaved, repeated, medians.
 *
 * The sequences are fast-check's: the machine and intent arbitraries of the
 * properties, resolved to steps once against the optimized implementation's
 * observations, so both modes replay exactly the same steps.
 */
import fc from 'fast-check';
import { INVARIANTS } from '../checks/invariants/index.ts';
import { IMPLEMENTATIONS } from '../engine/implementations.ts';
import { Lockstep } from '../engine/lockstep.ts';
import type { MachineSetup } from '../model/implementation.ts';
import type { Profile } from '../model/profile.ts';
import type { Step } from '../model/step.ts';
import { intentArbs, machineSpecArb } from '../properties/arbitraries.ts';
import { resolveIntent } from '../properties/resolve.ts';
import { timed } from './measure.ts';

export interface Sequence {
  readonly setup: MachineSetup;
  readonly steps: readonly Step[];
}

/** `runs` generated machines and step sequences of at most `maxSteps` steps. */
export function sequences(profile: Profile, seed: number, runs: number, maxSteps: number): Sequence[] {
  const arb = fc.tuple(machineSpecArb, fc.array(fc.oneof(...intentArbs), { maxLength: maxSteps, size: 'max' }));
  return fc.sample(arb, { seed, numRuns: runs }).map(([spec, intents]) => {
    const setup: MachineSetup = { profile, geometry: spec.geometry, config: spec.config, boot: spec.boot };
    const lock = new Lockstep(setup, ['optimized'], { differential: false, invariants: [] });
    let before = lock.observations()[0]!;
    const steps: Step[] = [];
    for (const intent of intents) {
      const step = resolveIntent(setup, before, intent, true);
      steps.push(step);
      before = lock.apply(step).observation;
    }
    return { setup, steps };
  });
}

/** Both implementations, every step applied; nothing observed, nothing checked. */
function applyOnly(seqs: readonly Sequence[]): number {
  let n = 0;
  for (const { setup, steps } of seqs) {
    const impls = [IMPLEMENTATIONS.reference(setup, new Set()), IMPLEMENTATIONS.optimized(setup, new Set())];
    for (const step of steps) for (const impl of impls) impl.apply(step);
    n += steps.length;
  }
  return n;
}

/** Both implementations in Lockstep: observed, compared, every invariant, the end-of-run checks. */
function checked(seqs: readonly Sequence[]): number {
  let n = 0;
  for (const { setup, steps } of seqs) {
    const lock = new Lockstep(setup, ['reference', 'optimized'], { differential: true, invariants: INVARIANTS });
    for (const step of steps) lock.apply(step);
    lock.finish();
    n += steps.length;
  }
  return n;
}

export interface LimitFigures {
  readonly steps: number;
  /** Steps per CPU second, median of the repetitions. */
  readonly applyOnly: number;
  readonly checked: number;
  /** checked / apply-only, median of the per-repetition ratios. */
  readonly fraction: number;
  readonly samples: ReadonlyArray<{ readonly applyOnly: number; readonly checked: number }>;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Apply-only and checked on the same sequences, `repetitions` rounds, alternating which goes first. */
export function measureLimit(seqs: readonly Sequence[], repetitions: number): LimitFigures {
  applyOnly(seqs);
  checked(seqs);
  const samples: Array<{ applyOnly: number; checked: number }> = [];
  for (let r = 0; r < repetitions; r++) {
    const rate = (f: (s: readonly Sequence[]) => number): number => {
      const t = timed(() => f(seqs));
      return t.value / (t.cpuMs / 1000);
    };
    let a: number;
    let c: number;
    if (r % 2 === 0) {
      a = rate(applyOnly);
      c = rate(checked);
    } else {
      c = rate(checked);
      a = rate(applyOnly);
    }
    samples.push({ applyOnly: Math.round(a), checked: Math.round(c) });
  }
  return {
    steps: seqs.reduce((n, s) => n + s.steps.length, 0),
    applyOnly: Math.round(median(samples.map((s) => s.applyOnly))),
    checked: Math.round(median(samples.map((s) => s.checked))),
    fraction: Number(median(samples.map((s) => s.checked / s.applyOnly)).toFixed(3)),
    samples,
  };
}
