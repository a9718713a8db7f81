/**
 * Runs a scenario file's steps on the chosen implementations, with every
 * check on, and records what each step answered and whether its `->`
 * expectation held.
 */
import { INVARIANTS } from '../checks/invariants/index.ts';
import type { BugName } from '../model/bugs.ts';
import { CapacityError } from '../model/capacity.ts';
import type { ImplementationKind, MachineSetup } from '../model/implementation.ts';
import type { Observation } from '../model/observation.ts';
import type { Answer } from '../model/outcome.ts';
import type { ScenarioStep } from '../scenario/index.ts';
import { Lockstep, type StepResult } from './lockstep.ts';

/** A step's answers and checks, without the states after it. */
export type StepAnswers = Omit<StepResult, 'observation' | 'observations'>;

export interface ReplayedStepOf<R extends StepAnswers> {
  readonly source: ScenarioStep;
  readonly result: R;
  /** The expectation that did not hold, with what was answered instead. */
  readonly unmet?: { readonly expected: Answer; readonly got: ReadonlyArray<{ impl: ImplementationKind; outcome: Answer }> };
}

export type ReplayedStep = ReplayedStepOf<StepResult>;

export interface ReplayResultOf<R extends StepAnswers> {
  readonly setup: MachineSetup;
  readonly kinds: readonly ImplementationKind[];
  readonly initial: Observation;
  readonly steps: ReadonlyArray<ReplayedStepOf<R>>;
  /** Index of the step where the implementations diverged; replay stops there. */
  readonly divergedAt?: number;
  readonly passed: boolean;
}

export type ReplayResult = ReplayResultOf<StepResult>;

/**
 * A replay that kept the states after only some steps (a long scenario):
 * `kept` maps a 0-based step index to every side's observation after it.
 */
export interface BoundedReplay extends ReplayResultOf<StepAnswers> {
  readonly kept: ReadonlyMap<number, readonly Observation[]>;
  /** The first side's state after the last step run. */
  readonly final: Observation;
}

/** One step; a step past the model's capacity names its scenario line. */
function applyAt(lock: Lockstep, source: ScenarioStep): StepResult {
  try {
    return lock.apply(source.step);
  } catch (e) {
    if (e instanceof CapacityError) throw new CapacityError(`line ${source.line}: ${e.message}`);
    throw e;
  }
}

type Kept<R extends StepAnswers> = ReplayedStepOf<R>;

/** The loop of every replay: `record` decides what of each step stays in memory. */
function replayLoop<R extends StepAnswers>(
  setup: MachineSetup,
  steps: readonly ScenarioStep[],
  kinds: readonly ImplementationKind[],
  bugs: ReadonlySet<BugName>,
  record: (step: ReplayedStep, index: number) => Kept<R>,
): ReplayResultOf<R> {
  const lock = new Lockstep(setup, kinds, { differential: kinds.length > 1, invariants: INVARIANTS }, bugs);
  const initial = lock.observations()[0]!;
  const out: Array<Kept<R>> = [];
  let passed = true;
  let divergedAt: number | undefined;
  for (const source of steps) {
    const result = applyAt(lock, source);
    const wrong = source.expect === undefined ? [] : result.outcomes.filter((o) => o.outcome !== source.expect);
    const unmet = source.expect !== undefined && wrong.length > 0 ? { expected: source.expect, got: result.outcomes } : undefined;
    out.push(record({ source, result, ...(unmet !== undefined ? { unmet } : {}) }, out.length));
    if (unmet !== undefined || result.violations.length > 0) passed = false;
    if (result.violations.some((v) => v.check === 'differential')) {
      divergedAt = out.length - 1;
      break;
    }
  }
  // the end of a replay is the end of a run: the incremental observations meet full ones (throws when they differ)
  lock.verifyObservations();
  return { setup, kinds, initial, steps: out, passed, ...(divergedAt !== undefined ? { divergedAt } : {}) };
}

/** Every step with the states after it. */
export function replaySteps(
  setup: MachineSetup,
  steps: readonly ScenarioStep[],
  kinds: readonly ImplementationKind[],
  bugs: ReadonlySet<BugName> = new Set(),
): ReplayResult {
  return replayLoop(setup, steps, kinds, bugs, (s) => s);
}

/**
 * A scenario of more steps than this is replayed with replayBounded(): its
 * report keeps the states after KEPT_STATES steps only (docs/performance.md,
 * "Long replays"). Every scenario under scenarios/ is far shorter, so their
 * reports keep every state.
 */
export const LONG_REPLAY_STEPS = 200;
export const KEPT_STATES = 100;

export interface BoundedOptions {
  /**
   * States kept: those after the `window` steps up to and including the first
   * failing step (or the last step), and the step where the implementations
   * diverged; `all` keeps every state, as replaySteps() does.
   */
  readonly window: number | 'all';
  /** Called as each step ends (streamed output, progress). */
  readonly onStep?: (step: ReplayedStep, index: number) => void;
}

/**
 * A replay whose memory does not grow with the states of its steps: every
 * step's answers and checks are kept (they are small), the states only for
 * the last `window` steps before the first failure, or before the end when
 * nothing failed.
 */
export function replayBounded(
  setup: MachineSetup,
  steps: readonly ScenarioStep[],
  kinds: readonly ImplementationKind[],
  bugs: ReadonlySet<BugName>,
  opts: BoundedOptions,
): BoundedReplay {
  const kept = new Map<number, readonly Observation[]>();
  let frozen = false;
  let final: Observation | undefined;
  const r = replayLoop<StepAnswers>(setup, steps, kinds, bugs, (s, i) => {
    opts.onStep?.(s, i);
    const { observation, observations, ...answers } = s.result;
    final = observation;
    if (opts.window === 'all') kept.set(i, observations);
    else if (!frozen) {
      kept.set(i, observations);
      kept.delete(i - opts.window);
      // After the first failure only the answers are kept: its window is what the report draws.
      frozen = s.unmet !== undefined || answers.violations.length > 0;
    } else if (answers.violations.some((v) => v.check === 'differential')) kept.set(i, observations);
    return { source: s.source, result: answers, ...(s.unmet !== undefined ? { unmet: s.unmet } : {}) };
  });
  return { ...r, kept, final: final ?? r.initial };
}
