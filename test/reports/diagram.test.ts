/**
 * The memory diagrams: a compressed address axis on which a 4 GiB boot range
 * and a far DIMM are both visible, and the terminal version of a known
 * scenario drawn step by step (seed 001's, docs/seeds.md).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAxis, positions } from '../../reports/diagram/layout.ts';
import { SUBSECTION_COLOURS } from '../../reports/diagram/svg-zoom.ts';
import type { MachineJson, ObservationJson } from '../../reports/schema.ts';
import { memhpInProcess } from '../helpers/in-process.ts';

const scratch = mkdtempSync(join(tmpdir(), 'memhp-diagram-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const outDir = (): string => mkdtempSync(join(scratch, 'out-'));

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
  it('draws zones, blocks and sections right under each step of seed 001 (v5.5), without colour off a terminal', async () => {
    const r = await memhpInProcess(['replay', 'scenarios/examples/seed-001-v5.5.scn', '--diagram', '--out', outDir()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('\x1b');
    // Each step's block: its own line, then its diagram, up to the next step's line.
    const blocks = r.stdout.split(/\n(?= +\d+ {2}line )/);
    const step = (n: number) => blocks.find((b) => new RegExp(`^ +${n} {2}line `).test(b))!;
    // Step 6 onlines block 32: a Normal zone appears over it.
    expect(step(6)).toMatch(/^ +6 {2}line 15 +state 32 online +ok/);
    expect(step(6)).toMatch(/node 0 .*\[Normal-*\]/);
    expect(step(6)).toMatch(/blocks .*\[32 Normal=*\]\[33 off\.*\]/);
    // Step 9 offlines it again: block 32 is offline and Normal starts at block 33 (v5.5 shrinks at offline).
    expect(step(9)).toMatch(/blocks .*\[32 off\.*\]\[33 Normal=*\]/);
    const zoneRow = step(9).split('\n').find((l) => l.includes('[Normal'))!;
    const blockRow = step(9).split('\n').find((l) => l.includes('[33 Normal'))!;
    expect(zoneRow.indexOf('[Normal')).toBe(blockRow.indexOf('[33 Normal'));
    // Sections of the hot-added blocks: every sub-section active.
    expect(step(5)).toMatch(/sections .*#{4,}/);
    // Offlining a whole section changes its online flag only: named, not drawn cell by cell.
    expect(step(9)).toMatch(/^ {6}section\(s\) 32: flags changed, sub-sections as before$/m);
    expect(step(9)).not.toMatch(/section 32 {2}0x/);
    // A query changes nothing: no picture repeated.
    expect(step(8)).toMatch(/\n +\(state unchanged\)$/);
  });

  it('zooms into the section a 2 MiB device range shares with early RAM: RAM, hole and device told apart', async () => {
    const r = await memhpInProcess(['replay', 'scenarios/examples/online-page-tainted-section.scn', '--diagram', '--out', outDir()]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => /^ +1 {2}line 10 +memremap_pages 0x3c000000 2M/.test(l));
    const zoom = lines.slice(at).findIndex((l) => l.trim().startsWith('section 7 '));
    expect(zoom).toBeGreaterThan(0);
    const [caption, memory, memmap, changed] = lines.slice(at + zoom, at + zoom + 4).map((l) => l.trim());
    expect(caption).toBe('section 7  0x38000000–0x3fffffff  present, online, early');
    // Boot RAM ends at 0x3bf00000, half-way through sub-section 31; sub-section 32 is the device's 2 MiB.
    expect(memory).toBe(`memory  ${'R'.repeat(31)}rD${'.'.repeat(31)}`);
    expect(memmap).toBe(`memmap  ${'b'.repeat(64)}`);
    expect(changed).toBe(`changed ${' '.repeat(32)}^`);
  });
});

describe('report.html', () => {
  it('zooms each step into the sections it changed, RAM and device sub-sections in their own colours, with a legend', async () => {
    const out = outDir();
    const r = await memhpInProcess(['replay', 'scenarios/examples/online-page-tainted-section.scn', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(`<i class="sw" style="background:${SUBSECTION_COLOURS.ram}"></i>System RAM`);
    expect(html).toContain(`<i class="sw" style="background:${SUBSECTION_COLOURS.device}"></i>device memory (memremap_pages)`);
    const zooms = html.split('<svg').filter((s) => s.includes('class="mem zoom"'));
    // Only step 1 (memremap_pages) changes a section; the four queries after it do not.
    expect(zooms).toHaveLength(1);
    expect(html.match(/<p class="side">state unchanged<\/p>/g)).toHaveLength(4);
    const zoom = zooms[0]!;
    expect(zoom).toContain('section 7  0x38000000–0x3fffffff  present, online, early');
    // 64 cells of 16 px from x=64: sub-section 32 is the device range, 0..30 RAM, 31 half RAM.
    expect(zoom).toContain(`<rect x="${64 + 32 * 16 + 1}" y="21" width="14" height="14" fill="${SUBSECTION_COLOURS.device}"/>`);
    expect(zoom).toContain(`<rect x="${64 + 30 * 16 + 1}" y="21" width="14" height="14" fill="${SUBSECTION_COLOURS.ram}"/>`);
    expect(zoom).toContain(`<rect x="${64 + 31 * 16 + 1}" y="21" width="7" height="14" fill="${SUBSECTION_COLOURS.ram}"/>`);
    // The changed-cell bar over sub-section 32 only.
    expect(zoom.match(/height="3" fill="#212529"/g)).toHaveLength(1);
  });
});

describe('two sides that differ', () => {
  it('B-14 with its bug switch: the zoom marks the one sub-section whose boot memmap the optimized side freed', async () => {
    const out = outDir();
    const r = await memhpInProcess(['replay', 'regressions/B-14-early-section-partial-depopulate/scenario.scn', '--inject', 'early-partial-depopulate', '--diagram', '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.split('\n').map((l) => l.trim());
    const optimized = lines.indexOf('optimized:');
    expect(optimized).toBeGreaterThan(0);
    const after = lines.slice(optimized);
    // Sub-section 61 (0x3fa00000, hot-added into the hole and removed again) lost its boot memmap on the optimized side only.
    expect(after.find((l) => l.startsWith('memmap'))).toBe(`memmap  ${'b'.repeat(61)} bb`);
    expect(after.find((l) => l.startsWith('differs'))).toBe(`differs ${' '.repeat(61)}x`);
    const reference = lines.slice(lines.indexOf('reference:'), optimized);
    expect(reference.find((l) => l.startsWith('memmap'))).toBe(`memmap  ${'b'.repeat(64)}`);
    // The HTML outlines that cell, and only it, in red on each side.
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const red = [...html.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="15" height="14" fill="none" stroke="#d00000"/g)].map((m) => m[1]);
    expect(red).toEqual([String(64 + 61 * 16 + 0.5), String(64 + 61 * 16 + 0.5)]);
  });
});
