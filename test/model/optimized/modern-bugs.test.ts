/**
 * The bug switches of the modern rules (memmap_on_memory, auto-movable),
 * each against the spec on a small x86_64 sequence. Values by hand: a
 * 128 MiB block hosts 512 memmap pages; 1 GiB of boot RAM is 262144 pages.
 */
import { describe, expect, it } from 'vitest';
import type { BugName } from '../../../model/bugs.ts';
import type { Implementation } from '../../../model/implementation.ts';
import type { Step } from '../../../model/step.ts';
import { MiB, machine, state, zoneOf } from '../../helpers/optimized.ts';

const G4 = 0x100000000;
const selfHosted = (start: number, size: number): Step => ({ op: 'add_memory', start, size, nid: 0, memmapOnMemory: true });

function pair(bug: BugName, profile: string, config: object): { spec: Implementation; buggy: Implementation } {
  const base = { profile, config, boot: [{ start: 0, size: 1024 * MiB, nid: 0 }] };
  return { spec: machine(base), buggy: machine({ ...base, bugs: [bug] }) };
}

/** The pair after block 32 is hot-added with its memmap on it (v6.7) and onlined as `type`. */
function selfHostedOnline(bug: BugName, type: string): { spec: Implementation; buggy: Implementation } {
  const p = pair(bug, 'v6.7', { memmapOnMemory: 'Y' });
  for (const m of [p.spec, p.buggy]) {
    expect(m.apply(selfHosted(G4, 128 * MiB))).toBe('ok');
    expect(m.apply(state(32, type))).toBe('ok');
  }
  return p;
}

