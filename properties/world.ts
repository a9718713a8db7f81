/**
 * The state a model-based run carries from command to command: the
 * implementations in lockstep, the concrete steps so far, and counts.
 */
import type { Lockstep, StepResult, Violation } from '../engine/lockstep.ts';
import type { Observation } from '../model/observation.ts';
import type { Step } from '../model/step.ts';
import { INTERESTING_STATES } from './coverage.ts';
import type { Intent } from './intent.ts';
import { intentKey, type PrefixRun, type RecordedResult } from './prefix-cache.ts';
import { resolveIntent } from './resolve.ts';
import type { StepStats } from './stats.ts';

/** Thrown by a command when a check fails; fast-check then shrinks. */
export class CheckFailure extends Error {
  constructor(
    readonly stepIndex: number,
    readonly step: Step,
    readonly violations: readonly Violation[],
  ) {
    super(`step ${stepIndex + 1}: ${violations.map((v) => `${v.check} (${v.impl}): ${v.message}`).join('; ')}`);
  }
}

export class World {
  readonly steps: Step[] = [];
  /** Each step's result, observations included: kept only for a counterexample's report (`keepResults`). */
  readonly results: StepResult[] = [];
  /** Interesting states this run reached (properties/coverage.ts). */
  readonly reached = new Set<string>();
  /** The observation every state not reached yet was last asked about (and answered no). */
  private judged: Observation | undefined;

  constructor(
    readonly lock: Lockstep,
    private readonly stats: StepStats | undefined,
    /** Whether bare removes stay off System RAM and device memory (see PropertyDefinition.generation). */
    readonly guardResources: boolean = true,
    /** Swarm testing: the operations this run may execute (properties/swarm.ts); all when undefined. */
    readonly enabled?: ReadonlySet<string>,
    /** Shrinking: the prefix of the last failing run this run may replay apply-only (properties/prefix-cache.ts). */
    private readonly prefix?: PrefixRun,
    /** Resolve intents with the biases of properties/state-aware.ts. */
    readonly stateAware: boolean = false,
    /**
     * Keep every step's result (the rebuilt counterexample's report reads
     * them); a fast-check run keeps none, so the observation after a step
     * lives only until the step after it.
     */
    private readonly keepResults: boolean = false,
  ) {}

  /** Resolves an intent against the current state and applies it; a repeated prefix step is replayed apply-only. */
  run(intent: Intent): void {
    if (this.prefix === undefined) {
      this.apply(resolveIntent(this.lock.setup, this.lock.observations()[0]!, intent, this.guardResources, this.stateAware));
      return;
    }
    const key = intentKey(intent);
    const known = this.prefix.next(key);
    if (known !== undefined) {
      this.repeat(known.step, known.result);
      for (const st of known.reached) this.reached.add(st);
      this.prefix.record(known);
      return;
    }
    const reachedBefore = this.reached.size;
    const result = this.apply(resolveIntent(this.lock.setup, this.lock.observations()[0]!, intent, this.guardResources, this.stateAware));
    // a Set iterates in insertion order: the states added by this step come last
    const reached = this.reached.size === reachedBefore ? [] : [...this.reached].slice(reachedBefore);
    this.prefix.record({ intent: key, step: this.steps[this.steps.length - 1]!, result: { outcomes: result.outcomes, findings: result.findings }, reached });
  }

  /** A step that passed in an equal run before: applied without observing, counted from its recorded result. */
  private repeat(step: Step, result: RecordedResult): void {
    const outcomes = this.lock.advance(step);
    if (outcomes.some((o, i) => o !== result.outcomes[i]?.outcome)) {
      throw new Error(`internal error: replaying step ${this.steps.length + 1} (${step.op}) answered otherwise than when it was recorded`);
    }
    this.steps.push(step);
    this.count(step, result);
  }

  private count(step: Step, result: RecordedResult): void {
    this.stats?.count(step, result.outcomes[0]?.outcome ?? 'ok');
    for (const check of new Set(result.findings.map((f) => f.check))) this.stats?.finding(check);
  }

  /** fast-check's precondition: whether a command of this operation runs, counted either way. */
  admits(op: string): boolean {
    // the memory_block fault point is modelled only where block devices come after arch_add_memory()
    const modelled = op !== 'fail:memory_block' || this.lock.setup.profile.hotplug.blockDevices.value === 'after-arch-add';
    const yes = modelled && (this.enabled === undefined || this.enabled.has(op));
    this.stats?.command(op, yes ? 'executed' : 'skipped');
    return yes;
  }

  apply(step: Step): StepResult {
    const before = this.lock.observations()[0]!;
    const result = this.lock.apply(step);
    this.steps.push(step);
    if (this.keepResults) this.results.push(result);
    this.count(step, result);
    if (this.stats !== undefined) {
      const ctx = { step, answer: result.outcomes[0]?.outcome ?? 'ok', before };
      // after a prefix replayed apply-only, `before` was never asked about: every state is asked in full
      const since = this.judged === before;
      for (const st of INTERESTING_STATES) {
        if (this.reached.has(st.name)) continue;
        const yes = since && st.reachedSince !== undefined ? st.reachedSince(this.lock.setup, result.observation, before) : st.reached(this.lock.setup, result.observation, ctx);
        if (yes) this.reached.add(st.name);
      }
      this.judged = result.observation;
    }
    if (result.violations.length > 0) throw new CheckFailure(this.steps.length - 1, step, result.violations);
    return result;
  }

  /** The end of a run: the full check behind the incremental ones (Lockstep.finish). */
  finish(): void {
    const last = this.steps[this.steps.length - 1];
    if (last === undefined) return;
    const violations = this.lock.finish();
    if (violations.length > 0) throw new CheckFailure(this.steps.length - 1, last, violations);
  }
}
