/**
 * The memory_block fault point: add_memory_block() failing inside
 * create_memory_block_devices() after arch_add_memory() (db051a0dac13). The
 * kernel takes the whole add back and answers the errno; expected states are
 * written from that rule, not read from either implementation. Seed 004 is
 * the s390 design of docs/seeds.md.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineFor } from '../../engine/machine.ts';
import { replaySteps } from '../../engine/replay.ts';
import { canonicalObservation, type Observation } from '../../model/observation.ts';
import { parseScenario } from '../../scenario/index.ts';
import { memhp } from '../helpers/cli.ts';

function run(profile: string, lines: readonly string[]) {
  const text = [`profile ${profile}`, 'geometry x86_64', 'boot 0x0 0x40000000', ...lines].join('\n');
  const scenario = parseScenario(`${text}\n`, 't.scn');
  return replaySteps(machineFor(scenario), scenario.steps, ['reference', 'optimized']);
}

function after(r: ReturnType<typeof run>, step: number): readonly Observation[] {
  return r.steps[step - 1]?.result.observations ?? [];
}

describe('fail next memory_block', () => {
  it.each(['v5.5', 'v6.1', 'v6.7', 'v7.3'])('%s: a failing 512M add answers -ENOMEM and leaves the state as before, the same add then works', (profile) => {
    const r = run(profile, [
      'fail next memory_block -ENOMEM',
      'add_memory 0x140000000 512M -> -ENOMEM',
      'block 40 -> -ENOENT',
      'block 43 -> -ENOENT',
      'add_memory 0x140000000 512M -> ok',
      'block 43 -> offline',
    ]);
    expect(r.passed).toBe(true);
    const [ref0] = after(r, 1);
    // v5.3..v6.7 free each section's usage before clearing its valid bit (B-31): four sections, four races
    const races = profile === 'v5.5' || profile === 'v6.7' ? 4 : 0;
    for (const o of after(r, 2)) {
      expect(o.usageRaces ?? 0).toBe(races);
      expect(canonicalObservation({ ...o, usageRaces: 0 })).toBe(canonicalObservation(ref0!));
    }
  });

  it('with memmap_on_memory, the failed add leaves no altmap and hands no memmap page to the buddy allocator', () => {
    const r = run('v7.3', ['config memmap_on_memory Y', 'fail next memory_block -ENOMEM', 'add_memory 0x140000000 256M memmap_on_memory -> -ENOMEM']);
    expect(r.passed).toBe(true);
    for (const o of after(r, 2)) {
      expect(o.altmaps ?? []).toEqual([]);
      expect(o.vmemmapToBuddy ?? 0).toBe(0);
      expect(o.blocks.filter((b) => b.id >= 40)).toEqual([]);
    }
  });

  it('stays armed until an add_memory creates a block: memremap_pages and a refused add do not take it', () => {
    const r = run('v6.12', [
      'fail next memory_block -ENOMEM',
      'memremap_pages 0x200000000 2M -> ok',
      'add_memory 0x140001000 128M -> -EINVAL',
      'add_memory 0x140000000 128M -> -ENOMEM',
      'add_memory 0x140000000 128M -> ok',
    ]);
    expect(r.passed).toBe(true);
  });

  it.each(['add-error-drops-altmap', 'block-error-drops-altmap'] as const)('the switch %s is caught by vmemmap-not-to-buddy only where its memmap_on_memory rule is', (bug) => {
    const text = (profile: string) =>
      [`profile ${profile}`, 'config memmap_on_memory Y', 'boot 0x0 0x40000000', 'fail next memory_block -ENOMEM', 'add_memory 0x140000000 128M memmap_on_memory -> -ENOMEM'].join('\n');
    const checksAt = (profile: string) => {
      const s = parseScenario(`${text(profile)}\n`, 't.scn');
      const r = replaySteps(machineFor(s), s.steps, ['reference', 'optimized'], new Set([bug]));
      return { checks: r.steps[1]!.result.violations.map((v) => v.check), toBuddy: r.steps[1]!.result.observations[1]?.vmemmapToBuddy ?? 0 };
    };
    // B-24 lived with one altmap per add (v5.12..v6.6), B-25 with one per block (v6.7+)
    const [hit, miss] = bug === 'add-error-drops-altmap' ? ['v6.1', 'v7.3'] : ['v7.3', 'v6.1'];
    expect(checksAt(hit).checks).toContain('vmemmap-not-to-buddy');
    // the block's whole memmap: 32768 struct pages of 64 bytes, 512 pages
    expect(checksAt(hit).toBuddy).toBe(512);
    expect(checksAt(miss)).toEqual({ checks: [], toBuddy: 0 });
  });

  it('v5.3 shrinks the spans at arch_remove_memory(), reading the never-initialised memmap (B-5) on the way back', () => {
    const r = run('v5.3', ['fail next memory_block -ENOMEM', 'add_memory 0x140000000 128M -> -ENOMEM', 'block 40 -> -ENOENT']);
    expect(r.passed).toBe(true);
    expect(r.steps[1]!.result.findings.map((f) => f.check)).toContain('no-uninit-memmap-read');
  });

  it("seed 004's deferred standby memory: a failed add has added no section, so it removes none", () => {
    const scenario = parseScenario(
      [
        'profile v6.9-s390-rfc',
        'geometry s390',
        'config memmap_on_memory Y',
        'boot 0 1G',
        'fail next memory_block -ENOMEM',
        'add_memory 0x80000000 256M memmap_on_memory inaccessible -> -ENOMEM',
        'block 8 -> -ENOENT',
        'add_memory 0x80000000 256M memmap_on_memory inaccessible -> ok',
        'block 8 -> offline',
        '',
      ].join('\n'),
      't.scn',
    );
    const r = replaySteps(machineFor(scenario), scenario.steps, ['reference', 'optimized']);
    expect(r.steps.flatMap((s) => [...s.result.violations, ...s.result.findings].map((v) => v.check))).toEqual([]);
    expect(r.passed).toBe(true);
    const [before] = after(r, 1);
    for (const o of after(r, 2)) expect(canonicalObservation(o)).toBe(canonicalObservation(before!));
  });

  it('is refused on a profile that registers memory blocks inside __add_section(): one line, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memhp-block-fault-'));
    const file = join(dir, 'old.scn');
    writeFileSync(file, 'profile v4.19\nboot 0x0 0x40000000\nfail next memory_block -ENOMEM\nadd_memory 0x140000000 128M\n');
    const r = memhp(['replay', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/line 3: fault point memory_block is not modelled for v4\.19/)]);
  });
});
