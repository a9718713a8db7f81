// mirrors pfn_valid(), valid_section(), present_section(), online_section(), include/linux/mmzone.h, v5.3, and pfn_to_online_page(), mm/memory_hotplug.c, v5.12
import type { Outcome } from '../../outcome.ts';
import type { QueryName } from '../../step.ts';
import { sectionOfPfn, subsectionIndex } from './pfn.ts';
import { peekSection, type RefMachine, type RefSection } from '../state.ts';

/** The section of a pfn, or undefined past mem_section[] or when it was never touched (all flags false). */
function sectionOf(m: RefMachine, pfn: number): RefSection | undefined {
  const nr = sectionOfPfn(m.geometry, pfn);
  if (nr >= m.geometry.nrMemSections) return undefined;
  return peekSection(m, nr);
}

export function pfnValid(m: RefMachine, pfn: number): boolean {
  const s = sectionOf(m, pfn);
  return s !== undefined && subsectionValid(m, s, subsectionIndex(m.geometry, pfn));
}

/**
 * Which sub-sections of the section `s` answer pfn_valid(): none, all of
 * them, or its active ones (the sub-section map).
 */
export function validSubsections(m: RefMachine, s: RefSection): 'none' | 'all' | ReadonlySet<number> {
  if (!s.hasMemMap) return 'none';
  if (m.rules.hotplug === 'section') return 'all';
  // Early sections have a memmap for the whole section, holes included.
  if (s.early) return 'all';
  // Without VMEMMAP hotplug is section-granular, so a valid section is valid throughout.
  if (!m.config.vmemmap) return 'all';
  return s.subsectionMap;
}

/** pfn_valid() of the pfns of sub-section `index` of the section `s`. */
export function subsectionValid(m: RefMachine, s: RefSection, index: number): boolean {
  const valid = validSubsections(m, s);
  return valid === 'all' || (valid !== 'none' && valid.has(index));
}

/**
 * Whether pfn_to_online_page() answers a page. Before v5.12 the section's
 * online flag is the whole answer; from v5.12 a pfn must also lie in an
 * active sub-section (a hole of a boot section is not online) and outside
 * every ZONE_DEVICE range (device memory sharing an online section).
 */
export function isOnlinePage(m: RefMachine, pfn: number): boolean {
  const s = sectionOf(m, pfn);
  if (s === undefined || !s.online) return false;
  if (m.rules.onlinePage === 'online-section') return true;
  // without VMEMMAP a section's memmap is all or nothing
  if (m.config.vmemmap && !s.subsectionMap.has(subsectionIndex(m.geometry, pfn))) return false;
  const addr = pfn * m.geometry.pageSize;
  return !m.resources.some((r) => r.kind === 'device' && addr >= r.start && addr < r.end);
}

export function query(m: RefMachine, name: QueryName, addr: number): Outcome {
  const pfn = Math.floor(addr / m.geometry.pageSize);
  const s = sectionOf(m, pfn);
  switch (name) {
    case 'pfn_valid':
      return pfnValid(m, pfn) ? 'true' : 'false';
    case 'valid_section':
      return s !== undefined && s.hasMemMap ? 'true' : 'false';
    case 'present_section':
      return s !== undefined && s.present ? 'true' : 'false';
    case 'online_section':
      return s !== undefined && s.online ? 'true' : 'false';
    case 'pfn_to_online_page':
      return isOnlinePage(m, pfn) ? 'page' : 'NULL';
  }
}
