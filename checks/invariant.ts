/**
 * An invariant is a named, spec-level statement about one step: what must
 * hold of the observation after it, given the one before, the step and its
 * answer. Each is written from docs/sparse-layer.md directly, so it is a third
 * statement of the rules beside the two implementations.
 */
import type { MachineSetup } from '../model/implementation.ts';
import type { Observation } from '../model/observation.ts';
import type { Answer } from '../model/outcome.ts';
import type { Step } from '../model/step.ts';

export interface StepContext {
  readonly setup: MachineSetup;
  readonly step: Step;
  readonly outcome: Answer;
  readonly before: Observation;
  readonly after: Observation;
}

export interface Invariant {
  readonly name: string;
  /** One sentence: what the invariant promises. */
  readonly describe: string;
  /** Whether the invariant is part of the semantics of this machine's profile and config. */
  appliesTo(setup: MachineSetup): boolean;
  /**
   * What the check reads, so that a run may skip work that cannot change its
   * answer (checks/incremental.ts): `state` — only setup and `after`;
   * `section` — a state check that judges each entry of `after.sections` on
   * its own (with setup) and answers for the first one that fails; `block` —
   * a state check that judges each entry of `after.blocks` on its own and
   * answers for the first block that fails, where whether a block fails reads
   * beside it only setup, the resources, and the sections and memmap of the
   * block's own pfns (its message may name a memmap run reaching past them).
   * Unset: the check runs after every step (of a kind in `ops`, when set).
   */
  readonly scope?: 'state' | 'section' | 'block';
  /**
   * For a `state` check: every part of `after` it reads (beside setup), so
   * that a step that left all of them as they were (samePart(),
   * checks/observation-key.ts) need not run it again. A part left out that
   * the check reads would make it miss a violation:
   * test/checks/incremental.test.ts compares its answers with full ones.
   * Unset: the check runs again whenever the observation changed.
   */
  readonly reads?: ReadonlyArray<keyof Observation>;
  /**
   * For a check without a scope: the only step kinds it judges. On a step of
   * any other kind it answers undefined whatever the observations and the
   * answer, so checks/incremental.ts does not call it there.
   * test/checks/incremental.test.ts holds each check to its list on generated
   * contexts of every other kind. Unset: every step is judged.
   */
  readonly ops?: ReadonlyArray<Step['op']>;
  /** A one-line explanation of the violation, or undefined when it holds. */
  check(ctx: StepContext): string | undefined;
}
