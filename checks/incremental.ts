/**
 * Runs the invariants of one implementation step after step, skipping the
 * work that cannot change an answer (docs/performance.md, "Incremental
 * checks"):
 *
 * - a scoped invariant (`state`, `section`, `block`) that held after the
 *   previous step holds again when the step left the observation as it was
 *   (equal keys ⇔ equal canonical texts, and such a check reads only setup
 *   and the observation);
 * - a `state` invariant that declares what it `reads` and held after the
 *   previous step holds again when the step left each of those parts as it
 *   was (samePart());
 * - a `section` invariant that held after the previous step is checked only
 *   on the sections whose record changed: the others passed and still read
 *   the same, and each section is judged on its own;
 * - a `block` invariant likewise only on the blocks whose record, sections
 *   or memmap changed, unless the resources changed (then on every block);
 * - after a violation (a known finding goes on) and every FULL_CHECK_EVERY
 *   steps every invariant runs in full, and `full()` checks the last
 *   observation in full at the end of a run.
 *
 * Invariants without a scope run in full after every step.
 */
import type { Geometry } from '../model/geometry.ts';
import type { BlockObservation, Observation } from '../model/observation.ts';
import { changedBlockIds, changedMemmap, changedSectionNrs } from './changed-records.ts';
import type { Invariant, StepContext } from './invariant.ts';
import { sameObservation, samePart, sameResources } from './observation-key.ts';

/** Every how many steps each invariant runs in full, whatever it read before. */
export const FULL_CHECK_EVERY = 128;

export class IncrementalInvariants {
  /** Per invariant (by its place in `invariants`): whether it held on the last observation it judged; false before it was judged. */
  private readonly held: boolean[];
  private steps = 0;

  constructor(
    private readonly invariants: readonly Invariant[],
    /** 1: every invariant in full after every step (what the incremental answers must equal). */
    private readonly fullEvery: number = FULL_CHECK_EVERY,
  ) {
    this.held = invariants.map(() => false);
  }

  /** The violations of one step, as [invariant name, message], in the invariants' order. */
  check(ctx: StepContext): Array<[string, string]> {
    this.steps++;
    const full = this.steps % this.fullEvery === 0;
    const out: Array<[string, string]> = [];
    const changes = new StepChanges(ctx);
    for (let i = 0; i < this.invariants.length; i++) {
      const inv = this.invariants[i]!;
      const message = full || !this.held[i] ? inv.check(ctx) : this.judge(inv, ctx, changes);
      this.held[i] = inv.scope !== undefined && message === undefined;
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

  /** A scoped invariant that held on the observation before the step. */
  private judge(inv: Invariant, ctx: StepContext, changes: StepChanges): string | undefined {
    if (changes.nothing()) return undefined;
    if (inv.scope === 'state') return inv.reads !== undefined && changes.unchanged(inv.reads) ? undefined : inv.check(ctx);
    if (inv.scope === 'section') return inv.check({ ...ctx, after: changes.sectionsOnly() });
    return inv.check({ ...ctx, after: changes.blocksOnly() });
  }
}

/** What one step changed, worked out once for every scoped invariant that asks. */
class StepChanges {
  private sectionNrs: Set<number> | undefined;
  private sections: Observation | undefined;
  private blocks: Observation | undefined;

  /** Per part of the observation: whether the step left it as it was. */
  private readonly sameParts = new Map<keyof Observation, boolean>();

  private same: boolean | undefined;

  constructor(private readonly ctx: StepContext) {}

  /** Whether the step left the observation as it was (equal keys). */
  nothing(): boolean {
    this.same ??= sameObservation(this.ctx.before, this.ctx.after);
    return this.same;
  }

  /** Whether every one of these parts reads as before the step. */
  unchanged(parts: ReadonlyArray<keyof Observation>): boolean {
    for (const part of parts) {
      let same = this.sameParts.get(part);
      if (same === undefined) {
        same = samePart(part, this.ctx.before, this.ctx.after);
        this.sameParts.set(part, same);
      }
      if (!same) return false;
    }
    return true;
  }

  private changedSectionNrs(): Set<number> {
    this.sectionNrs ??= changedSectionNrs(this.ctx.before, this.ctx.after);
    return this.sectionNrs;
  }

  /** `after` with only the sections whose record differs from `before` (or is new). */
  sectionsOnly(): Observation {
    if (this.sections === undefined) {
      const nrs = this.changedSectionNrs();
      this.sections = { ...this.ctx.after, sections: this.ctx.after.sections.filter((s) => nrs.has(s.nr)) };
    }
    return this.sections;
  }

  /**
   * `after` with only the blocks a `block` invariant must judge again: every
   * block when the resources changed, else the blocks whose record differs
   * from `before`, that hold a changed section or pfns whose memmap changed.
   */
  blocksOnly(): Observation {
    if (this.blocks === undefined) {
      const { setup, before, after } = this.ctx;
      this.blocks = sameResources(before, after) ? { ...after, blocks: changedBlocks(setup.geometry, before, after, this.changedSectionNrs()) } : after;
    }
    return this.blocks;
  }
}

function changedBlocks(g: Geometry, before: Observation, after: Observation, sectionNrs: ReadonlySet<number>): BlockObservation[] {
  const ids = changedBlockIds(before, after);
  for (const nr of sectionNrs) ids.add(Math.floor(nr / g.sectionsPerBlock));
  const pfns = changedMemmap(before.memmap, after.memmap);
  const out: BlockObservation[] = [];
  let k = 0;
  for (const b of after.blocks) {
    const start = b.id * g.pagesPerBlock;
    const end = start + g.pagesPerBlock;
    // blocks and changed ranges are both ascending: skip the ranges that end before this block
    while (k < pfns.length && pfns[k]!.end <= start) k++;
    if (ids.has(b.id) || (k < pfns.length && pfns[k]!.start < end)) out.push(b);
  }
  return out;
}
