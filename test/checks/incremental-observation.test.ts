/**
 * Incremental observation (model/touched.ts, model/observe-on-top.ts): after
 * every step each implementation's observe(), built on top of the previous
 * observation from what the step touched, equals observeFull(), built from
 * scratch; and the net in Lockstep (a full observation every
 * FULL_OBSERVATION_EVERY steps and at the end of a run) catches an
 * implementation that forgets to mark a part.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstDifference } from '../../model/observation.ts';
import { observationKey } from '../../checks/observation-key.ts';
import { FULL_OBSERVATION_EVERY, IncrementalObservationError, Lockstep } from '../../engine/lockstep.ts';
import { BUG_SWITCHES, type BugName } from '../../model/bugs.ts';
import { DEFAULT_CONFIG } from '../../model/config.ts';
import { presetGeometry } from '../../model/geometry.ts';
import type { MachineSetup } from '../../model/implementation.ts';
import { findProfile, PROFILES } from '../../model/profiles/index.ts';
import type { Step } from '../../model/step.ts';
import { intentArbs, machineSpecArb, sparseIntentArbs } from '../../properties/arbitraries.ts';
import { resolveIntent } from '../../properties/resolve.ts';
import { forgottenMarks, MACHINE_PARTS, type MachinePart } from '../../model/touched.ts';
import type { ImplementationKind } from '../../model/implementation.ts';

/** The switch that breaks the marking itself: the net's own test below, not the equality test. */
const UNMARKED: BugName = 'hwpoison-count-unmarked';
const bugs = fc.constantFrom<BugName | undefined>(undefined, ...BUG_SWITCHES.map((b) => b.name as BugName).filter((b) => b !== UNMARKED));
const profile = fc.constantFrom(...PROFILES);

