/**
 * The world of `memhp diff`: profile A and profile B side by side, fed the
 * same steps, stopping at the first difference (diff/search.ts searches with
 * it, diff/minimize.ts shrinks with it).
 */
import { Lockstep } from '../engine/lockstep.ts';
import type { Observation } from '../model/observation.ts';
import type { Answer } from '../model/outcome.ts';
import type { Profile } from '../model/profile.ts';
import type { Step } from '../model/step.ts';
import type { MachineSpec } from '../properties/arbitraries.ts';
import type { Intent } from '../properties/intent.ts';
import { resolveIntent } from '../properties/resolve.ts';
import type { StepStats } from '../properties/stats.ts';
import { classifyStep, stateDifference } from './kind.ts';

/** Two reference implementations side by side, one per profile, fed the same steps. */
export class DiffWorld {
  readonly a: Lockstep;
  readonly b: Lockstep;
  readonly steps: Step[] = [];
  readonly answers: [Answer[], Answer[]] = [[], []];
  readonly observations: [Observation[], Observation[]] = [[], []];
  /** The sides differed at the last step: their states are apart, so later steps compare nothing. */
  done = false;
  /** The kind of that difference, when it was not among the known ones. */
  found: string | undefined;

  constructor(
    from: Profile,
    to: Profile,
    spec: MachineSpec,
    private readonly known: ReadonlySet<string> = new Set(),
    private readonly stats?: StepStats,
  ) {
    const base = { geometry: spec.geometry, config: spec.config, boot: spec.boot };
    const none = { differential: false, invariants: [] };
    this.a = new Lockstep({ ...base, profile: from }, ['reference'], none);
    this.b = new Lockstep({ ...base, profile: to }, ['reference'], none);
  }

  /** Intents resolve against profile A's state; both sides then get the same concrete step. */
  apply(intent: Intent): void {
    this.applyStep(resolveIntent(this.a.setup, this.a.observations()[0]!, intent));
  }

  /**
   * Profiles can differ from boot on (e.g. valid_zones of boot blocks): that
   * is a kind of its own, `boot: …`, with no step. Steps are then judged by
   * the differences they add.
   */
  checkBoot(): void {
    const what = stateDifference(this.a.observations()[0]!, this.b.observations()[0]!);
    if (what === undefined) return;
    const kind = `boot: ${what}`;
    if (!this.known.has(kind)) {
      this.done = true;
      this.found = kind;
      throw new NewKind(kind);
    }
  }

  applyStep(step: Step): void {
    const beforeA = this.a.observations()[0]!;
    const beforeB = this.b.observations()[0]!;
    const ra = this.a.apply(step);
    const rb = this.b.apply(step);
    const answerA = ra.outcomes[0]!.outcome;
    const answerB = rb.outcomes[0]!.outcome;
    this.steps.push(step);
    this.answers[0].push(answerA);
    this.answers[1].push(answerB);
    this.observations[0].push(ra.observation);
    this.observations[1].push(rb.observation);
    this.stats?.count(step, answerA);
    const d = classifyStep(step, { answer: answerA, obs: ra.observation, before: beforeA }, { answer: answerB, obs: rb.observation, before: beforeB });
    if (d === undefined) return;
    this.done = true;
    if (!this.known.has(d.kind)) {
      this.found = d.kind;
      throw new NewKind(d.kind);
    }
  }
}

/** Thrown at the first difference of a kind not found yet: fast-check then shrinks. */
export class NewKind extends Error {}
