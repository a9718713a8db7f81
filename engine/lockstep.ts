/**
 * Drives one or two implementations step by step, and after every step
 * compares them and checks the invariants. Replays, properties and
 * regressions all go through here, so a failure means the same thing
 * wherever it is found.
 */
import type { Invariant } from '../checks/invariant.ts';
import { compareStep, type Divergence } from '../checks/differential.ts';
import { FULL_CHECK_EVERY, IncrementalInvariants } from '../checks/incremental.ts';
import { sameObservation } from '../checks/observation-key.ts';
import { excuses } from '../checks/known-findings.ts';
import type { BugName } from '../model/bugs.ts';
import type { Implementation, ImplementationKind, MachineSetup } from '../model/implementation.ts';
import { firstDifference, type Observation } from '../model/observation.ts';
import type { Answer } from '../model/outcome.ts';
import type { Step } from '../model/step.ts';
import { IMPLEMENTATIONS } from './implementations.ts';

export interface CheckSelection {
  /** Compare the implementations (needs two). */
  readonly differential: boolean;
  readonly invariants: readonly Invariant[];
  /**
   * Count the profile's known findings as violations too: for a property that
   * asks for one invariant by name, where a known finding is what is tested.
   */
  readonly strict?: boolean;
  /**
   * Count as violations only the known findings of this catalogued bug
   * (its B-n, regressions/README.md); the profile's findings of other bugs still excuse.
   * For a regression entry, whose bug is what is tested.
   */
  readonly strictFor?: string;
}

export interface Violation {
  /** "differential" or an invariant name. */
  readonly check: string;
  /** Which implementation broke an invariant; both names for a divergence. */
  readonly impl: ImplementationKind | 'reference vs optimized';
  readonly message: string;
  readonly divergence?: Divergence;
}

export interface StepResult {
  readonly outcomes: ReadonlyArray<{ readonly impl: ImplementationKind; readonly outcome: Answer }>;
  /** The first implementation's observation after the step. */
  readonly observation: Observation;
  readonly observations: ReadonlyArray<Observation>;
  readonly violations: readonly Violation[];
  /** Violations of invariants the profile is known to break (its known findings): reported, not failures. */
  readonly findings: readonly Violation[];
}

/**
 * Every how many steps each implementation's incremental observation is
 * compared with a full one (and at the end of every run): the same period as
 * the full invariant checks, so a run pays for both at once.
 */
export const FULL_OBSERVATION_EVERY = FULL_CHECK_EVERY;

/**
 * An implementation's incremental observation differs from its full one: a
 * part it touched was not marked (model/touched.ts). An internal error, not a
 * finding: the model is wrong about itself, not about the kernel.
 */
export class IncrementalObservationError extends Error {
  constructor(
    readonly impl: ImplementationKind,
    readonly where: string,
    readonly step: number,
  ) {
    super(`the ${impl} implementation's incremental observation differs from its full observation after step ${step} at ${where} (a part it changed was not marked touched)`);
    this.name = 'IncrementalObservationError';
  }
}

export class Lockstep {
  readonly impls: readonly Implementation[];
  private current: Observation[];
  private readonly invariants: readonly Invariant[];
  /**
   * One incremental checker per implementation (checks/incremental.ts); the
   * second's is skipped while both observations and answers are equal.
   */
  private checkers: readonly IncrementalInvariants[];
  /** Steps were applied by `advance()` since the last observation. */
  private stale = false;
  private lastStep: Step | undefined;
  private lastOutcomes: readonly Answer[] = [];
  private steps = 0;
  /** The differential found the current observations equal (so the next compares only what either side changed). */
  private agreed = false;
  /**
   * The second implementation's invariants were last taken from the first's
   * (both observations and answers equal), so its checker missed those steps.
   */
  private secondBehind = false;

  constructor(
    readonly setup: MachineSetup,
    kinds: readonly ImplementationKind[],
    private readonly checks: CheckSelection,
    bugs: ReadonlySet<BugName> = new Set(),
  ) {
    this.impls = kinds.map((k) => IMPLEMENTATIONS[k](setup, bugs));
    this.current = this.impls.map((i) => i.observe());
    this.invariants = checks.invariants.filter((i) => i.appliesTo(setup));
    this.checkers = this.impls.map(() => new IncrementalInvariants(this.invariants));
  }

  /** The observations as they stand (after boot, before any step). */
  observations(): readonly Observation[] {
    this.resync();
    return this.current;
  }

