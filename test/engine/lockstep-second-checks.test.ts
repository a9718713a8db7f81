/**
 * When the differential finds both implementations' observations equal before
 * and after a step, with equal answers, Lockstep takes the second
 * implementation's invariant answers from the first's instead of checking
 * again (engine/lockstep.ts). What it reports must be what each
 * implementation checked on its own gives: compared here, step by step and at
 * the end of the run, with three locksteps that share nothing — the reference
 * alone, the optimized alone (each with every invariant, no differential)
 * and the differential alone — on generated runs with and without every bug
 * switch, where records of the observations are changed after some steps:
 * of the optimized implementation alone, so that the two diverge and agree
 * again as a broken implementation makes them, and of both alike over a
 * stretch of steps, so that invariants fail while the two agree (as a known
 * finding does) and a divergence may come in the middle of it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../checks/invariants/index.ts';
import { Lockstep, type Violation } from '../../engine/lockstep.ts';
import { BUG_SWITCHES, type BugName } from '../../model/bugs.ts';
import type { Implementation } from '../../model/implementation.ts';
import type { Observation } from '../../model/observation.ts';
import { presetGeometry } from '../../model/geometry.ts';
import type { Profile } from '../../model/profile.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import { intentArbs, machineSpecArb, type MachineSpec } from '../../properties/arbitraries.ts';
import type { Intent } from '../../properties/intent.ts';
import { resolveIntent } from '../../properties/resolve.ts';

const bugs = fc.constantFrom<BugName | undefined>(undefined, ...BUG_SWITCHES.map((b) => b.name as BugName));

/** One record of an observation changed: a section's online flag, a block's valid_zones, a memmap run's end. */
const TAMPER: ReadonlyArray<(o: Observation, at: number) => Observation> = [
  (o, at) => ({ ...o, sections: o.sections.map((x, i) => (i === at % Math.max(1, o.sections.length) ? { ...x, online: !x.online } : x)) }),
  (o, at) => ({ ...o, blocks: o.blocks.map((b, i) => (i === at % Math.max(1, o.blocks.length) ? { ...b, validZones: `${b.validZones} Movable` } : b)) }),
  (o, at) => ({ ...o, memmap: o.memmap.map((m, i) => (i === at % Math.max(1, o.memmap.length) ? { ...m, endPfn: m.endPfn + 1 } : m)) }),
];

type Tamper = readonly [kind: number, where: number];

/**
 * The implementation's observations (incremental and full) answer a changed
 * copy after the steps `at` names, every change listed for that step applied
 * in turn; its own state is untouched.
 */
function tamperAfter(impl: Implementation, at: (step: number) => readonly Tamper[]): void {
  const observe = impl.observe.bind(impl);
  const observeFull = impl.observeFull.bind(impl);
  let step = -1;
  const changed = (o: Observation): Observation => at(step).reduce((x, [kind, where]) => TAMPER[kind % TAMPER.length]!(x, where), o);
  (impl as { observe: () => Observation }).observe = () => {
    const o = observe();
    step++;
    return changed(o);
  };
  (impl as { observeFull: () => Observation }).observeFull = () => changed(observeFull());
}

const seen = (vs: readonly Violation[]): string[] => vs.map((v) => `${v.impl} ${v.check}: ${v.message}`);

/** A change of the optimized side alone after step `at`. */
type Own = readonly [at: number, kind: number, where: number];
/** Steps from..from+len changed alike on both sides; optionally the optimized side diverges inside the stretch. */
type Shared = readonly [from: number, len: number, kind: number, where: number, inside: readonly [offset: number, kind: number, where: number] | null];

