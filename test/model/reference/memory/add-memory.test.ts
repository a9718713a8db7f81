import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../../model/config.ts';
import {
  addBlock,
  addMemory,
  block,
  BLOCK,
  EMPTY_ZONE,
  node,
  online,
  removeBlock,
  removeMemory,
  state,
  validZones,
  zone,
  zoneText,
} from '../../../helpers/hotplug.ts';
import { failNext, M, machine, X86_BOOT } from '../../../helpers/machine.ts';

// Block 32 = 0x100000000: pfns 1048576 .. 1081344; block 33: 1081344 .. 1114112.
const P32 = 1048576;
const P33 = 1081344;

describe('reference: add_memory and memory blocks (v5.5)', () => {
  it('add_memory makes one offline block, a resource and an uninit memmap; zones do not change', () => {
    const m = machine('v5.5');
    const before = m.observe().nodes;
    expect(addBlock(m, 32)).toBe('ok');
    expect(block(m, 32)).toBe('offline');
    // Neither Normal (empty) nor Movable intersects: default K = Normal.
    expect(validZones(m, 32)).toBe('Normal Movable');
    const o = m.observe();
    expect(o.nodes).toEqual(before);
    expect(o.blocks.find((b) => b.id === 32)).toEqual({ id: 32, nid: 0, state: 'offline', zone: '-', validZones: 'Normal Movable' });
    expect(o.resources[1]).toEqual({ start: 0x100000000, end: 0x108000000, kind: 'System RAM' });
    expect(o.memmap[2]).toEqual({ startPfn: P32, endPfn: P33, state: 'uninit' });
    expect(o.sections.find((s) => s.nr === 32)?.online).toBe(false);
  });

  it('online_movable, then a neighbour block defaults to Normal (zone_intersects is half-open)', () => {
    const m = machine('v5.5');
    expect(addBlock(m, 32)).toBe('ok');
    expect(state(m, 32, 'online_movable')).toBe('ok');
    expect(zone(m, 'Movable')).toBe(zoneText(P32, 32768, 32768));
    expect(validZones(m, 32)).toBe('Movable');
    expect(block(m, 32)).toBe('online Movable');
    expect(m.observe().sections.find((s) => s.nr === 32)?.online).toBe(true);
    expect(addBlock(m, 33)).toBe('ok');
    expect(validZones(m, 33)).toBe('Normal Movable');
    expect(state(m, 33, 'online')).toBe('ok');
    expect(block(m, 33)).toBe('online Normal');
    expect(zone(m, 'Normal')).toBe(zoneText(P33, 32768, 32768));
    // Node 0: 256 .. 1114112; present = boot 261856 + 65536.
    expect(node(m, 0)).toBe(`online start_pfn=256 spanned=${1114112 - 256} present=${261856 + 65536}`);
    expect(m.observe().memmap.slice(2)).toEqual([
      { startPfn: P32, endPfn: P33, state: 'Movable/0' },
      { startPfn: P33, endPfn: 1114112, state: 'Normal/0' },
    ]);
  });

  it('a block just above a Movable range offers Movable first', () => {
    const m = machine('v5.5');
    addBlock(m, 32);
    addBlock(m, 33);
    addBlock(m, 34);
    expect(state(m, 32, 'online_movable')).toBe('ok');
    expect(state(m, 34, 'online_movable')).toBe('ok');
    // Movable now spans 32..34 and intersects 33; Normal does not: default Movable, then K = Normal.
    expect(validZones(m, 33)).toBe('Movable Normal');
    expect(state(m, 33, 'online')).toBe('ok');
    expect(block(m, 33)).toBe('online Movable');
    expect(zone(m, 'Movable')).toBe(zoneText(P32, 3 * 32768, 3 * 32768));
  });

  it('online_kernel picks the kernel zone; movable_node makes `online` prefer Movable', () => {
    const m = machine('v5.5');
    addBlock(m, 32);
    expect(state(m, 32, 'online_kernel')).toBe('ok');
    expect(block(m, 32)).toBe('online Normal');
    const mm = machine('v5.5', X86_BOOT, { ...DEFAULT_CONFIG, movableNode: true });
    addBlock(mm, 32);
    expect(validZones(mm, 32)).toBe('Movable Normal');
    expect(online(mm, 32, '1')).toBe('ok');
    expect(block(mm, 32)).toBe('online Movable');
  });

  it('add_memory errors: overlap -EEXIST (before the alignment check), misaligned or empty -EINVAL', () => {
    const m = machine('v5.5');
    expect(addBlock(m, 32)).toBe('ok');
    const before = m.observe();
    expect(addBlock(m, 32)).toBe('-EEXIST');
    expect(addMemory(m, 0x100000000, 64 * M)).toBe('-EEXIST');
    expect(addMemory(m, 0, BLOCK)).toBe('-EEXIST');
    expect(addMemory(m, 0x110000000, 64 * M)).toBe('-EINVAL');
    expect(addMemory(m, 0x110000000, 0)).toBe('-EINVAL');
    // An empty range overlaps nothing, even inside a resource: the size check answers.
    expect(addMemory(m, 0x104000000, 0)).toBe('-EINVAL');
    expect(addMemory(m, 0x111000000, BLOCK)).toBe('-EINVAL');
    expect(m.observe()).toEqual(before);
  });

  it('an __add_pages failure inside add_memory changes nothing (node, blocks, resource, sections)', () => {
    const m = machine('v5.5');
    const before = m.observe();
    expect(failNext(m, 'usage')).toBe('ok');
    expect(addMemory(m, 0x200000000, BLOCK, 1)).toBe('-ENOMEM');
    expect(m.observe()).toEqual(before);
    expect(node(m, 1)).toBe('offline');
    // A collision with sections that add_pages made (no resource): -EEXIST, nothing changes.
    expect(m.apply({ op: 'add_pages', start: 0x108000000 + 4 * M, size: 2 * M, nid: 0 })).toBe('ok');
    const mid = m.observe();
    expect(addBlock(m, 33)).toBe('-EEXIST');
    expect(m.observe()).toEqual(mid);
  });

  it('v4.19 swallows the sparse -EEXIST: add_memory over add_pages sections succeeds', () => {
    const m = machine('v4.19');
    expect(m.apply({ op: 'add_pages', start: 0x100000000, size: BLOCK, nid: 0 })).toBe('ok');
    expect(addBlock(m, 32)).toBe('ok');
    expect(block(m, 32)).toBe('offline');
  });
});

