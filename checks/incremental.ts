/**
 * Runs the invariants of one implementation step after step, skipping the
 * work that cannot change an answer (docs/performance.md, "Incremental
 * checks"):
 *
 * - a `state` or `section` invariant that held after the previous step holds
 *   again when the step left the observation as it was (equal keys ⇔ equal
 *   canonical texts, and such a check reads only setup and the observation);
 * - a `section` invariant that held after the previous step is checked only
 *   on the sections whose record changed: the others passed and still read
 *   the same, and each section is judged on its own;
 * - after a violation (a known finding goes on) and every FULL_CHECK_EVERY
 *   steps every invariant runs in full, and `full()` checks the last
 *   observation in full at the end of a run.
 *
 * Invariants without a scope run in full after every step.
 */
import type { Observation } from '../model/observation.ts';
import type { Invariant, StepContext } from './invariant.ts';
import { sameObservation, sectionKeys } from './observation-key.ts';

/** Every how many steps each invariant runs in full, whatever it read before. */
export const FULL_CHECK_EVERY = 32;

export class IncrementalInvariants {
  /** The answer of each invariant on the last observation it judged; absent: not judged yet. */
  private readonly last = new Map<Invariant, string | undefined>();
  private steps = 0;

  constructor(
    private readonly invariants: readonly Invariant[],
    /** 1: every invariant in full after every step (what the incremental answers must equal). */
    private readonly fullEvery: number = FULL_CHECK_EVERY,
  ) {}

  /** The violations of one step, as [invariant name, message], in the invariants' order. */
  check(ctx: StepContext): Array<[string, string]> {
    this.steps++;
    const full = this.steps % this.fullEvery === 0;
    const out: Array<[string, string]> = [];
    for (const inv of this.invariants) {
      const message = full ? inv.check(ctx) : this.judge(inv, ctx);
      if (inv.scope !== undefined) this.last.set(inv, message);
      if (message !== undefined) out.push([inv.name, message]);
    }
    return out;
  }

  /** Every invariant that reads only the state, in full, on one observation (the end of a run). */
  full(ctx: StepContext): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const inv of this.invariants) {
      if (inv.scope === undefined) continue;
      const message = inv.check(ctx);
      if (message !== undefined) out.push([inv.name, message]);
    }
    return out;
  }

  private judge(inv: Invariant, ctx: StepContext): string | undefined {
    if (inv.scope === undefined || !this.last.has(inv) || this.last.get(inv) !== undefined) return inv.check(ctx);
    if (sameObservation(ctx.before, ctx.after)) return undefined;
    if (inv.scope === 'state') return inv.check(ctx);
    return inv.check({ ...ctx, after: changedSections(ctx.before, ctx.after) });
  }
}

/** `after` with only the sections whose record differs from `before` (or is new). */
function changedSections(before: Observation, after: Observation): Observation {
  const old = sectionKeys(before);
  const now = sectionKeys(after);
  return { ...after, sections: after.sections.filter((s) => old.get(s.nr) !== now.get(s.nr)) };
}
