/**
 * The bug switches of the blocks-and-zones layer, each against the spec on
 * a small v5.5 x86_64 sequence: first the spec's answer, then the deviation
 * the switch promises. Values by hand.
 */
import { describe, expect, it } from 'vitest';
import type { BugName } from '../../../model/bugs.ts';
import { canonicalObservation } from '../../../model/observation.ts';
import type { Implementation } from '../../../model/implementation.ts';
import type { BootRange } from '../../../model/step.ts';
import { MiB, addMem, machine, memremap, removeMem, span, state, validZones, veto, zoneOf } from '../../helpers/optimized.ts';

const G4 = 0x100000000;
const P32 = 1048576;
const P33 = P32 + 32768;
const P34 = P33 + 32768;

function pair(bug: BugName, boot?: readonly BootRange[]): { spec: Implementation; buggy: Implementation } {
  const base = boot === undefined ? { profile: 'v5.5' } : { profile: 'v5.5', boot };
  return { spec: machine(base), buggy: machine({ ...base, bugs: [bug] }) };
}

/** Blocks 32 and 33 added separately; `types` onlines them. */
function twoBlocks(m: Implementation, types: readonly [string, string]): void {
  m.apply(addMem(G4, 128 * MiB));
  m.apply(addMem(G4 + 128 * MiB, 128 * MiB));
  m.apply(state(32, types[0]));
  m.apply(state(33, types[1]));
}

