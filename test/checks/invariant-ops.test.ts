/**
 * A step invariant that declares the step kinds it judges (`ops`,
 * checks/invariant.ts) is not called on a step of any other kind
 * (checks/incremental.ts): its full check() must answer nothing there,
 * whatever the observations before and after and whatever the answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../checks/invariants/index.ts';
import type { Invariant, StepContext } from '../../checks/invariant.ts';
import { failureChangesNothing, validZonesAgree } from '../../checks/invariants/blocks.ts';
import { queriesChangeNothing } from '../../checks/invariants/steps.ts';
import { Lockstep } from '../../engine/lockstep.ts';
import { BUG_SWITCHES, type BugName } from '../../model/bugs.ts';
import type { MachineSetup } from '../../model/implementation.ts';
import type { Answer } from '../../model/outcome.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import type { Step } from '../../model/step.ts';
import { intentArbs, machineSpecArb, sparseIntentArbs } from '../../properties/arbitraries.ts';
import { resolveIntent } from '../../properties/resolve.ts';

const bugs = fc.constantFrom<BugName | undefined>(undefined, ...BUG_SWITCHES.map((b) => b.name as BugName));

/** Answers a step of another kind is given beside its own: success, a refusal, a veto and a BUG (what the step checks tell apart). */
const ANSWERS: readonly Answer[] = ['ok', '-EINVAL', '-EBUSY', 'BUG'];

/**
 * Generated runs of one implementation, with or without one bug switch. Every
 * context of the run (its observations before and after) is given, in turn,
 * a step of every other kind the run generated and each of ANSWERS: each
 * declaring invariant must answer undefined.
 */
function silentOnOtherKinds(invariantsOf: (setup: MachineSetup) => readonly Invariant[], arbs: typeof intentArbs) {
  return fc.property(
    fc.constantFrom('reference' as const, 'optimized' as const),
    fc.constantFrom(...PROFILES),
    machineSpecArb,
    bugs,
    fc.array(fc.oneof(...arbs), { maxLength: 30 }),
    (impl, prof, spec, bug, intents) => {
      const setup = { profile: prof, geometry: spec.geometry, config: spec.config, boot: spec.boot };
      const lock = new Lockstep(setup, [impl], { differential: false, invariants: [] }, new Set(bug ? [bug] : []));
      const declaring = invariantsOf(setup).filter((i) => i.ops !== undefined && i.appliesTo(setup));
      const contexts: StepContext[] = [];
      // one step of each kind the run generated, resolved against this machine
      const kinds = new Map<Step['op'], Step>();
      let before = lock.observations()[0]!;
      for (const intent of intents) {
        const step = resolveIntent(setup, before, intent, true);
        const r = lock.apply(step);
        contexts.push({ setup, step, outcome: r.outcomes[0]!.outcome, before, after: r.observation });
        if (!kinds.has(step.op)) kinds.set(step.op, step);
        before = r.observation;
      }
      for (const inv of declaring) {
        const others = [...kinds.values()].filter((s) => !inv.ops!.includes(s.op));
        for (const ctx of contexts) {
          for (const step of others) {
            for (const outcome of [ctx.outcome, ...ANSWERS]) {
              expect(inv.check({ ...ctx, step, outcome }), `${inv.name} on ${step.op} (${outcome})`).toBeUndefined();
            }
          }
        }
      }
    },
  );
}

describe('step kinds an invariant declares', () => {
  it('some step invariants declare them', () => {
    expect(INVARIANTS.filter((i) => i.ops !== undefined).length).toBeGreaterThan(10);
    // a scoped check is a statement about the state: it judges every step
    expect(INVARIANTS.filter((i) => i.ops !== undefined && i.scope !== undefined)).toEqual([]);
  });

  it.each([
    ['every step', intentArbs],
    ['sparse-layer steps', sparseIntentArbs],
  ] as const)('a declaring invariant answers nothing on a step of any other kind (%s)', (_what, arbs) => {
    fc.assert(
      silentOnOtherKinds(() => INVARIANTS, arbs),
      { numRuns: 25 },
    );
  });

  it.each([
    // a vetoed online answers an errno and may change the zones: the write is a memory operation
    ['failure-changes-nothing without state', { ...failureChangesNothing, ops: failureChangesNothing.ops!.filter((op) => op !== 'state') }],
    // memoryN/online onlines too
    ['valid-zones-agree without online', { ...validZonesAgree, ops: ['state'] as const }],
    // arming a fault is a read of nothing
    ['queries-change-nothing without fail', { ...queriesChangeNothing, ops: queriesChangeNothing.ops!.filter((op) => op !== 'fail') }],
  ])('catch a wrong list: %s', (_what, wrong) => {
    const out = fc.check(
      silentOnOtherKinds(() => [wrong], intentArbs),
      { numRuns: 100, seed: 26 },
    );
    expect(out.failed).toBe(true);
  });
});
