// mirrors section_deactivate(), mm/sparse.c, v5.10 (stable fixes for B-13/B-14 applied; the usage-free order of v6.8 by rule)
import { isSubset } from './pfn.ts';
import type { RefMachine, RefSection } from '../state.ts';

/**
 * Deactivates `mask` of section `s`. Answers false (the kernel's WARN
 * "section already deactivated") when the section has no usage or the mask is
 * not entirely active; nothing changes then.
 */
export function sectionDeactivate(m: RefMachine, s: RefSection, mask: ReadonlySet<number>): boolean {
  if (s.usage === 'none' || !isSubset(mask, s.subsectionMap)) return false;

  m.touched.section(s.nr);
  for (const i of mask) s.subsectionMap.delete(i);
  const empty = s.subsectionMap.size === 0;

  if (empty) {
    // A boot usage shares its page with other sections' usage maps: it is kept for a later re-add.
    if (s.usage !== 'boot') {
      // Before 5ec8e8ea8b77 the usage went while the section still read valid: a pfn_valid() then read freed memory (B-31).
      if (m.rules.usageFree === 'free-then-invalidate' && s.hasMemMap) m.usageRaces++;
      s.usage = 'none';
    }
    // Cleared before the memmap goes so that valid_section() never sees a freed usage (B-13).
    s.hasMemMap = false;
  }

  if (!s.early) {
    if (m.config.vmemmap) {
      for (const i of mask) s.memmapHotplug.delete(i);
    } else if (empty) {
      // Without VMEMMAP the memmap is one allocation for the whole section.
      s.memmapHotplug = new Set();
    }
  } else if (empty) {
    // The boot memmap is one memblock allocation: freed whole or not at all (B-14).
    s.memmapBoot = new Set();
  }

  if (empty) {
    // section_mem_map = 0: the flag bits all live in that word and go together.
    s.present = false;
    s.hasMemMap = false;
    s.online = false;
    s.early = false;
    s.nid = -1;
    // the struct pages of its holes go with the memmap
    s.heldHoles = false;
  }
  return true;
}

