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
import type { BlockObservation, Observation, SectionObservation } from '../../model/observation.ts';
import type { MachineSetup } from '../../model/implementation.ts';
import type { Invariant, StepContext } from '../../checks/invariant.ts';
import type { Step } from '../../model/step.ts';
import { blockConsistency } from '../../checks/invariants/blocks.ts';
import { presentCountsOnline, spanCoversOnline } from '../../checks/invariants/zones.ts';
import { vmemmapNotManaged } from '../../checks/invariants/vmemmap.ts';

const bugs = fc.constantFrom<BugName | undefined>(undefined, ...BUG_SWITCHES.map((b) => b.name as BugName));
const profile = fc.constantFrom(...PROFILES);
const kind = fc.constantFrom('reference' as const, 'optimized' as const);

/**
 * Generated runs of one implementation, with or without one bug switch: after
 * every step the incremental checks of `invariants` must answer what the same
 * invariants answer in full.
 */
function incrementalAgrees(invariantsOf: (setup: MachineSetup) => readonly Invariant[], arbs: typeof intentArbs, guard: boolean) {
  return fc.property(kind, profile, machineSpecArb, bugs, fc.array(fc.oneof(...arbs), { maxLength: 60 }), (impl, prof, spec, bug, intents) => {
    const setup = { profile: prof, geometry: spec.geometry, config: spec.config, boot: spec.boot };
    // drives one implementation; the checks below run beside it
    const lock = new Lockstep(setup, [impl], { differential: false, invariants: [] }, new Set(bug ? [bug] : []));
    const invariants = invariantsOf(setup);
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
  });
}

