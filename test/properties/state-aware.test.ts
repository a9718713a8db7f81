/**
 * State-aware resolution (properties/state-aware.ts): the biases pick what
 * they say on machines whose layout is worked out by hand below, only on
 * the half of the intents they claim, and plain resolution is untouched.
 */
import { describe, expect, it } from 'vitest';
import { Lockstep } from '../../engine/lockstep.ts';
import { DEFAULT_CONFIG } from '../../model/config.ts';
import { GEOMETRY_PRESETS, deriveGeometry } from '../../model/geometry.ts';
import type { MachineSetup } from '../../model/implementation.ts';
import { findProfile } from '../../model/profiles/index.ts';
import type { Intent } from '../../properties/intent.ts';
import { resolveIntent } from '../../properties/resolve.ts';
import { edgeSections, edgeSubsections } from '../../properties/state-aware.ts';

const MiB = 2 ** 20;
// x86_64: 128 MiB sections and blocks, 2 MiB sub-sections.
const setup: MachineSetup = {
  profile: findProfile('v6.1')!,
  geometry: deriveGeometry(GEOMETRY_PRESETS.x86_64!),
  config: { ...DEFAULT_CONFIG, autoOnlineBlocks: 'offline' },
  // sections 0-6 whole, section 7 up to 2 MiB short of its end
  boot: [{ start: 0, size: 1024 * MiB - 2 * MiB, nid: 0 }],
};

function machine(): Lockstep {
  return new Lockstep(setup, ['optimized'], { differential: false, invariants: [] });
}

describe('state-aware resolution', () => {
  it('finds the edges of boot memory: the partly populated section and its empty neighbour', () => {
    const obs = machine().observations()[0]!;
    expect(edgeSections(setup, obs)).toEqual([7, 8]);
    // section 7's only free sub-section (63) borders the active 62
    const active = new Set(Array.from({ length: 63 }, (_, i) => i));
    expect(edgeSubsections(setup, active)).toEqual([63]);
  });

  it('aims a query with an odd sel and sub at the hole at the end of boot RAM', () => {
    const obs = machine().observations()[0]!;
    const q = (sel: number, sub: number): Intent => ({ kind: 'query', query: 'pfn_to_online_page', where: { pick: 'free', sel, sub }, offset: 0 });
    // sel 1: the first edge section (7); sub 1: its first free sub-section next to an active one (63)
    expect(resolveIntent(setup, obs, q(1, 1), true, true)).toEqual({ op: 'query', query: 'pfn_to_online_page', addr: 1024 * MiB - 2 * MiB });
    // plain, and state-aware with an even sel: window section sel % 12 as before
    // (section 1 has no free sub-section, so the pool is all of them: sub 1)
    expect(resolveIntent(setup, obs, q(1, 1), true, false)).toEqual({ op: 'query', query: 'pfn_to_online_page', addr: 130 * MiB });
    expect(resolveIntent(setup, obs, q(2, 0), true, true)).toEqual(resolveIntent(setup, obs, q(2, 0), true, false));
  });

  it('puts the next DIMM in the next free slot, on the node already in use', () => {
    const lock = machine();
    // the hot-add area starts at block 12 (after the 12 window sections); the first DIMM goes on node 1
    lock.apply({ op: 'add_memory', start: 13 * 128 * MiB, size: 256 * MiB, nid: 1 });
    const obs = lock.observations()[0]!;
    const add = (sel: number, nid: number): Intent => ({ kind: 'add_memory', pick: 'low', sel, count: 1, nid });
    expect(resolveIntent(setup, obs, add(1, 0), true, true)).toEqual({ op: 'add_memory', start: 15 * 128 * MiB, size: 128 * MiB, nid: 1 });
    // an even sel, or plain: block 12 + sel % 6 on the node asked for
    expect(resolveIntent(setup, obs, add(2, 0), true, true)).toEqual({ op: 'add_memory', start: 14 * 128 * MiB, size: 128 * MiB, nid: 0 });
    expect(resolveIntent(setup, obs, add(1, 0), true, false)).toEqual({ op: 'add_memory', start: 13 * 128 * MiB, size: 128 * MiB, nid: 0 });
  });

  it('removes hot-added memory rather than boot memory', () => {
    const lock = machine();
    lock.apply({ op: 'add_memory', start: 13 * 128 * MiB, size: 256 * MiB, nid: 1 });
    lock.apply({ op: 'add_memory', start: 20 * 128 * MiB, size: 128 * MiB, nid: 0 });
    const obs = lock.observations()[0]!;
    expect(obs.resources.filter((r) => r.kind === 'System RAM').map((r) => r.start)).toEqual([0, 13 * 128 * MiB, 20 * 128 * MiB]);
    const remove: Intent = { kind: 'remove_memory', sel: 3, exact: true };
    // plain: 3 % 3 resources = boot RAM; state-aware (odd sel): 3 % 2 hot-added = the second DIMM
    expect(resolveIntent(setup, obs, remove, true, false)).toEqual({ op: 'remove_memory', start: 0, size: 1022 * MiB });
    expect(resolveIntent(setup, obs, remove, true, true)).toEqual({ op: 'remove_memory', start: 20 * 128 * MiB, size: 128 * MiB });
    // an even sel resolves as plain
    const even: Intent = { kind: 'remove_memory', sel: 4, exact: true };
    expect(resolveIntent(setup, obs, even, true, true)).toEqual(resolveIntent(setup, obs, even, true, false));
  });
});
