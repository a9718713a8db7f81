/**
 * The bug switches of the historical profiles (v4.10 zone shifting, v4.13
 * allow_online_pfn_range()), each on a small x86_64 sequence: first the
 * spec's answer, then the deviation the switch promises. Values by hand
 * (docs/historical-profiles.md §2, §3).
 */
import { describe, expect, it } from 'vitest';
import type { BugName } from '../../../model/bugs.ts';
import type { Implementation } from '../../../model/implementation.ts';
import { MiB, addMem, blockStep, machine, span, state, validZones, zoneOf } from '../../helpers/optimized.ts';

const G4 = 0x100000000;
const P32 = 1048576;

function pair(profile: string, bug: BugName): { spec: Implementation; buggy: Implementation } {
  return { spec: machine({ profile }), buggy: machine({ profile, bugs: [bug] }) };
}

/** Blocks 32 .. 32+n-1, each its own add_memory. */
function blocks(m: Implementation, n: number): void {
  for (let i = 0; i < n; i++) expect(m.apply(addMem(G4 + i * 128 * MiB, 128 * MiB))).toBe('ok');
}

describe('optimized: bug switches of the historical profiles', () => {
  it('zone-can-shift-int (B-1): online_movable of a Normal block that is not the last succeeds into Normal', () => {
    const { spec, buggy } = pair('v4.10', 'zone-can-shift-int');
    blocks(spec, 2);
    blocks(buggy, 2);
    expect(spec.apply(state(32, 'online_movable'))).toBe('-EINVAL');
    expect(buggy.apply(state(32, 'online_movable'))).toBe('ok');
    expect(buggy.apply(blockStep(32))).toBe('online Normal');
  });

  it('shift-keeps-old-span: after shifting the last Normal block up, Normal still spans it', () => {
    const { spec, buggy } = pair('v4.10', 'shift-keeps-old-span');
    for (const m of [spec, buggy]) {
      blocks(m, 3);
      expect(m.apply(state(34, 'online_movable'))).toBe('ok');
      expect(zoneOf(m.observe(), 'Movable')).toEqual(span(P32 + 65536, 32768));
    }
    expect(zoneOf(spec.observe(), 'Normal')).toEqual(span(P32, 65536, 0));
    expect(zoneOf(buggy.observe(), 'Normal')).toEqual(span(P32, 98304, 0));
  });

  it('shift-any-block: the first of three Normal blocks moves up and takes Normal\'s end with it', () => {
    const { spec, buggy } = pair('v4.10', 'shift-any-block');
    blocks(spec, 3);
    blocks(buggy, 3);
    expect(spec.apply(state(32, 'online_movable'))).toBe('-EINVAL');
    expect(buggy.apply(state(32, 'online_movable'))).toBe('ok');
    expect(zoneOf(buggy.observe(), 'Normal')).toEqual(span(0, 0, 0));
    expect(zoneOf(buggy.observe(), 'Movable')).toEqual(span(P32, 32768));
  });

  it('shift-keeps-old-span, moving down: after shifting Movable\'s only block back to Normal, Movable still spans it', () => {
    const { spec, buggy } = pair('v4.10', 'shift-keeps-old-span');
    for (const m of [spec, buggy]) {
      blocks(m, 3);
      // block 34 up to Movable and back down: Normal is [32, 35) either way
      for (const [b, t] of [[34, 'online_movable'], [34, 'offline'], [34, 'online_kernel']] as const) expect(m.apply(state(b, t))).toBe('ok');
      expect(zoneOf(m.observe(), 'Normal')).toEqual(span(P32, 98304, 32768));
    }
    expect(zoneOf(spec.observe(), 'Movable')).toEqual(span(0, 0));
    expect(zoneOf(buggy.observe(), 'Movable')).toEqual(span(P32 + 65536, 32768, 0));
  });

  it('shift-any-block, moving down: the middle one of three Movable blocks goes to Normal and cuts Movable\'s start off', () => {
    const { spec, buggy } = pair('v4.10', 'shift-any-block');
    for (const m of [spec, buggy]) {
      blocks(m, 3);
      for (const [b, t] of [[34, 'online_movable'], [33, 'online_movable'], [32, 'online_movable'], [33, 'offline']] as const) expect(m.apply(state(b, t))).toBe('ok');
    }
    expect(spec.apply(state(33, 'online_kernel'))).toBe('-EINVAL');
    expect(buggy.apply(state(33, 'online_kernel'))).toBe('ok');
    expect(zoneOf(buggy.observe(), 'Normal')).toEqual(span(P32 + 32768, 32768));
    // block 32 is still online Movable, now outside the span
    expect(zoneOf(buggy.observe(), 'Movable')).toEqual(span(P32 + 65536, 32768, 65536));
  });

  it('movable-below-normal: a block inside Normal goes online movable', () => {
    const { spec, buggy } = pair('v4.13', 'movable-below-normal');
    for (const m of [spec, buggy]) {
      blocks(m, 2);
      expect(m.apply(state(32, 'online_kernel'))).toBe('ok');
      expect(m.apply(state(32, 'offline'))).toBe('ok');
    }
    expect(spec.apply(state(32, 'online_movable'))).toBe('-EINVAL');
    expect(buggy.apply(state(32, 'online_movable'))).toBe('ok');
    expect(zoneOf(buggy.observe(), 'Normal')).toEqual(span(P32, 32768, 0));
    expect(zoneOf(buggy.observe(), 'Movable')).toEqual(span(P32, 32768));
  });

  it('movable-below-normal: a block below Normal\'s start is still refused (the start it compares is above it)', () => {
    const { spec, buggy } = pair('v4.13', 'movable-below-normal');
    for (const m of [spec, buggy]) {
      blocks(m, 2);
      expect(m.apply(state(33, 'online_kernel'))).toBe('ok');
      expect(m.apply(state(32, 'online_movable'))).toBe('-EINVAL');
    }
  });

  it('valid-zones-ignores-allow: a block above Movable\'s start still lists Normal', () => {
    const { spec, buggy } = pair('v4.13', 'valid-zones-ignores-allow');
    for (const m of [spec, buggy]) {
      blocks(m, 2);
      expect(m.apply(state(32, 'online_movable'))).toBe('ok');
    }
    expect(spec.apply(validZones(33))).toBe('Movable');
    expect(buggy.apply(validZones(33))).toBe('Normal Movable');
  });
});
