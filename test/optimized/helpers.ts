import { EMPTY_SECTION } from '../../checks/section-view.ts';
/** Builders shared by the optimized-implementation tests. Expected values are written out by hand in each test. */
import type { BugName } from '../../model/bugs.ts';
import { DEFAULT_CONFIG, type Config } from '../../model/config.ts';
import { presetGeometry } from '../../model/geometry.ts';
import type { Implementation } from '../../model/implementation.ts';
import type { Observation, SectionObservation } from '../../model/observation.ts';
import { findProfile } from '../../model/profiles/index.ts';
import type { AllocPoint, BootRange, QueryName, Step } from '../../model/step.ts';
import { createOptimized } from '../../model/optimized/index.ts';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;

/** 64 set bits: a whole x86_64 section of sub-sections. */
export const FULL64 = '0xffffffffffffffff';

/** The x86_64 boot used throughout: 1 MiB .. 1 GiB - 128 KiB on node 0, touching sections 0..7. */
export const X86_BOOT: readonly BootRange[] = [{ start: 0x100000, size: 0x3fee0000, nid: 0 }];

export interface MachineOptions {
  readonly profile?: string;
  readonly geometry?: string;
  readonly config?: Partial<Config>;
  readonly boot?: readonly BootRange[];
  readonly bugs?: readonly BugName[];
}

export function machine(opts: MachineOptions = {}): Implementation {
  const profile = findProfile(opts.profile ?? 'v5.3');
  const geometry = presetGeometry(opts.geometry ?? 'x86_64');
  if (profile === undefined || geometry === undefined) throw new Error('bad test machine');
  return createOptimized(
    { profile, geometry, config: { ...DEFAULT_CONFIG, ...opts.config }, boot: opts.boot ?? X86_BOOT },
    new Set(opts.bugs ?? []),
  );
}

export const add = (start: number, size: number, nid = 0): Step => ({ op: 'add_pages', start, size, nid });
export const remove = (start: number, size: number): Step => ({ op: 'remove_pages', start, size });
export const fail = (alloc: AllocPoint): Step => ({ op: 'fail', alloc, errno: 'ENOMEM' });
export const query = (q: QueryName, addr: number): Step => ({ op: 'query', query: q, addr });

export function sectionOf(o: Observation, nr: number): SectionObservation | undefined {
  return o.sections.find((s) => s.nr === nr);
}

export function nrs(o: Observation): number[] {
  return o.sections.map((s) => s.nr);
}

/** Any section, every field spelled out relative to the empty section. */
export function sec(nr: number, fields: Partial<Omit<SectionObservation, 'nr'>>): SectionObservation {
  return { nr, ...EMPTY_SECTION, ...fields };
}

/** A section as boot leaves it: early, online, boot usage, whole boot memmap. */
export function bootSec(nr: number, map: string, full = FULL64, nid = 0): SectionObservation {
  return sec(nr, {
    nid,
    present: true,
    hasMemMap: true,
    online: true,
    early: true,
    usage: 'boot',
    subsectionMap: map,
    memmapBoot: full,
    pfnValid: full,
  });
}

/** A section that only sub-section hotplug populated (VMEMMAP): map, memmap and pfn_valid agree. */
export function hotSec(nr: number, mask: string, nid = 0): SectionObservation {
  return sec(nr, {
    nid,
    present: true,
    hasMemMap: true,
    usage: 'hotplug',
    subsectionMap: mask,
    memmapHotplug: mask,
    pfnValid: mask,
  });
}
