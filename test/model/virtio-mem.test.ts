/**
 * The virtio-mem driver in both implementations (model/reference/memory/virtio-mem.ts,
 * model/optimized/memory/virtio-mem.ts): zones under auto-movable as the Debian 6.1,
 * 6.12 and 7.3 guests showed them (docs/oracle.md "virtio-mem"), the unplug
 * order, sub-block sizes per profile, `managed` of a partly plugged block,
 * and bad input.
 */
import { describe, expect, it } from 'vitest';
import { machineFor } from '../../engine/machine.ts';
import type { Implementation } from '../../model/implementation.ts';
import { createOptimized } from '../../model/optimized/index.ts';
import { createReference } from '../../model/reference/index.ts';
import { parseScenario } from '../../scenario/index.ts';
import { virtioMemPluggedAdded, virtioMemTowardRequest } from '../../checks/invariants/virtio-mem.ts';

const M = 1024 * 1024;
const header = (profile: string, extra: string): string =>
  `profile ${profile}\n${extra}config virtio_mem 0x100000000 2G\nboot 0x1000 0x9e000\nboot 0x100000 0x3fee0000\n`;
const AUTO_MOVABLE = 'config auto_online_blocks online\nconfig online_policy auto-movable\nconfig auto_movable_ratio 100\n';

function machines(text: string): Implementation[] {
  const setup = machineFor(parseScenario(`${text}dump\n`));
  return [createReference(setup, new Set()), createOptimized(setup, new Set())];
}

const zonesOf = (impl: Implementation): string[] => impl.observe().blocks.filter((b) => b.id >= 32).map((b) => `${b.id}:${b.zone}`);

