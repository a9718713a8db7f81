/** The interesting states that are decisions, not shapes: each predicate says yes only where it should. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lockstep } from '../../engine/lockstep.ts';
import { machineFor } from '../../engine/machine.ts';
import { INTERESTING_STATES } from '../../properties/coverage.ts';
import { BUG_SWITCHES, type BugName } from '../../model/bugs.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import { intentArbs, machineSpecArb, sparseIntentArbs } from '../../properties/arbitraries.ts';
import { resolveIntent } from '../../properties/resolve.ts';
import type { ImplementationKind } from '../../model/implementation.ts';
import { parseScenario } from '../../scenario/index.ts';

/** The interesting states reached by the steps of a scenario, in the order first reached. */
function reached(text: string): string[] {
  const scenario = parseScenario(text, 'coverage.scn');
  const setup = machineFor(scenario);
  const lock = new Lockstep(setup, ['reference'], { differential: false, invariants: [] });
  const out: string[] = [];
  for (const { step } of scenario.steps) {
    const before = lock.observations()[0]!;
    const r = lock.apply(step);
    const ctx = { step, answer: r.outcomes[0]!.outcome, before };
    for (const st of INTERESTING_STATES) if (!out.includes(st.name) && st.reached(setup, r.observation, ctx)) out.push(st.name);
  }
  return out;
}

const machine = (policy: string, ratio: number, memmap: string): string =>
  `profile v6.1\nconfig online_policy ${policy}\nconfig auto_movable_ratio ${ratio}\nconfig memmap_on_memory ${memmap}\nboot 0x100000 0x3fee0000\nadd_memory 0x100000000 128M -> ok\n`;

describe('interesting states', () => {
  it('auto-movable-refused-by-ratio: ratio 0 sends a generic online to Normal', () => {
    expect(reached(`${machine('auto-movable', 0, 'N')}state 32 online -> ok\nblock 32 -> online Normal\n`)).toContain('auto-movable-refused-by-ratio');
  });
  it('…but not when the ratio lets it go Movable, nor under contig-zones, nor for online_kernel', () => {
    expect(reached(`${machine('auto-movable', 301, 'N')}state 32 online -> ok\nblock 32 -> online Movable\n`)).not.toContain('auto-movable-refused-by-ratio');
    expect(reached(`${machine('contig-zones', 0, 'N')}state 32 online -> ok\nblock 32 -> online Normal\n`)).not.toContain('auto-movable-refused-by-ratio');
    expect(reached(`${machine('auto-movable', 0, 'N')}state 32 online_kernel -> ok\n`)).not.toContain('auto-movable-refused-by-ratio');
  });
  it('block-online-movable-with-vmemmap: only a self-hosted memmap counts', () => {
    const movable = 'state 32 online_movable -> ok\n';
    expect(reached(`${machine('contig-zones', 301, 'N')}${movable}`)).toEqual(expect.arrayContaining(['block-online-movable']));
    expect(reached(`${machine('contig-zones', 301, 'N')}${movable}`)).not.toContain('block-online-movable-with-vmemmap');
    const self = `profile v6.1\nconfig memmap_on_memory Y\nboot 0x100000 0x3fee0000\nadd_memory 0x100000000 128M memmap_on_memory -> ok\n${movable}`;
    expect(reached(self)).toContain('block-online-movable-with-vmemmap');
  });
  it('second-node-online: a node brought online by hot-add, not one that booted with memory', () => {
    const twoNodeBoot = 'profile v5.5\nboot 0x0 128M node=0\nboot 0x8000000 128M node=1\n';
    expect(reached(`${twoNodeBoot}node 1 -> online start_pfn=32768 spanned=32768 present=32768\n`)).not.toContain('second-node-online');
    expect(reached(`${twoNodeBoot}add_memory 0x100000000 128M node=2 -> ok\n`)).toContain('second-node-online');
  });
});

describe('interesting states asked only about what changed', () => {
  const kinds = fc.constantFrom<ImplementationKind>('reference', 'optimized');
  const bugs = fc.constantFrom<BugName | undefined>(undefined, ...BUG_SWITCHES.map((b) => b.name as BugName));
  it.each([
    ['every step', intentArbs, true, true],
    ['sparse-layer steps', sparseIntentArbs, false, false],
  ] as const)('reachedSince answers what reached answers wherever the state was not reached before the step (%s)', (_what, arbs, guard, reachesSome) => {
    const shortcuts = INTERESTING_STATES.filter((st) => st.reachedSince !== undefined);
    expect(shortcuts.length).toBeGreaterThanOrEqual(5);
    let compared = 0;
    let yes = 0;
    fc.assert(
      fc.property(fc.constantFrom(...PROFILES), machineSpecArb, kinds, bugs, fc.array(fc.oneof(...arbs), { maxLength: 60 }), (prof, spec, kind, bug, intents) => {
        const setup = { profile: prof, geometry: spec.geometry, config: spec.config, boot: spec.boot };
        const lock = new Lockstep(setup, [kind], { differential: false, invariants: [] }, new Set(bug ? [bug] : []));
        let before = lock.observations()[0]!;
        for (const intent of intents) {
          const r = lock.apply(resolveIntent(setup, before, intent, guard));
          for (const st of shortcuts) {
            if (st.reached(setup, before)) continue;
            const want = st.reached(setup, r.observation);
            compared++;
            if (want) yes++;
            expect(st.reachedSince!(setup, r.observation, before), st.name).toBe(want);
          }
          before = r.observation;
        }
      }),
      { numRuns: 40 },
    );
    // runs of every step reach some of these states, so "yes" is compared too
    if (reachesSome) expect(yes).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(300);
  });
});
