/**
 * The differential after a step where the observations before agreed
 * compares only what either implementation observed again
 * (sameObservationSince(), checks/observation-key.ts): its answer must be the
 * whole comparison's, on correct and on broken implementations (where the two
 * diverge), and when a record changes behind one implementation's back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareStep } from '../../checks/differential.ts';
import { sameObservation, sameObservationSince } from '../../checks/observation-key.ts';
import { Lockstep } from '../../engine/lockstep.ts';
import { BUG_SWITCHES, type BugName } from '../../model/bugs.ts';
import type { Observation } from '../../model/observation.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import { intentArbs, machineSpecArb } from '../../properties/arbitraries.ts';
import { resolveIntent } from '../../properties/resolve.ts';

const bugs = fc.constantFrom<BugName | undefined>(undefined, ...BUG_SWITCHES.map((b) => b.name as BugName));

/** One record of the optimized side's observation changed where the reference's is untouched. */
const tamper = fc.constantFrom<(o: Observation, at: number) => Observation>(
  (o, at) => ({ ...o, sections: o.sections.map((x, i) => (i === at % Math.max(1, o.sections.length) ? { ...x, online: !x.online } : x)) }),
  (o, at) => ({ ...o, blocks: o.blocks.map((b, i) => (i === at % Math.max(1, o.blocks.length) ? { ...b, validZones: `${b.validZones} Movable` } : b)) }),
  (o, at) => ({ ...o, memmap: o.memmap.map((m, i) => (i === at % Math.max(1, o.memmap.length) ? { ...m, endPfn: m.endPfn + 1 } : m)) }),
);

describe('the differential by changed records', () => {
  it('answers what the whole comparison answers after every step', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROFILES),
        machineSpecArb,
        bugs,
        fc.array(fc.tuple(fc.oneof(...intentArbs), fc.option(fc.tuple(fc.nat(), tamper), { freq: 6 })), { maxLength: 60 }),
        (prof, spec, bug, steps) => {
          const setup = { profile: prof, geometry: spec.geometry, config: spec.config, boot: spec.boot };
          const lock = new Lockstep(setup, ['reference', 'optimized'], { differential: false, invariants: [] }, new Set(bug ? [bug] : []));
          let [left, right] = lock.observations() as [Observation, Observation];
          for (const [intent, change] of steps) {
            const r = lock.apply(resolveIntent(setup, left, intent, true));
            const l = r.observations[0]!;
            const o = change === null ? r.observations[1]! : change[1](r.observations[1]!, change[0]);
            if (sameObservation(left, right)) {
              expect(sameObservationSince(left, l, right, o)).toBe(sameObservation(l, o));
              const a = { outcome: r.outcomes[0]!.outcome, observation: l };
              const b = { outcome: r.outcomes[1]!.outcome, observation: o };
              expect(compareStep(a, b, { left, right })).toEqual(compareStep(a, b));
            }
            [left, right] = [l, o];
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