describe.each(['reference', 'optimized'] as const)('virtio-mem, %s implementation', (kind) => {
  const pick = (text: string): Implementation => machines(text).find((i) => i.kind === kind)!;

  it('grows to 1536M under auto-movable (ratio 100) with the zones the 6.1 guest chose', () => {
    const m = pick(header('v6.1', AUTO_MOVABLE));
    expect(m.apply({ op: 'virtio_mem_resize', size: 1536 * M })).toBe('ok');
    expect(zonesOf(m)).toEqual([
      '32:Movable', '33:Movable', '34:Movable', '35:Movable', '36:Movable', '37:Movable', '38:Movable',
      '39:Normal', '40:Movable', '41:Normal', '42:Movable', '43:Normal',
    ]);
    expect(m.observe().virtioMem?.ranges).toEqual(['0x100000000-0x15fffffff']);
  });

  it('shrinks Movable blocks first, highest first, from v5.14 on: 1536M to 512M keeps 32 and the three Normal blocks', () => {
    const m = pick(header('v6.1', AUTO_MOVABLE));
    m.apply({ op: 'virtio_mem_resize', size: 1536 * M });
    m.apply({ op: 'virtio_mem_resize', size: 512 * M });
    expect(zonesOf(m)).toEqual(['32:Movable', '39:Normal', '41:Normal', '43:Normal']);
    expect(m.observe().virtioMem?.plugged).toBe(512 * M);
    expect(m.observe().virtioMem?.ranges).toEqual(['0x100000000-0x107ffffff', '0x138000000-0x13fffffff', '0x148000000-0x14fffffff', '0x158000000-0x15fffffff']);
  });

  it('a 2M plug leaves the block present and 512 pages managed', () => {
    const m = pick(header('v6.1', AUTO_MOVABLE));
    m.apply({ op: 'virtio_mem_resize', size: 2 * M });
    expect(m.apply({ op: 'zone', zone: 'Movable', nid: 0 })).toBe('start_pfn=1048576 spanned=32768 present=32768 managed=512');
    expect(m.observe().virtioMem?.plugMap).toEqual(['32:0x1']);
  });

  it('v5.10 plugs 4M sub-blocks: 2M plugs nothing, 130M plugs 128M', () => {
    const m = pick(header('v5.10', 'config auto_online_blocks online\n'));
    m.apply({ op: 'virtio_mem_resize', size: 2 * M });
    expect(m.observe().virtioMem?.plugged).toBe(0);
    expect(m.observe().blocks.some((b) => b.id === 32)).toBe(false);
    m.apply({ op: 'virtio_mem_resize', size: 130 * M });
    expect(m.observe().virtioMem).toMatchObject({ plugged: 128 * M, subBlock: 4 * M });
  });

  it('unplugs offline blocks first, highest first, and removes an emptied one', () => {
    const m = pick(header('v6.12', ''));
    m.apply({ op: 'virtio_mem_resize', size: 256 * M });
    expect(m.apply({ op: 'block', block: 33 })).toBe('offline');
    m.apply({ op: 'state', block: 32, word: 'online_movable' });
    m.apply({ op: 'virtio_mem_resize', size: 130 * M });
    // block 33 (offline) gave 126M and went; block 32 (online) kept whole
    expect(m.observe().virtioMem?.plugMap).toEqual(['32:0xffffffffffffffff', '33:0x1']);
    m.apply({ op: 'virtio_mem_resize', size: 126 * M });
    expect(m.apply({ op: 'block', block: 33 })).toBe('-ENOENT');
    expect(m.observe().virtioMem?.plugMap).toEqual(['32:0x7fffffffffffffff']);
  });

  it('adds no block past the offline threshold (1 GiB of offline device memory)', () => {
    const m = pick(header('v6.12', ''));
    m.apply({ op: 'virtio_mem_resize', size: 2048 * M });
    expect(m.observe().virtioMem?.plugged).toBe(1024 * M);
  });

  it('keeps every pinned sub-block of an online block: an unplug that finds each one busy unplugs nothing, and the block stays', () => {
    const m = pick(header('v6.12', 'config auto_online_blocks online\n'));
    m.apply({ op: 'virtio_mem_resize', size: 128 * M });
    // 2M sub-blocks from v6.5 (pageblock order): one pinned page in each of the block's 64
    for (let sb = 0; sb < 64; sb++) expect(m.apply({ op: 'pin', addr: 0x100000000 + sb * 2 * M + 4096 })).toBe('ok');
    expect(m.apply({ op: 'virtio_mem_resize', size: 0 })).toBe('ok');
    expect(m.observe().virtioMem).toMatchObject({ requested: 0, plugged: 128 * M, plugMap: ['32:0xffffffffffffffff'] });
    expect(m.apply({ op: 'block', block: 32 })).toBe('online Normal');
    // with sub-block 10 free, that one alone goes (the highest first, busy ones skipped)
    expect(m.apply({ op: 'unpin', addr: 0x100000000 + 10 * 2 * M + 4096 })).toBe('ok');
    m.apply({ op: 'virtio_mem_resize', size: 0 });
    expect(m.observe().virtioMem).toMatchObject({ plugged: 126 * M, plugMap: ['32:0xfffffffffffffbff'] });
  });

  it('reuses a prepared block only under the offline threshold: with 1 GiB offline again, the emptied block 40 is not added back', () => {
    const m = pick(header('v6.12', ''));
    m.apply({ op: 'virtio_mem_resize', size: 1024 * M }); // blocks 32-39, offline: 1 GiB
    m.apply({ op: 'state', block: 32, word: 'online' }); // 896M offline
    m.apply({ op: 'virtio_mem_resize', size: 1152 * M }); // room for block 40
    expect(m.apply({ op: 'block', block: 40 })).toBe('offline');
    m.apply({ op: 'virtio_mem_resize', size: 1024 * M }); // block 40 (offline, highest) emptied and removed
    expect(m.apply({ op: 'block', block: 40 })).toBe('-ENOENT');
    m.apply({ op: 'state', block: 32, word: 'offline' }); // 1 GiB offline again
    m.apply({ op: 'virtio_mem_resize', size: 1152 * M });
    expect(m.observe().virtioMem?.plugged).toBe(1024 * M);
    expect(m.apply({ op: 'block', block: 40 })).toBe('-ENOENT');
  });

  it('unplugs around a hole an online unplug left at sub-block 0 of a block offlined since, and removes the block', () => {
    const m = pick(header('v6.12', 'config auto_online_blocks online\n'));
    m.apply({ op: 'virtio_mem_resize', size: 256 * M }); // blocks 32 and 33, online, 64 sub-blocks of 2M each
    const page = (block: number, sb: number): number => block * 128 * M + sb * 2 * M + 4096;
    for (let sb = 0; sb < 64; sb++) m.apply({ op: 'pin', addr: page(33, sb) });
    for (let sb = 1; sb < 64; sb++) m.apply({ op: 'pin', addr: page(32, sb) });
    // 33 is all busy; in 32 only sub-block 0 can go
    m.apply({ op: 'virtio_mem_resize', size: 254 * M });
    expect(m.observe().virtioMem?.plugMap).toEqual(['32:0xfffffffffffffffe', '33:0xffffffffffffffff']);
    // asked for one more while every plugged sub-block is busy: the walk reaches the hole and unplugs nothing
    m.apply({ op: 'virtio_mem_resize', size: 252 * M });
    expect(m.observe().virtioMem).toMatchObject({ requested: 252 * M, plugged: 254 * M });
    for (let sb = 0; sb < 64; sb++) m.apply({ op: 'unpin', addr: page(33, sb) });
    for (let sb = 1; sb < 64; sb++) m.apply({ op: 'unpin', addr: page(32, sb) });
    expect(m.apply({ op: 'state', block: 32, word: 'offline' })).toBe('ok');
    // offline and partly plugged first: 32's 63 sub-blocks, then 33 whole
    m.apply({ op: 'virtio_mem_resize', size: 0 });
    expect(m.observe().virtioMem).toMatchObject({ plugged: 0, plugMap: [], ranges: [] });
  });

  it('unplugs the sub-block above a hole, then the run below it, in a block offlined since', () => {
    const m = pick(header('v6.12', 'config auto_online_blocks online\n'));
    m.apply({ op: 'virtio_mem_resize', size: 256 * M });
    const page = (block: number, sb: number): number => block * 128 * M + sb * 2 * M + 4096;
    for (let sb = 0; sb < 64; sb++) m.apply({ op: 'pin', addr: page(33, sb) });
    for (let sb = 0; sb < 64; sb++) if (sb !== 62) m.apply({ op: 'pin', addr: page(32, sb) });
    m.apply({ op: 'virtio_mem_resize', size: 254 * M }); // only 32's sub-block 62 can go
    expect(m.observe().virtioMem?.plugMap).toEqual(['32:0xbfffffffffffffff', '33:0xffffffffffffffff']);
    for (let sb = 0; sb < 64; sb++) m.apply({ op: 'unpin', addr: page(33, sb) });
    for (let sb = 0; sb < 64; sb++) if (sb !== 62) m.apply({ op: 'unpin', addr: page(32, sb) });
    expect(m.apply({ op: 'state', block: 32, word: 'offline' })).toBe('ok');
    m.apply({ op: 'virtio_mem_resize', size: 126 * M }); // 32's 63 sub-blocks, then the highest of 33
    expect(m.observe().virtioMem).toMatchObject({ plugged: 126 * M, plugMap: ['33:0x7fffffffffffffff'] });
  });

  it('fills a partly plugged offline block before the threshold, which still counts it offline', () => {
    const m = pick(header('v6.12', ''));
    m.apply({ op: 'virtio_mem_resize', size: 1020 * M }); // blocks 32-38 full, 39 partly plugged, all offline
    expect(m.observe().virtioMem?.plugMap.at(-1)).toBe('39:0x3fffffffffffffff');
    m.apply({ op: 'virtio_mem_resize', size: 2048 * M }); // 39 filled: 1 GiB offline, no block 40
    expect(m.observe().virtioMem?.plugged).toBe(1024 * M);
    expect(m.apply({ op: 'block', block: 40 })).toBe('-ENOENT');
  });
});