describe('reference: sysfs state and online files', () => {
  it('state: missing block -ENOENT, bad word -EINVAL, no-op request -EINVAL', () => {
    const m = machine('v5.5');
    addBlock(m, 32);
    expect(state(m, 40, 'online')).toBe('-ENOENT');
    expect(state(m, 40, 'onlin')).toBe('-ENOENT');
    expect(state(m, 32, 'onlin')).toBe('-EINVAL');
    expect(state(m, 32, 'offline')).toBe('-EINVAL');
    expect(state(m, 32, 'online')).toBe('ok');
    expect(state(m, 32, 'online')).toBe('-EINVAL');
    expect(state(m, 32, 'online_movable')).toBe('-EINVAL');
    expect(state(m, 32, 'offline')).toBe('ok');
    expect(block(m, 32)).toBe('offline');
  });

  it('online: kstrtobool words; a no-op request succeeds', () => {
    const m = machine('v5.5');
    addBlock(m, 32);
    expect(online(m, 40, '1')).toBe('-ENOENT');
    // the first character decides (o: the second): "maybe" and "oops" are neither
    expect(online(m, 32, 'maybe')).toBe('-EINVAL');
    expect(online(m, 32, 'oops')).toBe('-EINVAL');
    expect(online(m, 32, '1')).toBe('ok');
    expect(online(m, 32, '1')).toBe('ok');
    expect(block(m, 32)).toBe('online Normal');
    expect(online(m, 32, 'off')).toBe('ok');
    expect(online(m, 32, 'N')).toBe('ok');
    expect(block(m, 32)).toBe('offline');
    for (const w of ['y', 'Y', 'on', 'yes', '1000', 'ON']) {
      expect(online(m, 32, w)).toBe('ok');
      expect(block(m, 32)).toBe('online Normal');
      expect(online(m, 32, 'no')).toBe('ok');
      expect(block(m, 32)).toBe('offline');
    }
  });

  it('auto_online_blocks online: add_memory onlines the new block (Normal above 4G)', () => {
    const m = machine('v5.5', X86_BOOT, { ...DEFAULT_CONFIG, autoOnlineBlocks: 'online' });
    expect(addMemory(m, 0x100000000, 2 * BLOCK)).toBe('ok');
    expect(block(m, 32)).toBe('online Normal');
    expect(block(m, 33)).toBe('online Normal');
    expect(zone(m, 'Normal')).toBe(zoneText(P32, 65536, 65536));
  });

  it('auto-online errors are not the answer of add_memory (the veto is spent)', () => {
    const m = machine('v5.5', X86_BOOT, { ...DEFAULT_CONFIG, autoOnlineBlocks: 'online' });
    expect(m.apply({ op: 'veto', event: 'MEM_GOING_ONLINE', errno: 'ENOMEM' })).toBe('ok');
    expect(addBlock(m, 32)).toBe('ok');
    expect(block(m, 32)).toBe('offline');
    expect(state(m, 32, 'online')).toBe('ok');
  });
});