describe('incremental invariant checks', () => {
  it.each([
    ['every step', intentArbs, true],
    ['sparse-layer steps', sparseIntentArbs, false],
  ] as const)('answer what the full checks answer after every step (%s)', (_what, arbs, guard) => {
    fc.assert(
      incrementalAgrees((setup) => INVARIANTS.filter((i) => i.appliesTo(setup)), arbs, guard),
      { numRuns: 60 },
    );
  });

  /** One part of an observation changed behind the implementation's back: what a scope must notice. */
  const tamper = fc.constantFrom<(o: Observation, at: number) => Observation>(
    (o, at) => ({ ...o, memmap: o.memmap.map((m, i) => (i === at % Math.max(1, o.memmap.length) ? { ...m, state: m.state === 'uninit' ? 'Movable/0' : 'uninit' } : m)) }),
    (o, at) => ({ ...o, memmap: o.memmap.filter((_m, i) => i !== at % Math.max(1, o.memmap.length)) }),
    (o, at) => ({ ...o, sections: o.sections.map((x, i) => (i === at % Math.max(1, o.sections.length) ? { ...x, online: !x.online } : x)) }),
    (o, at) => ({ ...o, blocks: o.blocks.map((b, i) => (i === at % Math.max(1, o.blocks.length) ? { ...b, state: b.state === 'online' ? 'offline' : 'online' } : b)) }),
    (o, at) => ({ ...o, blocks: o.blocks.map((b, i) => (i === at % Math.max(1, o.blocks.length) ? { ...b, zone: b.zone === 'Movable' ? 'Normal' : 'Movable' } : b)) }),
    (o, at) => ({ ...o, blocks: o.blocks.map((b, i) => (i === at % Math.max(1, o.blocks.length) ? { ...b, vmemmap: (b.vmemmap ?? 0) + 8 } : b)) }),
    // every pfn System RAM: blocks whose sections or memmap were judged outside RAM are judged again
    (o) => ({ ...o, resources: [{ start: 0, end: 2 ** 50, kind: 'System RAM' as const }] }),
  );

  /**
   * Runs where a part may change behind the implementation's back: after every step the incremental
   * answers of `invariantsOf(setup)` must be the full ones; `more` adds checks of its own.
   */
  const tamperedRuns = (invariantsOf: (setup: MachineSetup) => readonly Invariant[], more?: (ctx: StepContext) => void) =>
    fc.property(kind, profile, machineSpecArb, fc.array(fc.tuple(fc.oneof(...intentArbs), fc.option(fc.tuple(fc.nat(), tamper), { freq: 3 })), { maxLength: 40 }), (impl, prof, spec, steps) => {
      const setup = { profile: prof, geometry: spec.geometry, config: spec.config, boot: spec.boot };
      const lock = new Lockstep(setup, [impl], { differential: false, invariants: [] });
      const invariants = invariantsOf(setup);
      const incremental = new IncrementalInvariants(invariants);
      const full = new IncrementalInvariants(invariants, 1);
      let before = lock.observations()[0]!;
      for (const [intent, change] of steps) {
        const step = resolveIntent(setup, before, intent, true);
        const r = lock.apply(step);
        const after = change === null ? r.observation : change[1](r.observation, change[0]);
        const ctx = { setup, step, outcome: r.outcomes[0]!.outcome, before, after };
        expect(incremental.check(ctx)).toEqual(full.check(ctx));
        more?.(ctx);
        before = after;
      }
    });

  it('answer what the full checks answer when one part changes alone (a memmap run, a section, a block)', () => {
    fc.assert(
      tamperedRuns(
        (setup) => INVARIANTS.filter((i) => i.scope !== undefined && i.appliesTo(setup)),
        (ctx) => {
          // the zone checks take each unchanged block's online pieces over from the observation before (checks/online-pieces.ts):
          // on a copy of the observation, for a copy of the setup, nothing can be taken over
          const copy = structuredClone(ctx.after);
          for (const inv of [presentCountsOnline, spanCoversOnline]) expect(inv.check(ctx), inv.name).toBe(inv.check({ ...ctx, setup: { ...ctx.setup }, before: copy, after: copy }));
        },
      ),
      { numRuns: 60 },
    );
  });

  it.each([
    // present counts every online block of a zone, not only the changed ones
    ['present-counts-online as a block check', { ...presentCountsOnline, scope: 'block' as const }],
    // a block's sections decide it: judging only changed sections misses a block whose memmap changed
    ['block-consistency as a section check', { ...blockConsistency, scope: 'section' as const }],
  ])('catch a scope that skips what the check reads: %s', (_what, wrong) => {
    const out = fc.check(
      incrementalAgrees((setup) => [wrong].filter((i) => i.appliesTo(setup)), intentArbs, true),
      { numRuns: 200, seed: 25 },
    );
    expect(out.failed).toBe(true);
  });

  /**
   * Generated runs: a `state` check that declares what it `reads` answers on
   * an observation made of those parts of `after` and every other part of the
   * boot observation what it answers on `after` (it reads nothing else).
   */
  function readsOnlyWhatItDeclares(invariantsOf: (setup: MachineSetup) => readonly Invariant[]) {
    return fc.property(kind, profile, machineSpecArb, bugs, fc.array(fc.oneof(...intentArbs), { maxLength: 40 }), (impl, prof, spec, bug, intents) => {
      const setup = { profile: prof, geometry: spec.geometry, config: spec.config, boot: spec.boot };
      const lock = new Lockstep(setup, [impl], { differential: false, invariants: [] }, new Set(bug ? [bug] : []));
      const invariants = invariantsOf(setup).filter((i) => i.reads !== undefined);
      const boot = lock.observations()[0]!;
      let before = boot;
      for (const intent of intents) {
        const step = resolveIntent(setup, before, intent, true);
        const r = lock.apply(step);
        const ctx = { setup, step, outcome: r.outcomes[0]!.outcome, before, after: r.observation };
        for (const inv of invariants) {
          const mixed: Record<string, unknown> = { ...boot };
          for (const part of inv.reads!) mixed[part] = r.observation[part];
          expect(inv.check({ ...ctx, before: boot, after: mixed as unknown as Observation }), inv.name).toBe(inv.check(ctx));
        }
        before = r.observation;
      }
    });
  }

  it('state checks read only the parts they declare', () => {
    const declared = INVARIANTS.filter((i) => i.reads !== undefined);
    expect(declared.length).toBeGreaterThan(0);
    fc.assert(
      readsOnlyWhatItDeclares((setup) => declared.filter((i) => i.appliesTo(setup))),
      { numRuns: 60 },
    );
  });

  it.each([
    // present counts the online blocks of a zone: a step that onlines a block changes the blocks, not only the nodes
    ['present-counts-online reading the nodes alone', { ...presentCountsOnline, reads: ['nodes'] as const }],
    // the online pieces are cut from the System RAM resources
    ['present-counts-online without the resources', { ...presentCountsOnline, reads: ['nodes', 'blocks'] as const }],
    // the self-hosted memmap pages are the blocks'
    ['vmemmap-not-managed without the blocks', { ...vmemmapNotManaged, reads: ['nodes', 'virtioMem'] as const }],
  ])('catch a wrong reads declaration: %s', (_what, wrong) => {
    const out = fc.check(
      readsOnlyWhatItDeclares((setup) => [wrong].filter((i) => i.appliesTo(setup))),
      { numRuns: 200, seed: 25 },
    );
    expect(out.failed).toBe(true);
  });

  it('catch a wrong reads declaration in the incremental answers (present-counts-online reading the nodes alone)', () => {
    const wrong = { ...presentCountsOnline, reads: ['nodes'] as const };
    expect(fc.check(tamperedRuns(() => [wrong]), { numRuns: 200, seed: 25 }).failed).toBe(true);
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

  /** Mutations of one block record, so that the block invariants have something to find. */
  const blockMutation = fc.constantFrom<(b: BlockObservation) => BlockObservation>(
    (b) => ({ ...b, state: b.state === 'online' ? 'offline' : 'online' }),
    (b) => ({ ...b, zone: b.zone === 'Movable' ? 'Normal' : 'Movable' }),
    (b) => ({ ...b, vmemmap: 8 }),
  );

  it('scoped invariants read what their scope says', () => {
    fc.assert(
      fc.property(
        profile,
        machineSpecArb,
        fc.array(fc.oneof(...intentArbs), { maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(), mutation), { maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(), blockMutation), { maxLength: 2 }),
        (prof, spec, intents, mutations, blockMutations) => {
          const setup = { profile: prof, geometry: spec.geometry, config: spec.config, boot: spec.boot };
          const lock = new Lockstep(setup, ['optimized'], { differential: false, invariants: [] });
          const boot = lock.observations()[0]!;
          let before = boot;
          for (const intent of intents) {
            const step = resolveIntent(setup, before, intent, true);
            const r = lock.apply(step);
            const sections = [...r.observation.sections];
            for (const [at, mutate] of mutations) if (sections.length > 0) sections[at % sections.length] = mutate(sections[at % sections.length]!);
            const blocks = [...r.observation.blocks];
            for (const [at, mutate] of blockMutations) if (blocks.length > 0) blocks[at % blocks.length] = mutate(blocks[at % blocks.length]!);
            const after = { ...r.observation, sections, blocks };
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
              if (inv.scope === 'block') {
                // block: the answer for the first block that fails alone
                const g = setup.geometry;
                const own = (b: BlockObservation) => {
                  const start = b.id * g.pagesPerBlock;
                  const end = start + g.pagesPerBlock;
                  return {
                    ...after,
                    blocks: [b],
                    sections: after.sections.filter((s) => Math.floor(s.nr / g.sectionsPerBlock) === b.id),
                    memmap: after.memmap.flatMap((m) => (m.endPfn <= start || m.startPfn >= end ? [] : [{ ...m, startPfn: Math.max(m.startPfn, start), endPfn: Math.min(m.endPfn, end) }])),
                  };
                };
                const alone = after.blocks.map((b) => inv.check({ ...ctx, after: { ...after, blocks: [b] } }));
                expect(alone.find((m) => m !== undefined), inv.name).toBe(answer);
                // whether a block fails reads only its own parts (the message may name a memmap run reaching past it)
                expect(after.blocks.map((b) => inv.check({ ...ctx, after: own(b) }) !== undefined), inv.name).toEqual(alone.map((m) => m !== undefined));
              }
            }
            before = r.observation;
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('calls a step check only on the kinds it declares, and no held scoped check when the observation after is the one before', () => {
    const [spec] = fc.sample(machineSpecArb, { seed: 26, numRuns: 1 });
    const setup = { profile: PROFILES[0]!, geometry: spec!.geometry, config: spec!.config, boot: spec!.boot };
    const o = new Lockstep(setup, ['optimized'], { differential: false, invariants: [] }).observations()[0]!;
    const calls: string[] = [];
    const spy = (name: string, more: Partial<Invariant>): Invariant => ({
      name,
      describe: name,
      appliesTo: () => true,
      ...more,
      check: (ctx) => {
        calls.push(`${name} ${ctx.step.op}`);
        return undefined;
      },
    });
    const invariants = [spy('dump-only', { ops: ['dump'] }), spy('state', { scope: 'state', reads: ['nodes'] }), spy('every-step', {})];
    const checker = new IncrementalInvariants(invariants, 4);
    const at = (step: Step, after: Observation = o) => {
      calls.length = 0;
      checker.check({ setup, step, outcome: 'ok', before: o, after });
      return [...calls];
    };
    const query: Step = { op: 'query', query: 'pfn_valid', addr: 0 };
    // first step: nothing held yet, so the state check runs in full
    expect(at({ op: 'dump' })).toEqual(['dump-only dump', 'state dump', 'every-step dump']);
    // the same observation: the held state check holds again without a call; dump-only judges no query
    expect(at(query)).toEqual(['every-step query']);
    // an equal copy: the state check asks whether the nodes read the same instead of running
    expect(at(query, structuredClone(o))).toEqual(['every-step query']);
    // every fourth step calls every check, whatever the kinds it declares
    expect(at(query)).toEqual(['dump-only query', 'state query', 'every-step query']);
  });
});
