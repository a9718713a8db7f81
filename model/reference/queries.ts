// mirrors pfn_valid(), valid_section(), present_section(), online_section(), pfn_to_online_page(), include/linux/mmzone.h, v5.3
import type { Outcome } from '../outcome.ts';
import type { QueryName } from '../step.ts';
import { sectionOfPfn, subsectionIndex } from './arith.ts';
import { peekSection, type RefMachine, type RefSection } from './state.ts';

/** The section of a pfn, or undefined past mem_section[] or when it was never touched (all flags false). */
function sectionOf(m: RefMachine, pfn: number): RefSection | undefined {
  const nr = sectionOfPfn(m.geometry, pfn);
  if (nr >= m.geometry.nrMemSections) return undefined;
  return peekSection(m, nr);
}

export function pfnValid(m: RefMachine, pfn: number): boolean {
  const s = sectionOf(m, pfn);
  if (s === undefined || !s.hasMemMap) return false;
  if (m.rules.hotplug === 'section') return true;
  // Early sections have a memmap for the whole section, holes included.
  if (s.early) return true;
  // Without VMEMMAP hotplug is section-granular, so a valid section is valid throughout.
  if (!m.config.vmemmap) return true;
  return s.subsectionMap.has(subsectionIndex(m.geometry, pfn));
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
      // Before v5.12 only the section's online bit is consulted.
      return s !== undefined && s.online ? 'page' : 'NULL';
  }
}