describe('reference: remove_memory checks, pins and vetoes', () => {
  it('remove_memory: an online block is -EBUSY and nothing changes; boot RAM and non-exact ranges -EINVAL', () => {
    const m = machine('v5.5');
    addBlock(m, 32);
    addBlock(m, 33);
    state(m, 32, 'online');
    const before = m.observe();
    expect(removeBlock(m, 32)).toBe('-EBUSY');
    expect(m.observe()).toEqual(before);
    expect(removeMemory(m, 0x100000000, 2 * BLOCK)).toBe('-EINVAL');
    expect(removeMemory(m, 0, BLOCK)).toBe('-EINVAL');
    expect(removeMemory(m, 0x100000000, 0)).toBe('-EINVAL');
    expect(removeMemory(m, 0x100000000, 64 * M)).toBe('-EINVAL');
    expect(m.observe()).toEqual(before);
    expect(removeBlock(m, 33)).toBe('ok');
    expect(block(m, 33)).toBe('-ENOENT');
    expect(m.observe().sections.find((s) => s.nr === 33)).toBeUndefined();
    expect(m.observe().resources.length).toBe(2);
  });

  it('pin: only online kernel-zone pages; a pin makes offline -EBUSY until unpinned', () => {
    const m = machine('v5.5');
    addBlock(m, 32);
    addBlock(m, 33);
    expect(m.apply({ op: 'pin', addr: 0x100000000 })).toBe('-EINVAL'); // offline
    state(m, 32, 'online_movable');
    state(m, 33, 'online');
    expect(m.apply({ op: 'pin', addr: 0x100000000 })).toBe('-EINVAL'); // Movable
    expect(m.apply({ op: 'pin', addr: 0x108001000 })).toBe('ok'); // Normal, pfn 1081345
    expect(m.apply({ op: 'pin', addr: 0x200000 })).toBe('ok'); // DMA, pfn 512
    expect(m.observe().pins).toEqual([512, 1081345]);
    expect(state(m, 33, 'offline')).toBe('-EBUSY');
    expect(block(m, 33)).toBe('online Normal');
    expect(m.apply({ op: 'unpin', addr: 0x108002000 })).toBe('-EINVAL');
    expect(m.apply({ op: 'unpin', addr: 0x108001000 })).toBe('ok');
    expect(state(m, 33, 'offline')).toBe('ok');
  });

  it('pin: a sub-section hot-added into an online boot section has no initialised struct pages', () => {
    // boot RAM ends 16 MiB short of section 7's end; that tail is a boot hole with struct pages (DMA32)
    const m = machine('v5.5', [{ start: 0, size: 0x3f000000, nid: 0 }]);
    expect(m.apply({ op: 'pin', addr: 0x3f000000 })).toBe('ok');
    expect(m.apply({ op: 'unpin', addr: 0x3f000000 })).toBe('ok');
    expect(m.apply({ op: 'add_pages', start: 0x3f000000, size: 2 * M, nid: 0 })).toBe('ok');
    expect(m.apply({ op: 'pin', addr: 0x3f000000 })).toBe('-EINVAL');
  });

  it('veto MEM_GOING_OFFLINE: that errno, nothing changes, the veto is spent', () => {
    const m = machine('v5.5');
    addBlock(m, 32);
    state(m, 32, 'online');
    const before = m.observe();
    m.apply({ op: 'veto', event: 'MEM_GOING_OFFLINE', errno: 'EINTR' });
    expect(state(m, 32, 'offline')).toBe('-EINTR');
    expect(m.observe()).toEqual(before);
    expect(state(m, 32, 'offline')).toBe('ok');
  });

  it('veto MEM_GOING_ONLINE: v5.5 restores the span and memmap', () => {
    const m = machine('v5.5');
    addBlock(m, 32);
    const before = m.observe();
    m.apply({ op: 'veto', event: 'MEM_GOING_ONLINE', errno: 'ENOMEM' });
    expect(state(m, 32, 'online')).toBe('-ENOMEM');
    // nr_zones stays raised: init_currently_empty_zone() has no undo (ZONE_NORMAL is index 2)
    expect(m.observe()).toEqual({ ...before, nodes: before.nodes.map((n) => ({ ...n, nrZones: 3 })) });
    expect(zone(m, 'Normal')).toBe(EMPTY_ZONE);
    expect(state(m, 32, 'online')).toBe('ok');
  });

  it('veto MEM_GOING_ONLINE: v5.3 keeps the grown span and the initialised memmap', () => {
    const m = machine('v5.3');
    addBlock(m, 32);
    m.apply({ op: 'veto', event: 'MEM_GOING_ONLINE', errno: 'ENOMEM' });
    expect(state(m, 32, 'online')).toBe('-ENOMEM');
    expect(block(m, 32)).toBe('offline');
    expect(zone(m, 'Normal')).toBe(zoneText(P32, 32768, 0));
    expect(node(m, 0)).toBe(`online start_pfn=256 spanned=${P33 - 256} present=261856`);
    expect(m.observe().memmap[2]).toEqual({ startPfn: P32, endPfn: P33, state: 'Normal/0' });
    expect(m.observe().sections.find((s) => s.nr === 32)?.online).toBe(false);
  });
});
