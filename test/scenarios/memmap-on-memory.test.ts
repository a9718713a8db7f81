/**
 * memmap_on_memory: where the self-hosted memmap goes and how it is counted,
 * per profile. Expected page counts come from the geometry: a 128 MiB block of
 * 4 KiB pages has 32768 struct pages of 64 bytes, 2 MiB, 512 pages.
 */
import { describe, expect, it } from 'vitest';
import { machineFor } from '../../engine/machine.ts';
import { parsePatchProfile } from '../../engine/patch-profile.ts';
import { replaySteps } from '../../engine/replay.ts';
import type { Observation } from '../../model/observation.ts';
import { parseScenario } from '../../scenario/index.ts';

const X86_MEMMAP_PAGES = (128 * 2 ** 20 / 4096) * 64 / 4096;

/** Replays under both implementations; answers the last observation of each. */
function run(profile: string, geometry: string, lines: string[]): { passed: boolean; after: readonly Observation[] } {
  const text = [`profile ${profile}`, `geometry ${geometry}`, ...lines].join('\n');
  const scenario = parseScenario(`${text}\n`, 't.scn');
  const r = replaySteps(machineFor(scenario), scenario.steps, ['reference', 'optimized']);
  const last = r.steps[r.steps.length - 1];
  expect(last?.result.observations).toHaveLength(2);
  return { passed: r.passed, after: last === undefined ? [] : last.result.observations ?? [] };
}

function zone(o: Observation, name: string) {
  return o.nodes[0]?.zones.find((z) => z.name === name);
}