describe('incremental observation', () => {
  it.each([
    ['every step', intentArbs, true],
    ['sparse-layer steps', sparseIntentArbs, false],
  ] as const)('equals the full observation after every step, in both implementations (%s)', (_what, arbs, guard) => {
    fc.assert(
      fc.property(profile, machineSpecArb, bugs, fc.array(fc.oneof(...arbs), { maxLength: 60 }), (prof, spec, bug, intents) => {
        const setup = { profile: prof, geometry: spec.geometry, config: spec.config, boot: spec.boot };
        const lock = new Lockstep(setup, ['reference', 'optimized'], { differential: false, invariants: [] }, new Set(bug ? [bug] : []));
        let before = lock.observations()[0]!;
        for (const [n, intent] of intents.entries()) {
          const step = resolveIntent(setup, before, intent, guard);
          const r = lock.apply(step);
          lock.impls.forEach((impl, i) => {
            const incremental = r.observations[i]!;
            const full = impl.observeFull();
            if (observationKey(full) !== observationKey(incremental)) {
              const d = firstDifference(full, incremental);
              expect.fail(`${impl.kind}, step ${n + 1} (${JSON.stringify(step)}): ${d?.where}: full ${d?.left}, incremental ${d?.right}`);
            }
          });
          before = r.observation;
        }
        lock.finish();
      }),
      { numRuns: 40 },
    );
  });

  // Long runs change zones under many untouched blocks: the reference observes again the valid_zones of those
  // that read the zones (offline blocks; every block under the shift and allow_online_pfn_range rules) and keeps
  // the others' records (model/reference/zone-policy/select.ts, validZonesReadsOwnMemmap()).
  it('equals the full observation after every step of long runs of the reference', () => {
    fc.assert(
      fc.property(profile, machineSpecArb, fc.array(fc.oneof(...intentArbs), { maxLength: 120, size: 'max' }), (prof, spec, intents) => {
        const setup = { profile: prof, geometry: spec.geometry, config: spec.config, boot: spec.boot };
        const lock = new Lockstep(setup, ['reference'], { differential: false, invariants: [] });
        let before = lock.observations()[0]!;
        for (const [n, intent] of intents.entries()) {
          const step = resolveIntent(setup, before, intent, true);
          const r = lock.apply(step);
          const full = lock.impls[0]!.observeFull();
          if (observationKey(full) !== observationKey(r.observation)) {
            const d = firstDifference(full, r.observation);
            expect.fail(`step ${n + 1} (${JSON.stringify(step)}): ${d?.where}: full ${d?.left}, incremental ${d?.right}`);
          }
          before = r.observation;
        }
      }),
      { numRuns: 60, seed: 25 },
    );
  });

  const setup: MachineSetup = {
    profile: findProfile('latest')!,
    geometry: presetGeometry('x86_64')!,
    config: DEFAULT_CONFIG,
    boot: [{ start: 0x100000, size: 0x3fee0000, nid: 0 }],
  };
  const addAndOnline: Step[] = [
    { op: 'add_memory', start: 0x100000000, size: 0x8000000, nid: 0 },
    { op: 'state', block: 32, word: 'online_movable' },
    { op: 'poison', addr: 0x100000000 },
  ];

  it('a forgotten dirty bit leaves the incremental observation stale, and only the full one shows the poisoned page', () => {
    const lock = new Lockstep(setup, ['optimized'], { differential: false, invariants: [] }, new Set([UNMARKED]));
    for (const step of addAndOnline) lock.apply(step);
    const incremental = lock.observations()[0]!;
    const full = lock.impls[0]!.observeFull();
    // memory_failure() counted the page in block 32: the full observation has the count, the stale one does not
    expect(full.blocks.find((b) => b.id === 32)?.poisoned).toBe(1);
    expect(incremental.blocks.find((b) => b.id === 32)?.poisoned).toBeUndefined();
    // without the switch the two agree
    const clean = new Lockstep(setup, ['optimized'], { differential: false, invariants: [] });
    for (const step of addAndOnline) clean.apply(step);
    expect(observationKey(clean.observations()[0]!)).toBe(observationKey(clean.impls[0]!.observeFull()));
  });

  it(`the net catches it at the end of a run and within ${FULL_OBSERVATION_EVERY} steps, naming the part`, () => {
    const atEnd = new Lockstep(setup, ['optimized'], { differential: false, invariants: [] }, new Set([UNMARKED]));
    for (const step of addAndOnline) atEnd.apply(step);
    expect(() => atEnd.finish()).toThrow(IncrementalObservationError);
    expect(() => atEnd.finish()).toThrow(/optimized implementation's incremental observation differs .* at block 32 poisoned/);

    const midway = new Lockstep(setup, ['optimized'], { differential: false, invariants: [] }, new Set([UNMARKED]));
    for (const step of addAndOnline) midway.apply(step);
    const dump: Step = { op: 'dump' };
    for (let n = addAndOnline.length + 1; n < FULL_OBSERVATION_EVERY; n++) midway.apply(dump);
    expect(() => midway.apply(dump)).toThrow(IncrementalObservationError);
  });

  it('the net is quiet without the switch', () => {
    const lock = new Lockstep(setup, ['reference', 'optimized'], { differential: true, invariants: [] });
    for (const step of addAndOnline) lock.apply(step);
    for (let n = addAndOnline.length; n < FULL_OBSERVATION_EVERY; n++) lock.apply({ op: 'dump' });
    expect(lock.finish()).toEqual([]);
  });

  it('an operation that declares nothing counts as touching everything', () => {
    // a step of an operation neither implementation lists (one added later) must not leave a stale part
    const lock = new Lockstep(setup, ['reference', 'optimized'], { differential: false, invariants: [] }, new Set([UNMARKED]));
    lock.apply(addAndOnline[0]!);
    lock.apply(addAndOnline[1]!);
    const undeclared = { op: 'kmem_online_undeclared' } as unknown as Step;
    // the implementations answer an unknown operation with nothing; what counts is what observe() does next
    lock.impls.forEach((impl) => impl.apply(undeclared));
    lock.apply(addAndOnline[2]!);
    // the poison itself is still unmarked under the switch: the unknown step before it made the observation after it full
    expect(observationKey(lock.observations()[0]!)).toBe(observationKey(lock.impls[0]!.observeFull()));
  });

  // a step that wrote nothing leaves every part as it was: both implementations give the previous observation itself
  it('a step that touched nothing returns the previous observation object, in both implementations', () => {
    const lock = new Lockstep(setup, ['reference', 'optimized'], { differential: false, invariants: [] });
    for (const step of addAndOnline) lock.apply(step);
    const unchanging: Step[] = [
      { op: 'dump' },
      { op: 'query', query: 'pfn_valid', addr: 0x100000000 },
      { op: 'block', block: 32 },
      { op: 'valid_zones', block: 32 },
      { op: 'zone', nid: 0, zone: 'Movable' },
      // refused: the range is already added (-EEXIST), and there is no block 99
      { op: 'add_pages', start: 0x100000000, size: 0x8000000, nid: 0 },
      { op: 'state', block: 99, word: 'online' },
      { op: 'unpin', addr: 0x100000000 },
    ];
    for (const step of unchanging) {
      const before = lock.observations();
      const r = lock.apply(step);
      r.observations.forEach((o, i) => expect(o, `${lock.impls[i]!.kind} after ${JSON.stringify(step)} (${String(r.outcomes[i]?.outcome)})`).toBe(before[i]));
    }
    // and a step that changes something gives a new one, equal to the full observation
    const before = lock.observations();
    const r = lock.apply({ op: 'pin', addr: 0x10000000 });
    r.observations.forEach((o, i) => {
      expect(o).not.toBe(before[i]);
      expect(o.pins).toEqual([0x10000]);
    });
    expect(() => lock.finish()).not.toThrow();
  });

  /**
   * Each machine-wide mark (model/touched.ts) left out, as if the writers of
   * that part had forgotten to set it (`forgottenMarks`): on generated runs
   * the net (a full observation every FULL_OBSERVATION_EVERY steps and at the
   * end of a run) must catch it in each implementation, and the same runs
   * with the mark pass.
   */
  const generatedRuns = fc.sample(
    fc.tuple(profile, machineSpecArb, fc.array(fc.oneof(...intentArbs), { minLength: 20, maxLength: 60 })),
    { numRuns: 80, seed: 26 },
  );

  /** Whether some generated run ends with the net throwing IncrementalObservationError (the first such run ends the search). */
  function netCatches(kind: ImplementationKind): boolean {
    for (const [prof, spec, intents] of generatedRuns) {
      const setup = { profile: prof, geometry: spec.geometry, config: spec.config, boot: spec.boot };
      const lock = new Lockstep(setup, [kind], { differential: false, invariants: [] });
      try {
        let before = lock.observations()[0]!;
        for (const intent of intents) before = lock.apply(resolveIntent(setup, before, intent, true)).observation;
        lock.finish();
      } catch (e) {
        if (!(e instanceof IncrementalObservationError)) throw e;
        return true;
      }
    }
    return false;
  }

  it.each(MACHINE_PARTS.flatMap((p) => (['reference', 'optimized'] as const).map((k) => [p, k] as const)))(
    'a forgotten %s mark is caught by the net in the %s implementation, on generated runs',
    (part: MachinePart, kind: ImplementationKind) => {
      forgottenMarks.add(part);
      try {
        expect(netCatches(kind)).toBe(true);
      } finally {
        forgottenMarks.delete(part);
      }
    },
  );

  it.each(['reference', 'optimized'] as const)('the same generated runs pass the net with every mark kept (%s)', (kind) => {
    expect(netCatches(kind)).toBe(false);
  });
});
