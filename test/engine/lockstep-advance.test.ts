/**
 * Lockstep.advance() (apply without observing or checking, for the prefix a
 * shrink candidate shares with the last failing run) must leave both
 * implementations where apply() leaves them: observing is a read. Checked
 * against a second lockstep that observed and checked every step, on
 * generated runs with and without every bug switch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../checks/invariants/index.ts';
import { observationKey } from '../../checks/observation-key.ts';
import { Lockstep } from '../../engine/lockstep.ts';
import { BUG_SWITCHES, type BugName } from '../../model/bugs.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import { intentArbs, machineSpecArb } from '../../properties/arbitraries.ts';
import { resolveIntent } from '../../properties/resolve.ts';
import type { Step } from '../../model/step.ts';

const bugs = fc.constantFrom<BugName | undefined>(undefined, ...BUG_SWITCHES.map((b) => b.name as BugName));

describe('Lockstep.advance', () => {
  it('leaves the implementations as apply() does, and the checks after resync answer as without the skip', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROFILES), machineSpecArb, bugs, fc.array(fc.oneof(...intentArbs), { minLength: 1, maxLength: 40 }), fc.nat(), (profile, spec, bug, intents, cut) => {
        const setup = { profile, geometry: spec.geometry, config: spec.config, boot: spec.boot };
        const switches = new Set(bug ? [bug] : []);
        const checks = { differential: true, invariants: INVARIANTS };
        const checked = new Lockstep(setup, ['reference', 'optimized'], checks, switches);
        const skipping = new Lockstep(setup, ['reference', 'optimized'], checks, switches);
        const k = cut % (intents.length + 1);
        const steps: Step[] = [];
        for (const [i, intent] of intents.entries()) {
          const step = resolveIntent(setup, checked.observations()[0]!, intent, true);
          steps.push(step);
          const r = checked.apply(step);
          if (i < k) {
            expect(skipping.advance(step)).toEqual(r.outcomes.map((o) => o.outcome));
            continue;
          }
          const s = skipping.apply(step);
          expect(s.outcomes).toEqual(r.outcomes);
          expect(s.observations.map(observationKey)).toEqual(r.observations.map(observationKey));
          expect(s.violations.map((v) => v.check)).toEqual(r.violations.map((v) => v.check));
          expect(s.findings.map((v) => v.check)).toEqual(r.findings.map((v) => v.check));
        }
        // a run that ends inside the skipped part observes once more at its end
        expect(skipping.observations().map(observationKey)).toEqual(checked.observations().map(observationKey));
        expect(skipping.finish().map((v) => v.check)).toEqual(checked.finish().map((v) => v.check));
      }),
      { numRuns: 25 },
    );
  });
});
