/**
 * A shrunk counterexample as a scenario file: the machine, every step, the
 * reference implementation's answers as `->` expectations, and a comment on
 * the step where the check failed. Replaying it with `memhp replay` shows the
 * same failure.
 */
import { Lockstep } from '../engine/lockstep.ts';
import { CONFIG_KEYS, DEFAULT_CONFIG } from '../model/config.ts';
import type { Step } from '../model/step.ts';
import type { Counterexample } from '../properties/run-property.ts';
import { printScenario, type Scenario } from '../scenario/index.ts';

export function counterexampleScenario(cx: Counterexample): Scenario {
  const setup = cx.setup;
  const reference = new Lockstep(setup, ['reference'], { differential: false, invariants: [] });
  const steps = cx.steps.map((step: Step, i) => ({ step, expect: reference.apply(step).outcomes[0]!.outcome, line: i + 1 }));
  const config = CONFIG_KEYS.filter((k) => k.read(setup.config) !== k.read(DEFAULT_CONFIG)).map((k, i) => ({
    key: k.key,
    value: k.read(setup.config),
    line: i + 1,
  }));
  return { profile: setup.profile.name, geometry: setup.geometry, config, boot: setup.boot, steps };
}

/** One comment for the failing step: each implementation's answer, or the broken check. */
export function failureComment(cx: Counterexample): string {
  const r = cx.results[cx.failingStep];
  const answers = r?.outcomes.map((o) => `${o.impl} ${o.outcome}`).join(', ') ?? '';
  const checks = [...new Set(cx.violations.map((v) => v.check))].join(', ');
  return `${answers}  <- ${checks}`;
}

export function counterexampleText(cx: Counterexample): string {
  return printScenario(counterexampleScenario(cx), { comments: new Map([[cx.failingStep, failureComment(cx)]]) });
}
