/**
 * Memory blocks, zones and nodes (docs/blocks-and-zones.md) on x86_64:
 * PPS 32768, PPSS 512, a block is one section (128 MiB, 32768 pfns).
 * Every expected number below is worked out by hand from the spec.
 */
import { describe, expect, it } from 'vitest';
import { canonicalObservation } from '../../../model/observation.ts';
import {
  MiB,
  addMem,
  blockStep,
  machine,
  nodeStep,
  onlineFile,
  pin,
  removeMem,
  span,
  state,
  unpin,
  validZones,
  veto,
  zoneOf,
  zoneStep,
} from '../../helpers/optimized.ts';

const G4 = 0x100000000; // pfn 1048576, block 32
const P32 = 1048576;
const P33 = P32 + 32768;
const BOOT_END = 0x3ffe0; // 0x100000 + 0x3fee0000 bytes = pfn 262112

describe('optimized: boot zones and blocks (x86_64, 0x100000 + 0x3fee0000)', () => {
  it('DMA and DMA32 are the hulls of boot RAM, Normal is empty, node 0 spans both', () => {
    const o = machine({ profile: 'v5.5' }).observe();
    expect(zoneOf(o, 'DMA')).toEqual(span(256, 3840));
    expect(zoneOf(o, 'DMA32')).toEqual(span(4096, BOOT_END - 4096));
    expect(zoneOf(o, 'Normal')).toEqual(span(0, 0));
    expect(zoneOf(o, 'Movable')).toEqual(span(0, 0));
    expect(zoneOf(o, 'Device')).toEqual(span(0, 0));
    const n = o.nodes[0];
    expect([o.nodes.length, n?.nid, n?.online, n?.startPfn, n?.spanned, n?.present]).toEqual([1, 0, true, 256, BOOT_END - 256, BOOT_END - 256]);
  });

  it('blocks 0..7 are online: block 0 spans DMA and DMA32 (none), 1..7 are DMA32', () => {
    const o = machine({ profile: 'v5.5' }).observe();
    expect(o.blocks.map((b) => [b.id, b.state, b.zone, b.validZones])).toEqual([
      [0, 'online', 'none', 'none'],
      ...[1, 2, 3, 4, 5, 6, 7].map((id) => [id, 'online', 'DMA32', 'DMA32']),
    ]);
    expect(o.blocks.every((b) => b.nid === 0)).toBe(true);
  });

  it('the memmap of early sections is initialised by address, holes included; one resource per range', () => {
    const o = machine({ profile: 'v5.5' }).observe();
    expect(o.memmap).toEqual([
      { startPfn: 0, endPfn: 4096, state: 'DMA/0' },
      { startPfn: 4096, endPfn: 262144, state: 'DMA32/0' },
    ]);
    expect(o.resources).toEqual([{ start: 0x100000, end: 0x40000000 - 0x20000, kind: 'System RAM' }]);
    expect(o.pins).toEqual([]);
    expect(o.uninitReads).toBe(0);
  });

  it('observation steps read the same state', () => {
    const m = machine({ profile: 'v5.5' });
    expect(m.apply(zoneStep('DMA'))).toBe('start_pfn=256 spanned=3840 present=3840 managed=3840');
    expect(m.apply(zoneStep('Normal'))).toBe('start_pfn=0 spanned=0 present=0 managed=0');
    expect(m.apply(zoneStep('Normal', 1))).toBe('-ENOENT');
    expect(m.apply(nodeStep(0))).toBe(`online start_pfn=256 spanned=${BOOT_END - 256} present=${BOOT_END - 256}`);
    expect(m.apply(nodeStep(1))).toBe('offline');
    expect(m.apply(blockStep(0))).toBe('online none');
    expect(m.apply(blockStep(3))).toBe('online DMA32');
    expect(m.apply(blockStep(8))).toBe('-ENOENT');
    expect(m.apply(validZones(1))).toBe('DMA32');
  });
});