/** One run, checked by the three ways; returns whether the implementations diverged and how many steps broke an invariant. */
function checkRun(profile: Profile, spec: MachineSpec, bug: BugName | undefined, intents: readonly Intent[], own: readonly Own[], shared: readonly Shared[]): { diverged: boolean; violating: number } {
  const setup = { profile, geometry: spec.geometry, config: spec.config, boot: spec.boot };
  const switches = new Set(bug ? [bug] : []);
  const both = new Lockstep(setup, ['reference', 'optimized'], { differential: true, invariants: INVARIANTS }, switches);
  const alone = (['reference', 'optimized'] as const).map((k) => new Lockstep(setup, [k], { differential: false, invariants: INVARIANTS }, switches));
  const differential = new Lockstep(setup, ['reference', 'optimized'], { differential: true, invariants: [] }, switches);
  const sharedAt = (k: number): Tamper[] => shared.filter(([from, len]) => k >= from && k <= from + len).map(([, , kind, where]) => [kind, where]);
  const inside = shared.flatMap(([from, len, , , o]): Own[] => (o === null ? [] : [[from + 1 + (o[0] % (len + 1)), o[1], o[2]]]));
  const optimizedOnly = (k: number): Tamper[] => [...sharedAt(k), ...[...own, ...inside].filter(([at]) => at === k).map(([, kind, where]): Tamper => [kind, where])];
  for (const impl of [both.impls[0]!, alone[0]!.impls[0]!, differential.impls[0]!]) tamperAfter(impl, sharedAt);
  for (const impl of [both.impls[1]!, alone[1]!.impls[0]!, differential.impls[1]!]) tamperAfter(impl, optimizedOnly);
  let diverged = false;
  let violating = 0;
  for (const intent of intents) {
    const step = resolveIntent(setup, both.observations()[0]!, intent, true);
    const r = both.apply(step);
    const [ref, opt] = alone.map((l) => l.apply(step));
    const d = differential.apply(step);
    diverged ||= d.violations.length > 0;
    if (r.violations.length + r.findings.length > 0) violating++;
    expect(seen(r.violations)).toEqual([...seen(ref!.violations), ...seen(opt!.violations), ...seen(d.violations)]);
    expect(seen(r.findings)).toEqual([...seen(ref!.findings), ...seen(opt!.findings), ...seen(d.findings)]);
  }
  expect(seen(both.finish())).toEqual(alone.flatMap((l) => seen(l.finish())));
  return { diverged, violating };
}

describe('Lockstep with both implementations and the differential', () => {
  it('reports what each implementation checked alone and the differential alone report', () => {
    let divergedRuns = 0;
    let violatingSteps = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...PROFILES),
        machineSpecArb,
        bugs,
        fc.array(fc.oneof(...intentArbs), { minLength: 1, maxLength: 50 }),
        fc.array(fc.tuple(fc.nat(50), fc.nat(), fc.nat()), { maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(50), fc.nat(8), fc.nat(), fc.nat(), fc.option(fc.tuple(fc.nat(), fc.nat(), fc.nat()))), { maxLength: 3 }),
        (profile, spec, bug, intents, own, shared) => {
          const r = checkRun(profile, spec, bug, intents, own, shared);
          if (r.diverged) divergedRuns++;
          violatingSteps += r.violating;
        },
      ),
      { numRuns: 60 },
    );
    // the comparison means something only if some runs diverged and some steps broke an invariant
    expect(divergedRuns).toBeGreaterThan(0);
    expect(violatingSteps).toBeGreaterThan(0);
  });

  it('judges the optimized side afresh when it diverges while a violation both share goes on', () => {
    // a section reads offline on both sides after steps 2-5 (section-scoped invariants fail while the two agree);
    // after step 5 the optimized side also differs elsewhere: its checker, which missed steps 2-4, must judge in full
    const profile = PROFILES.find((p) => p.name === 'v4.10')!;
    const geometry = presetGeometry('x86_64')!;
    const spec: MachineSpec = {
      geometry,
      config: { vmemmap: true, sparsememExtreme: true, autoOnlineBlocks: 'offline', movableNode: false, memmapOnMemory: 'N', onlinePolicy: 'contig-zones', autoMovableRatio: 0, autoMovableNumaAware: false },
      boot: [{ start: 0x100000, size: 0x3fee0000, nid: 0 }],
    };
    const intents: Intent[] = [
      { kind: 'state', sel: 0, word: 'online', missing: false },
      { kind: 'remove_pages', where: { pick: 'free', sel: 0, sub: 0 }, len: 0, shape: 'subsections' },
      { kind: 'poison', sel: 0, offset: 0 },
      { kind: 'add_memory', pick: 'low', sel: 0, count: 1, nid: 0, memmapOnMemory: false, inaccessible: false },
      { kind: 'add_memory', pick: 'high', sel: 0, count: 1, nid: 0, memmapOnMemory: false, inaccessible: false },
      { kind: 'add_memory', pick: 'high', sel: 0, count: 1, nid: 0, memmapOnMemory: false, inaccessible: false },
    ];
    const r = checkRun(profile, spec, undefined, intents, [[5, 0, 31]], [[2, 3, 0, 0, null]]);
    expect(r.diverged).toBe(true);
    expect(r.violating).toBeGreaterThan(0);
  });
});