describe('virtio-mem bug switches break their invariants', () => {
  const step = (impl: Implementation, size: number) => {
    const before = impl.observe();
    impl.apply({ op: 'virtio_mem_resize', size });
    return { before, after: impl.observe() };
  };
  it('virtio-mem-round-up: a 2M request on 4M sub-blocks plugs 4M, outside [0, 2M]', () => {
    const setup = machineFor(parseScenario(`${header('v5.10', 'config auto_online_blocks online\n')}dump\n`));
    const broken = createOptimized(setup, new Set(['virtio-mem-round-up']));
    const { before, after } = step(broken, 2 * M);
    expect(after.virtioMem?.plugged).toBe(4 * M);
    expect(virtioMemTowardRequest.check({ setup, step: { op: 'virtio_mem_resize', size: 2 * M }, outcome: 'ok', before, after })).toBe(
      'plugged 4194304 bytes after a request of 2097152: outside [0, 2097152]',
    );
  });
  it('virtio-mem-keeps-empty-block: the emptied offline block stays added', () => {
    const setup = machineFor(parseScenario(`${header('v6.12', '')}dump\n`));
    const broken = createOptimized(setup, new Set(['virtio-mem-keeps-empty-block']));
    step(broken, 256 * M);
    const { before, after } = step(broken, 128 * M);
    expect(virtioMemPluggedAdded.check({ setup, step: { op: 'virtio_mem_resize', size: 128 * M }, outcome: 'ok', before, after })).toBe(
      'memory33: added by the driver with no plugged sub-block (an emptied block is removed)',
    );
  });
});

describe('config virtio_mem and virtio_mem_resize input', () => {
  const bad = (text: string): string => {
    try {
      machineFor(parseScenario(text));
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    return 'accepted';
  };
  it('refuses a device over boot RAM, off the block grid, or a resize beyond it', () => {
    expect(bad('config virtio_mem 0x0 2G\nboot 0x100000 0x3fee0000\ndump\n')).toMatch(/overlaps boot memory/);
    expect(bad('config virtio_mem 0x100100000 2G\ndump\n')).toMatch(/multiples of the memory block size/);
    expect(bad('config virtio_mem 0x100000000 1G\nvirtio_mem_resize 2G\n')).toMatch(/beyond the device's size/);
    expect(bad('config virtio_mem 0x100000000 1G\nvirtio_mem_resize 3M\n')).toMatch(/not a multiple of the device block size/);
    expect(bad('virtio_mem_resize 2M\n')).toMatch(/needs a device/);
    expect(bad('profile v5.5\nconfig virtio_mem 0x100000000 1G\ndump\n')).toMatch(/v5.5 has none/);
  });
});
