import { EMPTY_SECTION } from '../../checks/section-view.ts';
/**
 * Test helpers: build a machine and write expected sections by hand. The hand-worked
 * tests of test/model/reference/ run on the reference implementation, and a second time on
 * the optimized one (vitest project `optimized-on-reference-tests`, which sets
 * MEMHP_TEST_IMPL=optimized): expectations about behaviour hold for both.
 */
import { DEFAULT_CONFIG, type Config } from '../../model/config.ts';
import { presetGeometry, type Geometry } from '../../model/geometry.ts';
import type { Implementation } from '../../model/implementation.ts';
import type { SectionObservation } from '../../model/observation.ts';
import type { Answer } from '../../model/outcome.ts';
import type { Profile } from '../../model/profile.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { createOptimized } from '../../model/optimized/index.ts';
import { createReference } from '../../model/reference/index.ts';
import type { AllocPoint, BootRange, QueryName } from '../../model/step.ts';

export const K = 1024;
export const M = 1024 * K;
export const G = 1024 * M;

/** The x86_64 boot map used throughout: 0x100000 .. 0x3ffe0000, sections 0..7. */
export const X86_BOOT: readonly BootRange[] = [{ start: 0x100000, size: 0x3fee0000, nid: 0 }];

/** 64 sub-sections all set, as formatMask prints them. */
export const FULL64 = '0xffffffffffffffff';

const IMPL = process.env.MEMHP_TEST_IMPL ?? 'reference';
if (IMPL !== 'reference' && IMPL !== 'optimized') throw new Error(`MEMHP_TEST_IMPL=${IMPL}: expected reference or optimized`);

export function geometry(name: string): Geometry {
  const g = presetGeometry(name);
  if (g === undefined) throw new Error(`no geometry ${name}`);
  return g;
}

export function machine(
  profileName: string | Profile,
  boot: readonly BootRange[] = X86_BOOT,
  config: Config = DEFAULT_CONFIG,
  geometryName = 'x86_64',
): Implementation {
  const profile = typeof profileName === 'string' ? findProfile(profileName) : profileName;
  if (profile === undefined) throw new Error(`no profile ${String(profileName)}`);
  const create = IMPL === 'optimized' ? createOptimized : createReference;
  return create({ profile, geometry: geometry(geometryName), config, boot }, new Set());
}

export function add(impl: Implementation, start: number, size: number, nid = 0): Answer {
  return impl.apply({ op: 'add_pages', start, size, nid });
}

export function remove(impl: Implementation, start: number, size: number): Answer {
  return impl.apply({ op: 'remove_pages', start, size });
}

export function failNext(impl: Implementation, alloc: AllocPoint): Answer {
  return impl.apply({ op: 'fail', alloc, errno: 'ENOMEM' });
}

export function ask(impl: Implementation, query: QueryName, addr: number): Answer {
  return impl.apply({ op: 'query', query, addr });
}

export function section(impl: Implementation, nr: number): SectionObservation | undefined {
  return impl.observe().sections.find((s) => s.nr === nr);
}

export function sectionNrs(impl: Implementation): number[] {
  return impl.observe().sections.map((s) => s.nr);
}

/** An expected section: the empty section with the given fields changed. */
export function expected(nr: number, fields: Partial<Omit<SectionObservation, 'nr'>>): SectionObservation {
  return { nr, ...EMPTY_SECTION, ...fields };
}

/** A section as boot leaves it: early, online, node 0, boot memmap whole. */
export function bootSection(nr: number, subsectionMap: string, memmapBoot = FULL64): SectionObservation {
  return expected(nr, {
    nid: 0,
    present: true,
    hasMemMap: true,
    online: true,
    early: true,
    usage: 'boot',
    subsectionMap,
    memmapBoot,
    pfnValid: memmapBoot,
  });
}

/** A section hot-added after boot on node 0, with pfn_valid following the map. */
export function hotSection(nr: number, map: string, memmapHotplug = map, pfnValid = map): SectionObservation {
  return expected(nr, {
    nid: 0,
    present: true,
    hasMemMap: true,
    usage: 'hotplug',
    subsectionMap: map,
    memmapHotplug,
    pfnValid,
  });
}
