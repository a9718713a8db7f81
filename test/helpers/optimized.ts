import { EMPTY_SECTION } from '../../checks/section-view.ts';
/** Builders shared by the optimized-implementation tests. Expected values are written out by hand in each test. */
import type { BugName } from '../../model/bugs.ts';
import { DEFAULT_CONFIG, type Config } from '../../model/config.ts';
import { presetGeometry } from '../../model/geometry.ts';
import type { Implementation } from '../../model/implementation.ts';
import type { Observation, SectionObservation } from '../../model/observation.ts';
import { findProfile } from '../../model/profiles/index.ts';
import type { Errno } from '../../model/outcome.ts';
import type { AllocPoint, BootRange, NotifierEvent, QueryName, Step, ZoneName } from '../../model/step.ts';
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

/* Steps of the blocks-and-zones layer. */
export const addMem = (start: number, size: number, nid = 0): Step => ({ op: 'add_memory', start, size, nid });
export const removeMem = (start: number, size: number): Step => ({ op: 'remove_memory', start, size });
export const memremap = (start: number, size: number, nid = 0): Step => ({ op: 'memremap_pages', start, size, nid });
export const memunmap = (start: number, size: number): Step => ({ op: 'memunmap_pages', start, size });
export const state = (block: number, word: string): Step => ({ op: 'state', block, word });
export const onlineFile = (block: number, word: string): Step => ({ op: 'online', block, word });
export const pin = (addr: number): Step => ({ op: 'pin', addr });
export const unpin = (addr: number): Step => ({ op: 'unpin', addr });
export const veto = (event: NotifierEvent, errno: Errno): Step => ({ op: 'veto', event, errno });
export const validZones = (block: number): Step => ({ op: 'valid_zones', block });
export const blockStep = (block: number): Step => ({ op: 'block', block });
export const zoneStep = (zone: ZoneName, nid = 0): Step => ({ op: 'zone', zone, nid });
export const nodeStep = (nid: number): Step => ({ op: 'node', nid });

/** One zone of one node in an observation. */
export function zoneOf(o: Observation, name: ZoneName, nid = 0): { startPfn: number; spanned: number; present: number; managed: number } {
  const z = o.nodes.find((n) => n.nid === nid)?.zones.find((x) => x.name === name);
  if (z === undefined) throw new Error(`no zone ${name} on node ${nid}`);
  return { startPfn: z.startPfn, spanned: z.spanned, present: z.present, managed: z.managed };
}

export const span = (startPfn: number, spanned: number, present = spanned, managed = present) => ({ startPfn, spanned, present, managed });
