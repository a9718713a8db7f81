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

export interface ReplayedStep {
  readonly source: ScenarioStep;
  readonly result: StepResult;
  /** The expectation that did not hold, with what was answered instead. */
  readonly unmet?: { readonly expected: Answer; readonly got: ReadonlyArray<{ impl: ImplementationKind; outcome: Answer }> };
}

export interface ReplayResult {
  readonly setup: MachineSetup;
  readonly kinds: readonly ImplementationKind[];
  readonly initial: Observation;
  readonly steps: readonly ReplayedStep[];
  /** Index of the step where the implementations diverged; replay stops there. */
  readonly divergedAt?: number;
  readonly passed: boolean;
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

export function replaySteps(
  setup: MachineSetup,
  steps: readonly ScenarioStep[],
  kinds: readonly ImplementationKind[],
  bugs: ReadonlySet<BugName> = new Set(),
): ReplayResult {
  const lock = new Lockstep(setup, kinds, { differential: kinds.length > 1, invariants: INVARIANTS }, bugs);
  const initial = lock.observations()[0]!;
  const out: ReplayedStep[] = [];
  let passed = true;
  let divergedAt: number | undefined;
  for (const source of steps) {
    const result = applyAt(lock, source);
    const wrong = source.expect === undefined ? [] : result.outcomes.filter((o) => o.outcome !== source.expect);
    const unmet = source.expect !== undefined && wrong.length > 0 ? { expected: source.expect, got: result.outcomes } : undefined;
    out.push({ source, result, ...(unmet !== undefined ? { unmet } : {}) });
    if (unmet !== undefined || result.violations.length > 0) passed = false;
    if (result.violations.some((v) => v.check === 'differential')) {
      divergedAt = out.length - 1;
      break;
    }
  }
  return { setup, kinds, initial, steps: out, passed, ...(divergedAt !== undefined ? { divergedAt } : {}) };
}