  apply(step: Step): StepResult {
    this.resync();
    const before = this.current;
    const outcomes = this.impls.map((impl) => ({ impl: impl.kind, outcome: impl.apply(step) }));
    const after = this.impls.map((impl) => impl.observe());
    this.current = after;
    this.steps++;
    if (this.steps % FULL_OBSERVATION_EVERY === 0) this.verifyObservations();
    const agreedBefore = this.agreed;
    const divergence = this.compare(outcomes, before, after);
    // equal observations before and after, equal answers: the second implementation's invariants answer as the first's
    const sameContexts = agreedBefore && this.agreed;
    const violations: Violation[] = [];
    let firstOwn: Array<[string, string]> = [];
    this.impls.forEach((impl, i) => {
      let own: Array<[string, string]>;
      if (i === 1 && sameContexts) {
        own = firstOwn;
        this.secondBehind = true;
      } else {
        if (i === 1 && this.secondBehind) this.catchUpSecond();
        own = this.checkers[i]!.check({
          setup: this.setup,
          step,
          outcome: outcomes[i]?.outcome ?? 'ok',
          before: before[i] ?? after[i]!,
          after: after[i]!,
        });
      }
      if (i === 0) firstOwn = own;
      for (const [check, message] of own) violations.push({ check, impl: impl.kind, message });
    });
    this.lastStep = step;
    this.lastOutcomes = outcomes.map((o) => o.outcome);
    if (divergence !== undefined) {
      violations.push({
        check: 'differential',
        impl: 'reference vs optimized',
        message: `${divergence.where}: reference ${divergence.left}, optimized ${divergence.right}`,
        divergence,
      });
    }
    if (violations.length === 0) return { outcomes, observation: after[0]!, observations: after, violations, findings: [] };
    return {
      outcomes,
      observation: after[0]!,
      observations: after,
      violations: violations.filter((v) => !this.isFinding(v, before)),
      findings: violations.filter((v) => this.isFinding(v, before)),
    };
  }

  /** The differential of one step, when asked for and there are two implementations; sets `agreed`. */
  private compare(outcomes: ReadonlyArray<{ readonly outcome: Answer }>, before: readonly Observation[], after: readonly Observation[]): Divergence | undefined {
    const [left, right] = [0, 1].map((i) => ({ outcome: outcomes[i]?.outcome, observation: after[i] }));
    if (!this.checks.differential || !left?.outcome || !right?.outcome || !left.observation || !right.observation) {
      this.agreed = false;
      return undefined;
    }
    const divergence = compareStep(
      { outcome: left.outcome, observation: left.observation },
      { outcome: right.outcome, observation: right.observation },
      this.agreed ? { left: before[0]!, right: before[1]! } : undefined,
    );
    this.agreed = divergence === undefined;
    return divergence;
  }

  /**
   * The second implementation's checker after steps whose answers were the
   * first's: it never saw them, so a fresh one judges the next step in full,
   * which is what the incremental check would have answered.
   */
  private catchUpSecond(): void {
    this.checkers = [this.checkers[0]!, new IncrementalInvariants(this.invariants)];
    this.secondBehind = false;
  }

  /** Whether a known finding of the profile excuses a violation, judged on the state before the step of the implementation it names. */
  private isFinding(v: Violation, before: readonly Observation[]): boolean {
    const i = this.impls.findIndex((impl) => impl.kind === v.impl);
    return this.known(v.check, before[i] ?? before[0]!);
  }

  /**
   * The net behind incremental observation: each implementation's observation
   * built in full must equal the one it built on top of the previous.
   * Throws IncrementalObservationError naming the first part that differs.
   */
  verifyObservations(): void {
    this.impls.forEach((impl, i) => {
      const incremental = this.current[i]!;
      const full = impl.observeFull();
      if (sameObservation(full, incremental)) return;
      throw new IncrementalObservationError(impl.kind, firstDifference(full, incremental)?.where ?? 'the observation', this.steps);
    });
  }

  /**
   * Applies a step to every implementation without observing or checking:
   * for replaying a prefix that already ran checked and passed in an equal
   * run (properties/prefix-cache.ts). The implementations are deterministic,
   * so they end in the state that run had; `resync()` must follow before the
   * next checked step.
   */
  advance(step: Step): readonly Answer[] {
    this.lastStep = step;
    this.lastOutcomes = this.impls.map((impl) => impl.apply(step));
    this.steps++;
    this.stale = true;
    return this.lastOutcomes;
  }

  /**
   * Observes every implementation again after `advance()`. The invariant
   * checkers start afresh: their first check runs every invariant in full,
   * which answers what the incremental check would have (checks/incremental.ts).
   */
  resync(): void {
    if (!this.stale) return;
    this.current = this.impls.map((impl) => impl.observe());
    this.checkers = this.impls.map(() => new IncrementalInvariants(this.invariants));
    this.agreed = false;
    this.secondBehind = false;
    this.stale = false;
  }

  /** Whether a known finding of the profile excuses a violation of `check` in the state `before` (never when strict). */
  private known(check: string, before: Observation): boolean {
    if (this.checks.strict) return false;
    const own = this.checks.strictFor;
    return this.setup.profile.knownFindings.some((f) => (own === undefined || !f.bugs.includes(own)) && excuses(f, check, this.setup, before));
  }

  /**
   * The state invariants in full on the last observation, at the end of a
   * run: the safety net behind the incremental checks (never finds what they
   * missed unless a `scope` is wrong). Known findings are left out.
   */
  finish(): Violation[] {
    const step = this.lastStep;
    if (step === undefined) return [];
    this.resync();
    this.verifyObservations();
    const violations: Violation[] = [];
    let firstFull: Array<[string, string]> = [];
    this.impls.forEach((impl, i) => {
      const now = this.current[i]!;
      const ctx = { setup: this.setup, step, outcome: this.lastOutcomes[i] ?? 'ok', before: now, after: now };
      // equal last observations (the differential agreed): the full state checks answer alike
      const full = i === 1 && this.agreed ? firstFull : this.checkers[i]!.full(ctx);
      if (i === 0) firstFull = full;
      for (const [check, message] of full) {
        if (!this.known(check, now)) violations.push({ check, impl: impl.kind, message });
      }
    });
    return violations;
  }
}