describe('optimized: blocks-and-zones bug switches', () => {
  it('shrink-by-section: the next Normal page inside section 33 is missed and Normal empties', () => {
    const boot: readonly BootRange[] = [
      { start: 0, size: 128 * MiB, nid: 0 },
      { start: G4, size: 128 * MiB, nid: 0 },
      { start: G4 + 130 * MiB, size: 126 * MiB, nid: 0 },
    ];
    const { spec, buggy } = pair('shrink-by-section', boot);
    for (const m of [spec, buggy]) {
      expect(m.apply(memremap(G4 + 128 * MiB, 2 * MiB))).toBe('ok');
      expect(m.apply(state(32, 'offline'))).toBe('ok');
    }
    expect(zoneOf(spec.observe(), 'Normal')).toEqual(span(P33 + 512, 32256));
    expect(zoneOf(buggy.observe(), 'Normal')).toEqual(span(0, 0, 32256));
  });

  it('valid-zones-first-page: valid_zones of an online block reads its first page even when it is poisoned', () => {
    const { spec, buggy } = pair('valid-zones-first-page');
    for (const m of [spec, buggy]) {
      m.apply(addMem(G4, 128 * MiB));
      m.apply(state(32, 'online'));
      // the block's first 2M bare-removed and bare-added again: present, struct pages poisoned
      m.apply({ op: 'remove_pages', start: G4, size: 2 * MiB });
      m.apply({ op: 'add_pages', start: G4, size: 2 * MiB, nid: 0 });
    }
    const before = spec.observe().uninitReads;
    spec.apply(validZones(32));
    expect(spec.observe().uninitReads).toBe(before);
    buggy.apply(validZones(32));
    expect(buggy.observe().uninitReads).toBe(before + 1);
    // an offline block (33, never onlined: all of it poisoned) is not read
    buggy.apply(addMem(G4 + 128 * MiB, 128 * MiB));
    buggy.apply(validZones(33));
    expect(buggy.observe().uninitReads).toBe(before + 1);
  });

  it('the optimized implementation says what it is', () => {
    expect(machine({ profile: 'v5.5' }).kind).toBe('optimized');
  });

  it('no-shrink-on-offline: Normal keeps the offlined head', () => {
    const { spec, buggy } = pair('no-shrink-on-offline');
    for (const m of [spec, buggy]) {
      twoBlocks(m, ['online', 'online']);
      expect(m.apply(state(32, 'offline'))).toBe('ok');
    }
    expect(zoneOf(spec.observe(), 'Normal')).toEqual(span(P33, 32768));
    expect(zoneOf(buggy.observe(), 'Normal')).toEqual(span(P32, 65536, 32768));
    // the memmap is poisoned either way
    expect(buggy.observe().memmap.at(-2)).toEqual({ startPfn: P32, endPfn: P33, state: 'uninit' });
  });

  it('offline-keeps-present: present stays while managed drops', () => {
    const { spec, buggy } = pair('offline-keeps-present');
    for (const m of [spec, buggy]) {
      twoBlocks(m, ['online', 'online']);
      expect(m.apply(state(33, 'offline'))).toBe('ok');
    }
    expect(zoneOf(spec.observe(), 'Normal')).toEqual(span(P32, 32768));
    expect(zoneOf(buggy.observe(), 'Normal')).toEqual({ startPfn: P32, spanned: 32768, present: 65536, managed: 32768 });
  });

  it('online-ignores-veto-rollback: a vetoed online leaves Normal grown and the memmap initialised', () => {
    const { spec, buggy } = pair('online-ignores-veto-rollback');
    for (const m of [spec, buggy]) {
      m.apply(addMem(G4, 128 * MiB));
      m.apply(veto('MEM_GOING_ONLINE', 'ENOMEM'));
      expect(m.apply(state(32, 'online'))).toBe('-ENOMEM');
    }
    expect(zoneOf(spec.observe(), 'Normal')).toEqual(span(0, 0));
    expect(spec.observe().memmap.at(-1)?.state).toBe('uninit');
    expect(zoneOf(buggy.observe(), 'Normal')).toEqual(span(P32, 32768, 0));
    expect(buggy.observe().memmap.at(-1)?.state).toBe('Normal/0');
  });

  it('remove-online-block: remove_memory of an online block succeeds', () => {
    const { spec, buggy } = pair('remove-online-block');
    for (const m of [spec, buggy]) {
      m.apply(addMem(G4, 128 * MiB));
      m.apply(state(32, 'online'));
    }
    const before = canonicalObservation(spec.observe());
    expect(spec.apply(removeMem(G4, 128 * MiB))).toBe('-EBUSY');
    expect(canonicalObservation(spec.observe())).toBe(before);
    expect(buggy.apply(removeMem(G4, 128 * MiB))).toBe('ok');
    expect(buggy.observe().blocks.some((b) => b.id === 32)).toBe(false);
  });

  // Node 0 after blocks 32 and 33 are onlined and 32 offlined: the spec's span is boot RAM to P34.
  it.each([
    // the Movable zone (block 33) is left out of the hull
    ['node-span-not-hull', 'online_movable', [256, 0x3ffe0 - 256]],
    // the minimum of the zone starts never leaves the initial 0; the end is still the last zone's
    ['node-start-zero', 'online', [0, P34]],
  ] as const)('%s: the node span after an offline', (bug, second, buggySpan) => {
    const { spec, buggy } = pair(bug);
    for (const m of [spec, buggy]) {
      twoBlocks(m, ['online', second]);
      expect(m.apply(state(32, 'offline'))).toBe('ok');
    }
    const nodeSpan = (m: Implementation) => [m.observe().nodes[0]?.startPfn, m.observe().nodes[0]?.spanned];
    expect(nodeSpan(spec)).toEqual([256, P34 - 256]);
    expect(nodeSpan(buggy)).toEqual(buggySpan);
  });

  it('valid-zones-order: an offline block lists Movable first', () => {
    const { spec, buggy } = pair('valid-zones-order');
    for (const m of [spec, buggy]) m.apply(addMem(G4, 128 * MiB));
    expect(spec.apply(validZones(32))).toBe('Normal Movable');
    expect(buggy.apply(validZones(32))).toBe('Movable Normal');
    expect(buggy.observe().blocks.find((b) => b.id === 32)?.validZones).toBe('Movable Normal');
  });

  it('valid-zones-order: a block whose default is Movable already lists it first, once', () => {
    // block 33 lies inside Movable's span (blocks 32 and 34 online Movable), so its default is Movable
    const { spec, buggy } = pair('valid-zones-order');
    for (const m of [spec, buggy]) {
      m.apply(addMem(G4, 384 * MiB));
      expect(m.apply(state(32, 'online_movable'))).toBe('ok');
      expect(m.apply(state(34, 'online_movable'))).toBe('ok');
      expect(m.apply(validZones(33))).toBe('Movable Normal');
    }
  });

  it('empty-zone-keeps-start: an emptied Normal keeps its old start_pfn', () => {
    const { spec, buggy } = pair('empty-zone-keeps-start');
    for (const m of [spec, buggy]) {
      m.apply(addMem(G4, 128 * MiB));
      expect(m.apply(state(32, 'online'))).toBe('ok');
      expect(m.apply(state(32, 'offline'))).toBe('ok');
    }
    expect(zoneOf(spec.observe(), 'Normal')).toEqual({ startPfn: 0, spanned: 0, present: 0, managed: 0 });
    expect(zoneOf(buggy.observe(), 'Normal')).toEqual({ startPfn: P32, spanned: 0, present: 0, managed: 0 });
  });

  it('span-grows-up-only: onlining below Normal leaves the zone start where it was', () => {
    const { spec, buggy } = pair('span-grows-up-only');
    for (const m of [spec, buggy]) twoBlocks(m, ['online_kernel', 'online_kernel']);
    for (const m of [spec, buggy]) {
      m.apply(state(32, 'offline'));
      m.apply(state(32, 'online_kernel'));
    }
    expect(zoneOf(spec.observe(), 'Normal')).toEqual({ startPfn: P32, spanned: 65536, present: 65536, managed: 65536 });
    expect(zoneOf(buggy.observe(), 'Normal')).toEqual({ startPfn: P33, spanned: 32768, present: 65536, managed: 65536 });
  });

  it('offline-keeps-section-online: section 32 stays marked online after its block went offline', () => {
    const { spec, buggy } = pair('offline-keeps-section-online');
    for (const m of [spec, buggy]) {
      m.apply(addMem(G4, 128 * MiB));
      m.apply(state(32, 'online'));
      expect(m.apply(state(32, 'offline'))).toBe('ok');
    }
    expect(spec.observe().sections.find((x) => x.nr === 32)?.online).toBe(false);
    expect(buggy.observe().sections.find((x) => x.nr === 32)?.online).toBe(true);
  });

  it('remove-reads-zone: removing never-onlined memory reads its poisoned memmap', () => {
    const { spec, buggy } = pair('remove-reads-zone');
    for (const m of [spec, buggy]) {
      m.apply(addMem(G4, 128 * MiB));
      expect(m.apply(removeMem(G4, 128 * MiB))).toBe('ok');
    }
    expect(spec.observe().uninitReads).toBe(0);
    expect(buggy.observe().uninitReads).toBe(1);
  });
});
