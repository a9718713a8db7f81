/**
 * add_memory()'s place for the model's bound on held sections
 * (model/capacity.ts): an add the kernel walks counts its sections in
 * __add_pages(), after the refusals that come before any walk; standby memory
 * under seed 004's design (scenarios/patches/seed-004-mem-phys-online.profile.json,
 * profile v6.9-s390-rfc) gets its sections only at online, yet is counted at
 * the add. Section counts worked out by hand; both implementations.
 */
import { describe, expect, it } from 'vitest';
import { CapacityError } from '../../../../model/capacity.ts';
import { DEFAULT_CONFIG } from '../../../../model/config.ts';
import { presetGeometry } from '../../../../model/geometry.ts';
import type { Implementation, MachineSetup } from '../../../../model/implementation.ts';
import { createOptimized } from '../../../../model/optimized/index.ts';
import { createReference } from '../../../../model/reference/index.ts';
import { findProfile } from '../../../../model/profiles/index.ts';
import type { BootRange } from '../../../../model/step.ts';

const MiB = 1024 * 1024;
const TiB = 1024 * 1024 * MiB;

function setupFor(profile: string, geometry: string, boot: readonly BootRange[], heldSectionLimit: number): MachineSetup {
  const p = findProfile(profile);
  const g = presetGeometry(geometry);
  if (p === undefined || g === undefined) throw new Error('bad test machine');
  return { profile: p, geometry: g, config: { ...DEFAULT_CONFIG, memmapOnMemory: 'Y' }, boot, heldSectionLimit };
}

const IMPLS = [
  ['optimized', (s: MachineSetup): Implementation => createOptimized(s, new Set())],
  ['reference', (s: MachineSetup): Implementation => createReference(s, new Set())],
] as const;

describe.each(IMPLS)('%s: the held-section bound at add_memory', (_name, create) => {
  // s390: 256 MiB sections and blocks; boot 0..1 GiB holds sections 0..3, four sections
  const s390 = (limit: number) => create(setupFor('v6.9-s390-rfc', 's390', [{ start: 0, size: 1024 * MiB, nid: 0 }], limit));
  const standby = { op: 'add_memory', start: 0x80000000, size: 256 * MiB, nid: 0, memmapOnMemory: true, inaccessible: true } as const;

  it('standby memory hosting its memmap (v6.9-s390-rfc), section 8: a fifth section fits a bound of 5', () => {
    expect(s390(5).apply(standby)).toBe('ok');
  });

  it('the same add past a bound of 4 is refused, though its sections wait for online', () => {
    expect(() => s390(4).apply(standby)).toThrow(CapacityError);
  });

  it('sections 8 and 9 (512 MiB) past a bound of 5: refused', () => {
    expect(() => s390(5).apply({ ...standby, size: 512 * MiB })).toThrow(CapacityError);
  });

  it('a range past MAX_PHYSMEM_BITS (46 on x86_64: 64 TiB) is -E2BIG before any walk: the bound is not asked', () => {
    // boot 1 MiB .. 1 GiB - 128 KiB holds sections 0..7: eight, the bound
    const m = create(setupFor('v6.1', 'x86_64', [{ start: 0x100000, size: 0x3fee0000, nid: 0 }], 8));
    expect(m.apply({ op: 'add_memory', start: 64 * TiB, size: 128 * MiB, nid: 0 })).toBe('-E2BIG');
    expect(() => m.apply({ op: 'add_memory', start: 0x40000000, size: 128 * MiB, nid: 0 })).toThrow(CapacityError);
  });
});