describe('memmap_on_memory', () => {
  it('512 pages on x86_64', () => expect(X86_MEMMAP_PAGES).toBe(512));

  it.each(['v5.12', 'v6.1', 'v6.6', 'v6.7', 'v7.3'])('%s: a 128M block onlined Movable keeps 512 pages present but not managed', (p) => {
    const r = run(p, 'x86_64', ['config memmap_on_memory Y', 'add_memory 0x100000000 128M memmap_on_memory', 'state 32 online_movable']);
    expect(r.passed).toBe(true);
    for (const o of r.after) {
      const z = zone(o, 'Movable')!;
      expect(z.present - z.managed).toBe(X86_MEMMAP_PAGES);
      expect(o.blocks.find((b) => b.id === 32)?.vmemmap).toBe(X86_MEMMAP_PAGES);
      expect(o.altmaps).toEqual([{ basePfn: 0x100000000 / 4096, endPfn: 0x108000000 / 4096, pages: X86_MEMMAP_PAGES }]);
    }
  });

  it.each([
    ['v5.10', 'Y', 0],
    ['v5.12', 'N', 0],
    ['v5.12', 'force', 0], // a bool parameter before v6.6: force does not parse
    ['v6.6', 'force', X86_MEMMAP_PAGES],
  ])('%s with memmap_on_memory=%s hosts %i pages', (p, mode, pages) => {
    const r = run(p, 'x86_64', [`config memmap_on_memory ${mode}`, 'add_memory 0x100000000 128M memmap_on_memory', 'state 32 online']);
    expect(r.passed).toBe(true);
    for (const o of r.after) {
      const z = zone(o, 'Normal')!;
      expect(z.present - z.managed).toBe(pages);
    }
  });

  // arch_supports_memmap_on_memory() wants the memmap of a block to be whole PMDs (512 pages of
  // 4K): 64M blocks have 16384 struct pages of 64 bytes, 256 pages, half a PMD; 256M blocks 1024
  // pages, two PMDs. A 64K-page ppc64 block of 256M has 4096 struct pages, 4 pages of a 8192-page PMD.
  it.each([
    ['v5.12', 'page=4K section=64M block=64M', 0x100000000 / (64 * 2 ** 20), '64M', 0],
    ['v6.6', 'page=4K section=64M block=64M', 0x100000000 / (64 * 2 ** 20), '64M', 0],
    ['v7.3', 'page=4K section=64M block=64M', 0x100000000 / (64 * 2 ** 20), '64M', 0],
    ['v5.12', 'page=4K section=128M block=256M', 0x100000000 / (256 * 2 ** 20), '256M', 1024],
    ['v7.3', 'page=4K section=128M block=256M', 0x100000000 / (256 * 2 ** 20), '256M', 1024],
    ['v7.3', 'ppc64', 0x100000000 / (256 * 2 ** 20), '256M', 0],
  ])('%s, geometry %s: block %i of %s hosts %i pages of its memmap', (p, geometry, block, size, pages) => {
    const r = run(p, geometry, ['config memmap_on_memory Y', `add_memory 0x100000000 ${size} memmap_on_memory`, `state ${block} online`]);
    expect(r.passed).toBe(true);
    for (const o of r.after) {
      const b = o.blocks.find((x) => x.id === block);
      expect(b?.state).toBe('online');
      // a block without vmemmap pages does not show the field
      expect(b?.vmemmap ?? 0).toBe(pages);
      expect((o.altmaps ?? []).map((a) => a.pages)).toEqual(pages === 0 ? [] : [pages]);
    }
  });

  it('without the flag word nothing is self-hosted', () => {
    const r = run('v7.3', 'x86_64', ['config memmap_on_memory Y', 'add_memory 0x100000000 128M', 'state 32 online_movable']);
    for (const o of r.after) expect(zone(o, 'Movable')!.managed).toBe(32768);
  });

  it('s390: a 256M block hosts 65536 × 64 B = 1024 pages', () => {
    const r = run('v6.9-s390', 's390', ['config memmap_on_memory Y', 'add_memory 0x80000000 256M memmap_on_memory', 'online 8 1']);
    expect(r.passed).toBe(true);
    for (const o of r.after) {
      const kernel = o.nodes[0]!.zones.filter((z) => z.present !== z.managed);
      expect(kernel.map((z) => z.present - z.managed)).toEqual([1024]);
    }
  });

  it('the altmap is freed with the memory at remove', () => {
    const r = run('v6.7', 'x86_64', [
      'config memmap_on_memory Y',
      'add_memory 0x100000000 256M memmap_on_memory',
      'remove_memory 0x100000000 256M -> ok',
    ]);
    expect(r.passed).toBe(true);
    for (const o of r.after) expect(o.altmaps ?? []).toEqual([]);
  });
});

describe('a memmap that fills whole sections (8G blocks of 128M sections)', () => {
  // 2097152 pages of 64-byte struct pages: 32768 memmap pages, exactly section 64, the block's first.
  // online_pages() starts after them, so mhp_init_memmap_on_memory() marks that section online and
  // mhp_deinit_memmap_on_memory() marks it offline again (v5.12).
  it.each(['v5.12', 'v6.1', 'v7.3'])('%s: section 64 is online exactly while the block is', (p) => {
    const r = run(p, 'page=4K section=128M subsection=2M block=8G physbits=46', [
      'config memmap_on_memory Y',
      'boot 0x0 0x200000000',
      'add_memory 0x200000000 8G memmap_on_memory -> ok',
      'pfn_to_online_page 0x200000000 -> NULL',
      'state 1 online_movable -> ok',
      'pfn_to_online_page 0x200000000 -> page',
      'zone Movable -> start_pfn=2097152 spanned=2097152 present=2097152 managed=2064384',
      'state 1 offline -> ok',
      'pfn_to_online_page 0x200000000 -> NULL',
      'pfn_to_online_page 0x208000000 -> NULL',
    ]);
    expect(r.passed).toBe(true);
  });
});

