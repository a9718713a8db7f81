/**
 * Steps per CPU second, per profile, side by side on the same generated
 * commands (same seed, runs and step bound): the floor (fast-check's
 * fc.commands with a no-op command and no model, what fast-check costs per
 * step), the optimized implementation alone, the reference alone, and the
 * full differential run with every invariant. Beside them, the limit
 * (bench/apply-limit.ts): the same step sequences applied to both
 * implementations with nothing observed or checked, and checked, as a
 * fraction of it (median of LIMIT_REPETITIONS interleaved rounds).
 */
import fc from 'fast-check';
import { INVARIANTS } from '../../checks/invariants/index.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import { intentArbs, machineSpecArb } from '../../properties/arbitraries.ts';
import type { PropertyDefinition } from '../../properties/catalogue.ts';
import { runProperty } from '../../properties/run-property.ts';
import { deriveSeed, seedName } from '../../properties/seeds.ts';
import { measureLimit, sequences, type LimitFigures } from '../apply-limit.ts';
import { round, stepsOf, timed } from '../measure.ts';
import { atLeast, type BenchGroup, type Row } from '../types.ts';

const ALONE = (kind: 'optimized' | 'reference'): PropertyDefinition => ({
  name: `${kind}-alone`,
  describe: `${kind} only, no checks`,
  kinds: [kind],
  checks: { differential: false, invariants: [] },
});

const CHECKED: PropertyDefinition = {
  name: 'differential+invariants',
  describe: 'both implementations, compared and every invariant checked after every step',
  kinds: ['reference', 'optimized'],
  checks: { differential: true, invariants: INVARIANTS },
};

/** The floor: the same command arbitraries through fc.commands and fc.modelRun, commands that do nothing. */
function floor(seed: number, numRuns: number, maxSteps: number): number {
  let steps = 0;
  class Noop implements fc.Command<object, object> {
    constructor(readonly intent: unknown) {}
    check(): boolean {
      return true;
    }
    run(): void {
      steps++;
    }
    toString(): string {
      return 'noop';
    }
  }
  const commands = fc.commands([fc.oneof(...intentArbs).map((i) => new Noop(i))], { maxCommands: maxSteps, size: 'max' });
  fc.assert(
    fc.property(machineSpecArb, commands, (_spec, cmds) => {
      fc.modelRun(() => ({ model: {}, real: {} }), cmds);
    }),
    { seed, numRuns },
  );
  return steps;
}

/** Rounds of apply-only and checked per profile; the figures are their medians. */
const LIMIT_REPETITIONS = 5;

export const throughput: BenchGroup = {
  name: 'throughput',
  describe: 'steps per CPU second: floor, optimized alone, reference alone, differential with every invariant, per profile',
  run({ quick }) {
    const numRuns = quick ? 10 : 40;
    const maxSteps = 120;
    const perProfile: Record<string, Record<string, { steps: number; cpuMs: number; stepsPerSecond: number }> & { limit?: LimitFigures }> = {};
    const rows: Row[] = [];
    // warm-up: the first floor measured would otherwise pay for compiling fast-check's paths
    floor(1, numRuns, maxSteps);
    for (const profile of PROFILES) {
      const seed = deriveSeed(42, `bench/${seedName(profile)}`);
      const m: Record<string, { steps: number; cpuMs: number; stepsPerSecond: number }> = {};
      // the floor is fast: the same commands ten times over, for a rate that is not noise
      const f = timed(() => Array.from({ length: 10 }, () => floor(seed, numRuns, maxSteps)).reduce((a, b) => a + b, 0));
      m.floor = { steps: f.value, cpuMs: round(f.cpuMs), stepsPerSecond: Math.round(f.value / (f.cpuMs / 1000)) };
      for (const property of [ALONE('optimized'), ALONE('reference'), CHECKED]) {
        const t = timed(() => runProperty({ profile, property, seed, numRuns, maxSteps }));
        const steps = stepsOf(t.value);
        m[property.name] = { steps, cpuMs: round(t.cpuMs), stepsPerSecond: Math.round(steps / (t.cpuMs / 1000)) };
      }
      const limit = measureLimit(sequences(profile, seed, numRuns, maxSteps), LIMIT_REPETITIONS);
      perProfile[profile.name] = { ...m, limit };
      const checked = m[CHECKED.name]!.stepsPerSecond;
      const fl = m.floor.stepsPerSecond;
      rows.push(
        { figure: `${profile.name} floor (fc.commands, no-op)`, value: fl, unit: 'steps/s' },
        { figure: `${profile.name} optimized alone`, value: m['optimized-alone']!.stepsPerSecond, unit: 'steps/s' },
        { figure: `${profile.name} reference alone`, value: m['reference-alone']!.stepsPerSecond, unit: 'steps/s' },
        {
          figure: `${profile.name} differential + all invariants`,
          value: checked,
          unit: 'steps/s',
          target: `≥ 1/3 of floor (${Math.round(fl / 3)})`,
          ...atLeast(checked, fl / 3),
        },
        { figure: `${profile.name} apply-only (both, no observation, no checks)`, value: limit.applyOnly, unit: 'steps/s' },
        { figure: `${profile.name} checked, same steps (differential + all invariants)`, value: limit.checked, unit: 'steps/s' },
        { figure: `${profile.name} checked / apply-only`, value: limit.fraction, unit: 'ratio', target: '≥ 0.5', ...atLeast(limit.fraction, 0.5) },
      );
    }
    return { figures: { numRuns, maxSteps, seed: 'deriveSeed(42, "bench/<profile>")', limitRepetitions: LIMIT_REPETITIONS, perProfile }, rows };
  },
};
