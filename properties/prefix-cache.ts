/**
 * Shrinking replays from a known prefix. fast-check shrinks a failing run by
 * trying candidates built from it: its first k commands kept and a later
 * part cut (`numToKeep`), or one command shrunk in place. Each candidate ran
 * from boot, observing both implementations and checking every invariant
 * after every step, although its first k steps are the steps the failing run
 * had already checked and passed: the same intents on the same machine
 * resolve to the same steps and give the same answers (the implementations,
 * the resolution and the checks are deterministic).
 *
 * So each run records, per executed step, the intent, the resolved step, its
 * answers and known findings and the interesting states first reached there; the record of the last
 * run that failed is kept. A later run of the same machine (spec and swarm
 * choice) whose executed intents start as that record does replays that
 * common prefix apply-only (Lockstep.advance: no observation, no check) and
 * reuses the recorded results for its counts, then observes once and checks
 * from there. Nothing a run reports changes: the same steps, answers,
 * findings, counts and reached states, and the candidate fails or passes as
 * it did from boot. `rebuild()` in run-property.ts still replays the final
 * counterexample from boot with every check.
 */
import type { StepResult } from '../engine/lockstep.ts';
import type { Step } from '../model/step.ts';
import type { Intent } from './intent.ts';

/**
 * What a repeated step needs of its recorded result: the answers (checked
 * again) and the known findings (counted). Observations are left out: a
 * record of a 1,000-step run would otherwise hold a thousand of them.
 */
export type RecordedResult = Pick<StepResult, 'outcomes' | 'findings'>;

/** One executed step that passed every check, as a later run may reuse it. */
export interface RecordedStep {
  readonly intent: string;
  readonly step: Step;
  readonly result: RecordedResult;
  /** The interesting states the run reached first at this step (those of the steps before it are theirs). */
  readonly reached: readonly string[];
}

/** The text of an intent: equal texts resolve to equal steps on equal states (fc.record keeps its keys in one order). */
export function intentKey(i: Intent): string {
  return JSON.stringify(i);
}

/** What one run follows and records. */
export class PrefixRun {
  /** The steps this run executed and passed, in order. */
  readonly recorded: RecordedStep[] = [];
  private following: boolean;

  constructor(
    readonly machine: string,
    private readonly base: readonly RecordedStep[],
  ) {
    this.following = base.length > 0;
  }

  /** The recorded step this run's next step repeats, while every earlier step repeated the base too. */
  next(intent: string): RecordedStep | undefined {
    if (!this.following) return undefined;
    const r = this.base[this.recorded.length];
    if (r === undefined || r.intent !== intent) {
      this.following = false;
      return undefined;
    }
    return r;
  }

  record(r: RecordedStep): void {
    this.recorded.push(r);
  }
}

/** The record of the last failing run, per property run (one per runProperty call). */
export class PrefixCache {
  private machine: string | undefined;
  private base: readonly RecordedStep[] = [];

  start(machine: string): PrefixRun {
    return new PrefixRun(machine, machine === this.machine ? this.base : []);
  }

  /** A run failed: shrink candidates are built from it, so it is what they follow. */
  failed(run: PrefixRun): void {
    this.machine = run.machine;
    this.base = run.recorded;
  }
}