describe('s390 standby memory (v6.9: MEM_PREPARE_ONLINE / MEM_FINISH_OFFLINE)', () => {
  const head = ['config memmap_on_memory Y', 'boot 0 1G', 'add_memory 0x80000000 256M memmap_on_memory inaccessible'];
  const inaccessible = (profile: string, lines: string[]): boolean[] => {
    const r = run(profile, 's390', [...head, ...lines]);
    expect(r.passed).toBe(true);
    return r.after.map((o) => o.altmaps?.[0]?.inaccessible === true);
  };

  it('is inaccessible after the add', () => expect(inaccessible('v6.9-s390', [])).toEqual([true, true]));
  it('stays inaccessible when MEM_PREPARE_ONLINE is refused', () =>
    expect(inaccessible('v6.9-s390', ['veto MEM_PREPARE_ONLINE -ENOMEM', 'online 8 1 -> -ENOMEM'])).toEqual([true, true]));
  it('is inaccessible again after a failed online (MEM_FINISH_OFFLINE)', () =>
    expect(inaccessible('v6.9-s390', ['veto MEM_GOING_ONLINE -EBUSY', 'online 8 1 -> -EBUSY'])).toEqual([true, true]));
  it('is accessible while online', () => expect(inaccessible('v6.9-s390', ['online 8 1 -> ok'])).toEqual([false, false]));
  it('is inaccessible again after offline', () =>
    expect(inaccessible('v6.9-s390', ['online 8 1 -> ok', 'online 8 0 -> ok'])).toEqual([true, true]));
  it('v7.3 has no MHP_OFFLINE_INACCESSIBLE: the flag word asks for nothing', () =>
    expect(inaccessible('v7.3', [])).toEqual([false, false]));
  it('v7.3 sends no MEM_PREPARE_ONLINE: a veto of it never fires', () =>
    expect(inaccessible('v7.3', ['veto MEM_PREPARE_ONLINE -ENOMEM', 'online 8 1 -> ok'])).toEqual([false, false]));
});

describe("s390 standby memory under seed 004's design (v6.9-s390-rfc: MEM_PHYS_ONLINE / MEM_PHYS_OFFLINE)", () => {
  // s390: 256M sections and blocks; block 8 is section 8 at 0x80000000
  const head = ['config memmap_on_memory Y', 'boot 0 1G', 'add_memory 0x80000000 256M memmap_on_memory inaccessible -> ok'];
  const valid = (profile: string, lines: string[]) => {
    const r = run(profile, 's390', [...head, ...lines, 'valid_section 0x80000000']);
    expect(r.passed).toBe(true);
    return r.after.map((o) => [o.sections.some((s) => s.nr === 8 && s.present && s.hasMemMap), o.altmaps?.[0]?.inaccessible === true]);
  };

  it('the add leaves the sections out until online (merged v6.9: added at once, altmap inaccessible)', () => {
    expect(valid('v6.9-s390-rfc', [])).toEqual([[false, true], [false, true]]);
    expect(valid('v6.9-s390', [])).toEqual([[true, true], [true, true]]);
  });
  it('online adds them (MEM_PHYS_ONLINE, then __add_pages() with the altmap) and makes the memory accessible', () =>
    expect(valid('v6.9-s390-rfc', ['online 8 1 -> ok'])).toEqual([[true, false], [true, false]]));
  it('offline takes them away again (MEM_PHYS_OFFLINE)', () =>
    expect(valid('v6.9-s390-rfc', ['online 8 1 -> ok', 'online 8 0 -> ok'])).toEqual([[false, true], [false, true]]));
  it('a failed online leaves neither sections nor access behind', () =>
    expect(valid('v6.9-s390-rfc', ['veto MEM_GOING_ONLINE -EBUSY', 'online 8 1 -> -EBUSY'])).toEqual([[false, true], [false, true]]));
  it('there is no MEM_PREPARE_ONLINE to refuse', () =>
    expect(valid('v6.9-s390-rfc', ['veto MEM_PREPARE_ONLINE -ENOMEM', 'online 8 1 -> ok'])).toEqual([[true, false], [true, false]]));
  it('a failing __add_pages() at online answers its errno and leaves the block offline', () =>
    expect(valid('v6.9-s390-rfc', ['fail next usage -ENOMEM', 'online 8 1 -> -ENOMEM', 'block 8 -> offline'])).toEqual([[false, true], [false, true]]));
});

