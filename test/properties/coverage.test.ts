/** The interesting states that are decisions, not shapes: each predicate says yes only where it should. */
import { describe, expect, it } from 'vitest';
import { Lockstep } from '../../engine/lockstep.ts';
import { machineFor } from '../../engine/machine.ts';
import { INTERESTING_STATES } from '../../properties/coverage.ts';
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
