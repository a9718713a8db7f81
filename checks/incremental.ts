/**
 * Runs the invariants of one implementation step after step, skipping the
 * work that cannot change an answer (docs/performance.md, "Incremental
 * checks"):
 *
 * - a scoped invariant (`state`, `section`, `block`) that held after the
 *   previous step holds again when the step left the observation as it was
 *   (equal keys ⇔ equal canonical texts, and such a check reads only setup
 *   and the observation): at once when the observation after is the one
 *   before (the same object), else asked once per step;
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
 * Invariants without a scope run in full after every step of a kind they
 * judge (`ops`); the steps of other kinds they answer nothing for are not
 * judged, except on the FULL_CHECK_EVERY steps, which call every check.
 */
import type { Geometry } from '../model/geometry.ts';
import type { BlockObservation, Observation } from '../model/observation.ts';
import { changedBlockIds, changedMemmap, changedSectionNrs } from './changed-records.ts';
import type { Invariant, StepContext } from './invariant.ts';
import { sameObservation, samePart } from './observation-key.ts';
import type { Step } from '../model/step.ts';

/** Every how many steps each invariant runs in full, whatever it read before. */
export const FULL_CHECK_EVERY = 128;

export class IncrementalInvariants {
  /** Per invariant (by its place in `invariants`): whether it held on the last observation it judged; false before it was judged. */
  private readonly held: boolean[];
  private steps = 0;
  /** Per step kind, the places of the invariants that judge it (judging()). */
  private readonly byOp = new Map<Step['op'], readonly number[]>();

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
    if (this.steps % this.fullEvery === 0) return this.everyInFull(ctx);
    const out: Array<[string, string]> = [];
    // the same object: every part reads as before, so a scoped invariant that held holds again
    const same = ctx.after === ctx.before;
    let changes: StepChanges | undefined;
    for (const i of this.judging(ctx.step.op)) {
      const inv = this.invariants[i]!;
      let message: string | undefined;
      if (!this.held[i]) message = inv.check(ctx);
      else if (same) continue;
      else message = this.judge(inv, ctx, (changes ??= new StepChanges(ctx)));
      this.held[i] = inv.scope !== undefined && message === undefined;
      if (message !== undefined) out.push([inv.name, message]);
    }
    return out;
  }

  /** Every invariant in full, whatever the step kinds it declares (the answers the incremental ones must equal). */
  private everyInFull(ctx: StepContext): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (let i = 0; i < this.invariants.length; i++) {
      const inv = this.invariants[i]!;
      const message = inv.check(ctx);
      this.held[i] = inv.scope !== undefined && message === undefined;
      if (message !== undefined) out.push([inv.name, message]);
    }
    return out;
  }

  /** The places of the invariants that judge a step of this kind: every scoped one, and the step checks that declare it or no kind. */
  private judging(op: Step['op']): readonly number[] {
    const known = this.byOp.get(op);
    if (known !== undefined) return known;
    const places: number[] = [];
    for (let i = 0; i < this.invariants.length; i++) {
      const inv = this.invariants[i]!;
      if (inv.scope !== undefined || inv.ops === undefined || inv.ops.includes(op)) places.push(i);
    }
    this.byOp.set(op, places);
    return places;
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

  /**
   * A scoped invariant that held on the observation before the step. Each
   * scope asks only about what it reads, so a step that left that alone
   * costs a look at the parts, not a comparison of the whole observation.
   */
  private judge(inv: Invariant, ctx: StepContext, changes: StepChanges): string | undefined {
    if (inv.scope === 'state') {
      const same = inv.reads !== undefined ? changes.unchanged(inv.reads) : changes.nothing();
      return same ? undefined : inv.check(ctx);
    }
    // no record to judge again: a section or block check answers nothing on an empty list
    const after = inv.scope === 'section' ? changes.sectionsOnly() : changes.blocksOnly();
    return after === undefined ? undefined : inv.check({ ...ctx, after });
  }
}

/** What one step changed, worked out once for every scoped invariant that asks. */
class StepChanges {
  private sectionNrs: Set<number> | undefined;
  /** `after` cut to what a section or block check judges again; null: nothing. */
  private sections: Observation | null | undefined;
  private blocks: Observation | null | undefined;

  /** Per part of the observation asked about: whether the step left it as it was. */
  private sameParts: Map<keyof Observation, boolean> | undefined;

  private same: boolean | undefined;

  constructor(private readonly ctx: StepContext) {}

  /** Whether the step left the observation as it was (equal keys). */
  nothing(): boolean {
    this.same ??= sameObservation(this.ctx.before, this.ctx.after);
    return this.same;
  }

  /** Whether every one of these parts reads as before the step. */
  unchanged(parts: ReadonlyArray<keyof Observation>): boolean {
    this.sameParts ??= new Map();
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

  /** `after` with only the sections whose record differs from `before` (or is new); undefined when there are none. */
  sectionsOnly(): Observation | undefined {
    if (this.sections === undefined) {
      const nrs = this.changedSectionNrs();
      const sections = nrs.size === 0 ? [] : this.ctx.after.sections.filter((s) => nrs.has(s.nr));
      this.sections = sections.length === 0 ? null : { ...this.ctx.after, sections };
    }
    return this.sections ?? undefined;
  }

  /**
   * `after` with only the blocks a `block` invariant must judge again: every
   * block when the resources changed, else the blocks whose record differs
   * from `before`, that hold a changed section or pfns whose memmap changed;
   * undefined when there are none.
   */
  blocksOnly(): Observation | undefined {
    if (this.blocks === undefined) {
      const { setup, before, after } = this.ctx;
      if (!this.unchanged(RESOURCES)) this.blocks = after.blocks.length === 0 ? null : after;
      else {
        const blocks = changedBlocks(setup.geometry, before, after, this.changedSectionNrs());
        this.blocks = blocks.length === 0 ? null : { ...after, blocks };
      }
    }
    return this.blocks ?? undefined;
  }
}

const RESOURCES: ReadonlyArray<keyof Observation> = ['resources'];

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