describe('memhp_default_state words', () => {
  it.each([
    ['v5.5', 'online_movable', 'offline'], // before v5.7 the word does not parse [I]
    ['v5.10', 'online_movable', 'online Movable'],
    ['v5.10', 'online_kernel', 'online Normal'],
    ['v7.3', 'online', 'online Normal'],
  ])('%s auto_online_blocks %s: the block is %s', (p, word, state) => {
    const r = run(p, 'x86_64', [`config auto_online_blocks ${word}`, 'boot 0x100000 0x3fee0000', 'add_memory 0x100000000 128M -> ok', `block 32 -> ${state}`]);
    expect(r.passed).toBe(true);
  });
});

describe("seed 003's rule (memmap pages to ZONE_NORMAL) under auto-movable, on v6.7", () => {
  // v6.7: one add_memory() of two blocks, each hosting its own 512 memmap pages, is one static
  // memory group (a DIMM). Under seed 003 (docs/seeds.md) the memmap pages of a Movable block are kernel pages of
  // that group, and auto_movable_zone_for_pfn() keeps the rest of a DIMM with kernel pages in the
  // kernel zones. Merged, all 32768 pages of the block are Movable and the DIMM may go on.
  const patch = parsePatchProfile('name: seed-003-on-v6.7\nbase: v6.7\nrules:\n  modern.vmemmapZone: normal\n', 'seed-003-on-v6.7.yaml');
  const lines = [
    'config memmap_on_memory Y',
    'config online_policy auto-movable',
    'boot 0x0 0x40000000',
    'add_memory 0x100000000 256M memmap_on_memory -> ok',
    'state 32 online_movable -> ok',
    'state 33 online -> ok',
  ];
  const replay = (profile: 'patch' | 'v6.7', then: string[], config: string[] = []) => {
    const scenario = parseScenario(`${['profile v6.7', ...config, ...lines, ...then].join('\n')}\n`, 't.scn');
    const machine = profile === 'patch' ? { ...machineFor(scenario), profile: patch } : machineFor(scenario);
    const r = replaySteps(machine, scenario.steps, ['reference', 'optimized']);
    const failed = r.steps.find((st) => st.unmet !== undefined || st.result.violations.length > 0);
    if (failed !== undefined) return `line ${failed.source.line}: ${failed.unmet?.expected ?? failed.result.violations.map((v) => v.message).join('; ')}`;
    return r.passed ? '' : 'the implementations disagree';
  };

  it('the DIMM follows its memmap pages into ZONE_NORMAL, and offlining block 32 gives the group its pages back', () => {
    expect(replay('patch', ['block 33 -> online Normal', 'state 33 offline -> ok', 'state 32 offline -> ok', 'state 33 online -> ok', 'block 33 -> online Movable'])).toBe('');
  });

  it('offlined, block 32 takes all its pages out of the group: the whole DIMM is weighed again', () => {
    // ratio 100 of 262144 early pages, 7 plain Movable blocks (229376): the DIMM's 65536 pages no longer fit
    const plain = ['add_memory 0x200000000 896M -> ok', ...[64, 65, 66, 67, 68, 69, 70].map((b) => `state ${b} online_movable -> ok`)];
    expect(replay('patch', [...plain, 'state 33 offline -> ok', 'state 32 offline -> ok', 'state 33 online -> ok', 'block 33 -> online Normal'], ['config auto_movable_ratio 100'])).toBe('');
  });

  it('merged v6.7: block 33 goes Movable after the Movable block 32', () => {
    expect(replay('v6.7', ['block 33 -> online Movable'])).toBe('');
  });
});
