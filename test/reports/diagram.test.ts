/**
 * The memory diagrams: a compressed address axis on which a 4 GiB boot range
 * and a far DIMM are both visible, and the terminal version of a known
 * scenario drawn step by step.
 */
import { describe, expect, it } from 'vitest';
import { buildAxis, positions } from '../../reports/diagram/layout.ts';
import type { MachineJson, ObservationJson } from '../../reports/schema.ts';
import { memhp } from '../helpers/cli.ts';

const X86: MachineJson = {
  profile: 'v5.5',
  geometry: { name: 'x86_64', pageShift: 12, sectionShift: 27, subsectionShift: 21, blockShift: 27 },
  config: {},
  boot: [{ start: 0, size: 4 * 2 ** 30, nid: 0 }],
};

function section(nr: number): ObservationJson['sections'][number] {
  const full = `0x${'f'.repeat(16)}`;
  return { nr, nid: 0, present: true, hasMemMap: true, online: false, early: false, usage: 'hotplug', subsectionMap: full, memmapBoot: '0x0', memmapHotplug: full, pfnValid: full };
}

function state(nrs: readonly number[]): ObservationJson {
  return { roots: [0], sections: nrs.map(section), blocks: [], nodes: [], memmap: [], resources: [], pins: [], uninitReads: 0 };
}

describe('diagram axis', () => {
  it('shows a 4 GiB boot range and a DIMM 16 TiB away side by side, cutting out the space between', () => {
    const boot = Array.from({ length: 32 }, (_, i) => i); // 4 GiB of 128 MiB sections
    const far = 2 ** 44 / 2 ** 27; // the section at 16 TiB
    const before = state(boot);
    const after = state([...boot, far]);
    // Section 5 changes between the two states (it goes away).
    const changed = state(boot.filter((n) => n !== 5));
    const axis = buildAxis(X86, [before, changed, after]);
    const kinds = axis.segments.map((s) => s.kind);
    expect(kinds.filter((k) => k === 'break')).toHaveLength(1);
    expect(axis.segments.at(-1)).toEqual({ first: far, last: far, kind: 'section' });
    // The changing section keeps its own column; unchanging runs fold.
    expect(axis.segments).toContainEqual({ first: 5, last: 5, kind: 'section' });
    expect(kinds).toContain('fold');
    const { x, total } = positions(axis, (s) => (s.kind === 'section' ? 40 : 20));
    const pps = 2 ** 15;
    // The DIMM is as wide as one boot section and ends the axis.
    expect(x((far + 1) * pps) - x(far * pps)).toBe(40);
    expect(x((far + 1) * pps)).toBe(total);
    expect(x(far * pps)).toBeGreaterThan(x(32 * pps));
    expect(total).toBeLessThan(40 * 20);
  });
});

describe('memhp replay --diagram', () => {
  it('draws zones, blocks and sections after each step of seed 001 (v5.5), without colour off a terminal', () => {
    const r = memhp(['replay', 'scenarios/examples/seed-001-v5.5.scn', '--diagram', '--out', '/tmp/memhp-diagram-test']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('\x1b');
    const step = (n: number) => {
      const all = r.stdout.split(/\n(?=step \d+:)/);
      return all.find((s) => s.startsWith(`step ${n}:`))!;
    };
    // Step 6 onlines block 32: a Normal zone appears over it.
    expect(step(6)).toMatch(/^step 6: state 32 online -> ok/);
    expect(step(6)).toMatch(/node 0 .*\[Normal-*\]/);
    expect(step(6)).toMatch(/blocks .*\[32 Normal=*\]\[33 off\.*\]/);
    // Step 9 offlines it again: block 32 is offline and Normal starts at block 33 (v5.5 shrinks at offline).
    expect(step(9)).toMatch(/blocks .*\[32 off\.*\]\[33 Normal=*\]/);
    const zoneRow = step(9).split('\n').find((l) => l.includes('[Normal'))!;
    const blockRow = step(9).split('\n').find((l) => l.includes('[33 Normal'))!;
    expect(zoneRow.indexOf('[Normal')).toBe(blockRow.indexOf('[33 Normal'));
    // Sections of the hot-added blocks: every sub-section active.
    expect(step(5)).toMatch(/sections .*#{4,}/);
  });
});
