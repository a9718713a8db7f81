/**
 * The incremental invariant checks must answer exactly what the full checks
 * answer, step by step, on correct and on deliberately broken
 * implementations (where the invariants fail and keep failing).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IncrementalInvariants } from '../../checks/incremental.ts';
import { INVARIANTS } from '../../checks/invariants/index.ts';
import { Lockstep } from '../../engine/lockstep.ts';
import { BUG_SWITCHES, type BugName } from '../../model/bugs.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import { intentArbs, machineSpecArb, sparseIntentArbs } from '../../properties/arbitraries.ts';
import { resolveIntent } from '../../properties/resolve.ts';
import type { SectionObservation } from '../../model/observation.ts';

const bugs = fc.constantFrom<BugName | undefined>(undefined, ...BUG_SWITCHES.map((b) => b.name as BugName));
const profile = fc.constantFrom(...PROFILES);

describe('incremental invariant checks', () => {
  it.each([
    ['every step', intentArbs, true],
    ['sparse-layer steps', sparseIntentArbs, false],
  ] as const)('answer what the full checks answer after every step (%s)', (_what, arbs, guard) => {
    fc.assert(
      fc.property(profile, machineSpecArb, bugs, fc.array(fc.oneof(...arbs), { maxLength: 60 }), (prof, spec, bug, intents) => {
        const setup = { profile: prof, geometry: spec.geometry, config: spec.config, boot: spec.boot };
        // drives the optimized implementation; the checks below run beside it
        const lock = new Lockstep(setup, ['optimized'], { differential: false, invariants: [] }, new Set(bug ? [bug] : []));
        const invariants = INVARIANTS.filter((i) => i.appliesTo(setup));
        const incremental = new IncrementalInvariants(invariants);
        const full = new IncrementalInvariants(invariants, 1);
        let before = lock.observations()[0]!;
        for (const intent of intents) {
          const step = resolveIntent(setup, before, intent, guard);
          const r = lock.apply(step);
          const ctx = { setup, step, outcome: r.outcomes[0]!.outcome, before, after: r.observation };
          expect(incremental.check(ctx)).toEqual(full.check(ctx));
          before = r.observation;
        }
      }),
      { numRuns: 60 },
    );
  });

  /** Mutations of one section record, so that the section invariants have something to find. */
  const mutation = fc.constantFrom<(s: SectionObservation) => SectionObservation>(
    (s) => ({ ...s, online: !s.online }),
    (s) => ({ ...s, present: !s.present }),
    (s) => ({ ...s, hasMemMap: !s.hasMemMap }),
    (s) => ({ ...s, early: !s.early }),
    (s) => ({ ...s, usage: s.usage === 'none' ? 'hotplug' : 'none' }),
    (s) => ({ ...s, subsectionMap: '0x1' }),
    (s) => ({ ...s, memmapBoot: '0x3' }),
    (s) => ({ ...s, memmapHotplug: '0x0' }),
    (s) => ({ ...s, pfnValid: '0x1' }),
  );

  it('scoped invariants read what their scope says', () => {
    fc.assert(
      fc.property(
        profile,
        machineSpecArb,
        fc.array(fc.oneof(...intentArbs), { maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(), mutation), { maxLength: 3 }),
        (prof, spec, intents, mutations) => {
          const setup = { profile: prof, geometry: spec.geometry, config: spec.config, boot: spec.boot };
          const lock = new Lockstep(setup, ['optimized'], { differential: false, invariants: [] });
          const boot = lock.observations()[0]!;
          let before = boot;
          for (const intent of intents) {
            const step = resolveIntent(setup, before, intent, true);
            const r = lock.apply(step);
            const sections = [...r.observation.sections];
            for (const [at, mutate] of mutations) if (sections.length > 0) sections[at % sections.length] = mutate(sections[at % sections.length]!);
            const after = { ...r.observation, sections };
            const ctx = { setup, step, outcome: r.outcomes[0]!.outcome, before, after };
            for (const inv of INVARIANTS.filter((i) => i.scope !== undefined && i.appliesTo(setup))) {
              const answer = inv.check(ctx);
              // state: neither the observation before, nor the step, nor its answer matter
              expect(inv.check({ ...ctx, before: boot, step: { op: 'dump' }, outcome: 'BUG' }), inv.name).toBe(answer);
              if (inv.scope === 'section') {
                // section: the answer for the first section that fails alone
                const alone = after.sections.map((s) => inv.check({ ...ctx, after: { ...after, sections: [s] } })).find((m) => m !== undefined);
                expect(alone, inv.name).toBe(answer);
              }
            }
            before = r.observation;
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