describe('optimized: modern bug switches', () => {
  it('vmemmap-to-buddy: the 512 memmap pages become managed', () => {
    const { spec, buggy } = selfHostedOnline('vmemmap-to-buddy', 'online_movable');
    expect(zoneOf(spec.observe(), 'Movable').managed).toBe(32768 - 512);
    expect(zoneOf(buggy.observe(), 'Movable').managed).toBe(32768);
    // and offline takes them back out of managed: both end at 0
    for (const m of [spec, buggy]) {
      expect(m.apply(state(32, 'offline'))).toBe('ok');
      expect(zoneOf(m.observe(), 'Movable').managed).toBe(0);
    }
  });

  it('vmemmap-flags-before-init: onlining reads each of the 512 memmap pages before they are initialised', () => {
    const { spec, buggy } = selfHostedOnline('vmemmap-flags-before-init', 'online');
    expect(spec.observe().uninitReads).toBe(0);
    // the first RAM page after them is not asked
    expect(buggy.observe().uninitReads).toBe(512);
  });

  it('present-outside-lock: the online accounting is the one write outside the hotplug lock', () => {
    const { spec, buggy } = selfHostedOnline('present-outside-lock', 'online');
    expect(spec.observe().orderingHazards).toBe(0);
    expect(buggy.observe().orderingHazards).toBe(1);
    // the lock is taken again after the write: the offline's writes are all inside it
    for (const m of [spec, buggy]) expect(m.apply(state(32, 'offline'))).toBe('ok');
    expect(spec.observe().orderingHazards).toBe(0);
    expect(buggy.observe().orderingHazards).toBe(1);
  });

  it('altmap-leak: the altmap outlives remove_memory', () => {
    const { spec, buggy } = pair('altmap-leak', 'v6.7', { memmapOnMemory: 'Y' });
    for (const m of [spec, buggy]) {
      expect(m.apply(selfHosted(G4, 128 * MiB))).toBe('ok');
      expect(m.apply({ op: 'remove_memory', start: G4, size: 128 * MiB })).toBe('ok');
    }
    expect(spec.observe().altmaps ?? []).toEqual([]);
    expect(buggy.observe().altmaps).toEqual([{ basePfn: G4 / 4096, endPfn: G4 / 4096 + 32768, pages: 512 }]);
  });

  it('auto-movable-all-kernel-pages: hot-added Normal memory raises the MOVABLE allowance', () => {
    // ratio 50: MOVABLE may hold 131072 pages against 262144 early pages.
    const config = { onlinePolicy: 'auto-movable', autoMovableRatio: 50 };
    const { spec, buggy } = pair('auto-movable-all-kernel-pages', 'v6.1', config);
    for (const m of [spec, buggy]) {
      // 1 GiB onlined to the kernel: not early, so the allowance stays 131072 pages in the spec
      expect(m.apply({ op: 'add_memory', start: G4, size: 1024 * MiB, nid: 0 })).toBe('ok');
      for (let b = 32; b < 40; b++) expect(m.apply(state(b, 'online_kernel'))).toBe('ok');
      // a 768 MiB DIMM (196608 pages) does not fit 131072 in the spec
      expect(m.apply({ op: 'add_memory', start: G4 + 1024 * MiB, size: 768 * MiB, nid: 0 })).toBe('ok');
      expect(m.apply(state(40, 'online'))).toBe('ok');
    }
    expect(zoneOf(spec.observe(), 'Movable').present).toBe(0);
    expect(zoneOf(buggy.observe(), 'Movable').present).toBe(32768);
  });

  // boot RAM ends 2M short of section 7 (0x38000000..0x40000000): sub-section 63 is a hole
  const holeyBoot = (size: number) => ({ profile: 'v6.1', boot: [{ start: 0, size, nid: 0 }] });
  const pto = (addr: number): Step => ({ op: 'query', query: 'pfn_to_online_page', addr });

  it('online-page-any-subsection: the hole of an online boot section answers a page', () => {
    const spec = machine(holeyBoot(0x3fe00000));
    const buggy = machine({ ...holeyBoot(0x3fe00000), bugs: ['online-page-any-subsection'] });
    expect(spec.apply(pto(0x3fe00000))).toBe('NULL');
    expect(buggy.apply(pto(0x3fe00000))).toBe('page');
    expect(buggy.apply(pto(0x3fc00000))).toBe('page');
  });

  it('online-page-device: a ZONE_DEVICE pfn in an online boot section answers a page', () => {
    const spec = machine(holeyBoot(0x3fc00000));
    const buggy = machine({ ...holeyBoot(0x3fc00000), bugs: ['online-page-device'] });
    for (const m of [spec, buggy]) expect(m.apply({ op: 'memremap_pages', start: 0x3fe00000, size: 2 * MiB, nid: 0 })).toBe('ok');
    expect(spec.apply(pto(0x3fe00000))).toBe('NULL');
    expect(buggy.apply(pto(0x3fe00000))).toBe('page');
    // the hole below the device range is still not online: the sub-section check stays
    expect(buggy.apply(pto(0x3fc00000))).toBe('NULL');
  });

  it('dynamic-groups-ignored: neither another group\'s needs nor the asking group\'s kernel pages count', () => {
    // ratio 100, E = 8 blocks. Group A (unit 128M): 1 kernel block, then 2 blocks onlined MOVABLE in
    // both (spec: 5 + 1 <= 8 + 1 and 6 + 1 <= 9; switch: 6 <= 8 and 7 <= 8). Group B (unit 256M):
    // spec weighs (7 - 2) + 2 against E less A's need of 1: 7 <= 7, MOVABLE; the switch weighs 7 + 2 > 8.
    const { spec, buggy } = pair('dynamic-groups-ignored', 'v6.12', { onlinePolicy: 'auto-movable', autoMovableRatio: 100 });
    for (const m of [spec, buggy]) {
      expect(m.apply({ op: 'add_memory', start: G4, size: 640 * MiB, nid: 0 })).toBe('ok');
      for (let b = 32; b < 37; b++) expect(m.apply(state(b, 'online_movable'))).toBe('ok');
      expect(m.apply({ op: 'add_memory', start: G4 + 640 * MiB, size: 384 * MiB, nid: 0, dynamicUnit: 128 * MiB })).toBe('ok');
      expect(m.apply(state(37, 'online_kernel'))).toBe('ok');
      for (const b of [38, 39, 40]) {
        if (b === 40) expect(m.apply({ op: 'add_memory', start: G4 + 1024 * MiB, size: 256 * MiB, nid: 0, dynamicUnit: 256 * MiB })).toBe('ok');
        expect(m.apply(state(b, 'online'))).toBe('ok');
      }
    }
    expect(zoneOf(spec.observe(), 'Movable').present).toBe(8 * 32768);
    expect(zoneOf(buggy.observe(), 'Movable').present).toBe(7 * 32768);
  });

  it('zone-intersects-end: an empty zone (start 0, nothing spanned) still intersects nothing', () => {
    // boot RAM only at 2G: ZONE_DMA is empty. A block hot-added at pfn 0 starts where the empty
    // zone "ends", but online_kernel puts it in ZONE_NORMAL under the switch too.
    const boot = [{ start: 0x80000000, size: 128 * MiB, nid: 0 }];
    for (const m of [machine({ profile: 'v5.5', boot }), machine({ profile: 'v5.5', boot, bugs: ['zone-intersects-end'] })]) {
      expect(m.apply({ op: 'add_memory', start: 0, size: 128 * MiB, nid: 0 })).toBe('ok');
      expect(m.apply(state(0, 'online_kernel'))).toBe('ok');
      expect(zoneOf(m.observe(), 'Normal')).toEqual({ startPfn: 0, spanned: 32768, present: 32768, managed: 32768 });
      expect(zoneOf(m.observe(), 'DMA').spanned).toBe(0);
    }
  });
});