describe('optimized: add_memory and online (v5.5)', () => {
  it('a new block is offline with valid_zones "Normal Movable"; online_movable makes Movable', () => {
    const m = machine({ profile: 'v5.5' });
    expect(m.apply(addMem(G4, 128 * MiB))).toBe('ok');
    let o = m.observe();
    expect(o.blocks.find((b) => b.id === 32)).toEqual({ id: 32, nid: 0, state: 'offline', zone: '-', validZones: 'Normal Movable' });
    expect(m.apply(validZones(32))).toBe('Normal Movable');
    expect(m.apply(blockStep(32))).toBe('offline');
    // add ties no zone: spans unchanged, memmap poisoned, resource recorded
    expect(zoneOf(o, 'Normal')).toEqual(span(0, 0));
    expect(o.memmap.at(-1)).toEqual({ startPfn: P32, endPfn: P33, state: 'uninit' });
    expect(o.resources.at(-1)).toEqual({ start: G4, end: G4 + 128 * MiB, kind: 'System RAM' });

    expect(m.apply(state(32, 'online_movable'))).toBe('ok');
    o = m.observe();
    expect(zoneOf(o, 'Movable')).toEqual(span(P32, 32768));
    expect(o.nodes[0]?.startPfn).toBe(256);
    expect(o.nodes[0]?.spanned).toBe(P33 - 256);
    expect(o.nodes[0]?.present).toBe(BOOT_END - 256 + 32768);
    expect(o.memmap.at(-1)).toEqual({ startPfn: P32, endPfn: P33, state: 'Movable/0' });
    expect(o.sections.find((s) => s.nr === 32)?.online).toBe(true);
    expect(m.apply(blockStep(32))).toBe('online Movable');
    expect(m.apply(validZones(32))).toBe('Movable');

    // the next block touches neither Normal (empty) nor Movable (ends where it starts)
    expect(m.apply(addMem(G4 + 128 * MiB, 128 * MiB))).toBe('ok');
    expect(m.apply(validZones(33))).toBe('Normal Movable');
    expect(m.apply(state(33, 'online'))).toBe('ok');
    o = m.observe();
    expect(zoneOf(o, 'Normal')).toEqual(span(P33, 32768));
    expect(zoneOf(o, 'Movable')).toEqual(span(P32, 32768));
    expect(m.apply(blockStep(33))).toBe('online Normal');
  });

  it('online_kernel picks Normal; a block inside the Movable span defaults to Movable', () => {
    const m = machine({ profile: 'v5.5' });
    for (const b of [32, 33, 34]) m.apply(addMem(b * 128 * MiB, 128 * MiB));
    m.apply(state(32, 'online_movable'));
    m.apply(state(34, 'online_movable'));
    // Movable spans 32..34 and intersects block 33; Normal does not
    expect(m.apply(validZones(33))).toBe('Movable Normal');
    expect(m.apply(state(33, 'online_kernel'))).toBe('ok');
    expect(zoneOf(m.observe(), 'Normal')).toEqual(span(P33, 32768));
    expect(zoneOf(m.observe(), 'Movable')).toEqual(span(P32, 3 * 32768, 2 * 32768));
  });

  it('movable_node sends an undecided online to Movable', () => {
    const m = machine({ profile: 'v5.5', config: { movableNode: true } });
    m.apply(addMem(G4, 128 * MiB));
    expect(m.apply(validZones(32))).toBe('Movable Normal');
    expect(m.apply(state(32, 'online'))).toBe('ok');
    expect(zoneOf(m.observe(), 'Movable')).toEqual(span(P32, 32768));
  });

  it('auto_online_blocks online onlines every new block', () => {
    const m = machine({ profile: 'v5.5', config: { autoOnlineBlocks: 'online' } });
    expect(m.apply(addMem(G4, 256 * MiB))).toBe('ok');
    const o = m.observe();
    expect(o.blocks.filter((b) => b.id >= 32).map((b) => [b.id, b.state, b.zone])).toEqual([
      [32, 'online', 'Normal'],
      [33, 'online', 'Normal'],
    ]);
    expect(zoneOf(o, 'Normal')).toEqual(span(P32, 65536));
  });

  it('a new node comes online with add_memory and its zones start empty', () => {
    const m = machine({ profile: 'v5.5' });
    expect(m.apply(nodeStep(2))).toBe('offline');
    expect(m.apply(addMem(G4, 128 * MiB, 2))).toBe('ok');
    expect(m.apply(nodeStep(2))).toBe('online start_pfn=0 spanned=0 present=0');
    expect(m.apply(state(32, 'online'))).toBe('ok');
    expect(m.apply(zoneStep('Normal', 2))).toBe(`start_pfn=${P32} spanned=32768 present=32768 managed=32768`);
    expect(m.apply(nodeStep(2))).toBe(`online start_pfn=${P32} spanned=32768 present=32768`);
  });
});

describe('optimized: errors', () => {
  it('add_memory: overlap -EEXIST before the size checks; 64M and size 0 -EINVAL; nothing changes', () => {
    const m = machine({ profile: 'v5.5' });
    m.apply(addMem(G4, 128 * MiB));
    const before = canonicalObservation(m.observe());
    expect(m.apply(addMem(G4, 128 * MiB))).toBe('-EEXIST');
    expect(m.apply(addMem(G4 + 64 * MiB, 64 * MiB))).toBe('-EEXIST');
    expect(m.apply(addMem(0x3ff00000, 128 * MiB))).toBe('-EEXIST'); // boot RAM
    expect(m.apply(addMem(G4 + 128 * MiB, 64 * MiB))).toBe('-EINVAL');
    expect(m.apply(addMem(G4 + 128 * MiB, 0))).toBe('-EINVAL');
    expect(m.apply(addMem(G4 + 192 * MiB, 128 * MiB))).toBe('-EINVAL');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('add_memory: an __add_pages failure takes back what it added and onlines no node', () => {
    const m = machine({ profile: 'v5.5' });
    // a bare __add_pages of section 33's first sub-section, with no resource: add_memory cannot see it
    expect(m.apply({ op: 'add_pages', start: G4 + 128 * MiB, size: 2 * MiB, nid: 0 })).toBe('ok');
    const before = canonicalObservation(m.observe());
    // section 32 is added, section 33 collides (-EEXIST): section 32 is removed again,
    // and v5.5 frees its usage while it still reads valid (B-31): one race moment
    expect(m.apply(addMem(G4, 256 * MiB, 3))).toBe('-EEXIST');
    expect(m.observe().usageRaces).toBe(1);
    expect(canonicalObservation({ ...m.observe(), usageRaces: 0 })).toBe(before);
    expect(m.apply(nodeStep(3))).toBe('offline');
    // a fault in the first chunk: the same, and the section never read valid, so no race
    m.apply({ op: 'fail', alloc: 'memmap', errno: 'ENOMEM' });
    expect(m.apply(addMem(G4 + 256 * MiB, 128 * MiB))).toBe('-ENOMEM');
    expect(m.observe().usageRaces).toBe(1);
    expect(canonicalObservation({ ...m.observe(), usageRaces: 0 })).toBe(before);
  });

  it('sysfs writes: missing block -ENOENT, bad words -EINVAL, state is strict, online is idempotent', () => {
    const m = machine({ profile: 'v5.5' });
    m.apply(addMem(G4, 128 * MiB));
    expect(m.apply(state(40, 'online'))).toBe('-ENOENT');
    expect(m.apply(onlineFile(40, '1'))).toBe('-ENOENT');
    expect(m.apply(state(32, 'onlin'))).toBe('-EINVAL');
    // kstrtobool() reads the first character: "maybe" and "" are neither (the four real kernels agree)
    expect(m.apply(onlineFile(32, 'maybe'))).toBe('-EINVAL');
    expect(m.apply(onlineFile(32, 'oops'))).toBe('-EINVAL');
    expect(m.apply(state(32, 'offline'))).toBe('-EINVAL');
    expect(m.apply(onlineFile(32, '0'))).toBe('ok');
    expect(m.apply(onlineFile(32, '1'))).toBe('ok');
    expect(m.apply(onlineFile(32, '1'))).toBe('ok');
    expect(m.apply(state(32, 'online'))).toBe('-EINVAL');
    expect(zoneOf(m.observe(), 'Normal')).toEqual(span(P32, 32768));
    expect(m.apply(onlineFile(32, 'off'))).toBe('ok');
    expect(m.apply(blockStep(32))).toBe('offline');
    // "yes" is true and "nope" false by their first character, as `online 32 yes` was on Linux 5.10-7.3
    expect(m.apply(onlineFile(32, 'yes'))).toBe('ok');
    expect(m.apply(blockStep(32))).toBe('online Normal');
    expect(m.apply(onlineFile(32, 'nope'))).toBe('ok');
    expect(m.apply(blockStep(32))).toBe('offline');
  });

  it('a block spanning two zones cannot be offlined', () => {
    const m = machine({ profile: 'v5.5' });
    expect(m.apply(state(0, 'offline'))).toBe('-EINVAL');
    expect(m.apply(state(1, 'offline'))).toBe('ok');
    expect(zoneOf(m.observe(), 'DMA32')).toEqual(span(4096, BOOT_END - 4096, BOOT_END - 4096 - 32768));
  });

  it('remove_memory: online block -EBUSY with nothing changed; bad ranges -EINVAL; boot RAM cannot go', () => {
    const m = machine({ profile: 'v5.5' });
    m.apply(addMem(G4, 256 * MiB));
    m.apply(state(33, 'online'));
    const before = canonicalObservation(m.observe());
    expect(m.apply(removeMem(G4, 256 * MiB))).toBe('-EBUSY');
    expect(m.apply(removeMem(G4, 128 * MiB))).toBe('-EINVAL'); // not the whole resource
    expect(m.apply(removeMem(G4, 0))).toBe('-EINVAL');
    expect(m.apply(removeMem(G4, 64 * MiB))).toBe('-EINVAL');
    expect(m.apply(removeMem(0, 128 * MiB))).toBe('-EINVAL');
    expect(canonicalObservation(m.observe())).toBe(before);
    expect(m.apply(state(33, 'offline'))).toBe('ok');
    expect(m.apply(removeMem(G4, 256 * MiB))).toBe('ok');
    const o = m.observe();
    expect(o.blocks.map((b) => b.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(o.sections.map((s) => s.nr)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(o.resources.length).toBe(1);
    expect(zoneOf(o, 'Normal')).toEqual(span(0, 0));
  });

  it('pins: -EINVAL in Movable or offline memory; a pin in Normal makes offline -EBUSY until unpinned', () => {
    const m = machine({ profile: 'v5.5' });
    m.apply(addMem(G4, 256 * MiB));
    expect(m.apply(pin(G4))).toBe('-EINVAL'); // offline
    m.apply(state(32, 'online_movable'));
    m.apply(state(33, 'online_kernel'));
    expect(m.apply(pin(G4 + 0x1000))).toBe('-EINVAL');
    const addr = G4 + 128 * MiB + 5 * 0x1000;
    expect(m.apply(pin(addr))).toBe('ok');
    expect(m.apply(pin(0x200000))).toBe('ok'); // DMA is a kernel zone
    expect(m.observe().pins).toEqual([0x200, P33 + 5]);
    const before = canonicalObservation(m.observe());
    expect(m.apply(state(33, 'offline'))).toBe('-EBUSY');
    expect(canonicalObservation(m.observe())).toBe(before);
    expect(m.apply(unpin(addr + 0x1000))).toBe('-EINVAL');
    expect(m.apply(unpin(addr))).toBe('ok');
    expect(m.apply(state(33, 'offline'))).toBe('ok');
    expect(m.apply(state(32, 'offline'))).toBe('ok'); // Movable has no pins
  });

  it('veto MEM_GOING_OFFLINE: that errno, nothing changes, the veto is spent', () => {
    const m = machine({ profile: 'v5.5' });
    m.apply(addMem(G4, 128 * MiB));
    m.apply(state(32, 'online'));
    expect(m.apply(veto('MEM_GOING_OFFLINE', 'EBUSY'))).toBe('ok');
    const before = canonicalObservation(m.observe());
    expect(m.apply(state(32, 'offline'))).toBe('-EBUSY');
    expect(canonicalObservation(m.observe())).toBe(before);
    expect(m.apply(state(32, 'offline'))).toBe('ok');
  });

  it('veto MEM_GOING_ONLINE -ENOMEM, v5.5: the span grows and is taken back, nothing changes but nr_zones', () => {
    const m = machine({ profile: 'v5.5' });
    m.apply(addMem(G4, 128 * MiB));
    m.apply(veto('MEM_GOING_ONLINE', 'ENOMEM'));
    const o = m.observe();
    // nr_zones stays raised: init_currently_empty_zone() has no undo (ZONE_NORMAL is index 2)
    const before = canonicalObservation({ ...o, nodes: o.nodes.map((n) => ({ ...n, nrZones: 3 })) });
    expect(m.apply(state(32, 'online'))).toBe('-ENOMEM');
    expect(canonicalObservation(m.observe())).toBe(before);
    expect(m.observe().uninitReads).toBe(0);
    expect(m.apply(state(32, 'online'))).toBe('ok');
  });

  it('veto MEM_GOING_ONLINE -ENOMEM, v5.3: the grown span and initialised memmap stay, nothing is counted', () => {
    const m = machine({ profile: 'v5.3' });
    m.apply(addMem(G4, 128 * MiB));
    m.apply(veto('MEM_GOING_ONLINE', 'ENOMEM'));
    expect(m.apply(state(32, 'online'))).toBe('-ENOMEM');
    const o = m.observe();
    expect(zoneOf(o, 'Normal')).toEqual(span(P32, 32768, 0));
    expect(o.nodes[0]?.spanned).toBe(P33 - 256);
    expect(o.nodes[0]?.present).toBe(BOOT_END - 256);
    expect(o.memmap.at(-1)).toEqual({ startPfn: P32, endPfn: P33, state: 'Normal/0' });
    expect(o.blocks.find((b) => b.id === 32)?.state).toBe('offline');
    expect(o.sections.find((s) => s.nr === 32)?.online).toBe(false);
  });
});
