/**
 * Invariants of one section's state after every step (docs/sparse-layer.md):
 * how usage, the memmap and pfn_valid follow the sub-section map.
 */
import type { Invariant } from '../invariant.ts';
import { bitSet, fullSet, isEmptyMask, sameSet } from '../section-view.ts';
import { sectionAt } from '../zone-view.ts';
import { always, isSubsectionProfile } from './profile-facts.ts';

export const usageLifetime: Invariant = {
  name: 'usage-lifetime',
  describe: 'a hotplug-allocated usage exists exactly while the sub-section map is not empty',
  appliesTo: isSubsectionProfile,
  scope: 'section',
  check({ after }) {
    for (const s of after.sections) {
      if (s.usage === 'hotplug' && isEmptyMask(s.subsectionMap)) return `section ${s.nr}: hotplug usage kept with an empty map`;
      if (s.usage === 'none' && !isEmptyMask(s.subsectionMap)) return `section ${s.nr}: active sub-sections without usage`;
    }
    return undefined;
  },
};

export const bootUsageKept: Invariant = {
  name: 'boot-usage-kept',
  describe: 'a usage allocated at boot is never freed (it shares its page with other boot usages); from v5.3',
  appliesTo: isSubsectionProfile,
  check({ before, after }) {
    // a list the step left alone keeps every record, and a record still at its place is the one before
    if (before.sections === after.sections) return undefined;
    for (let i = 0; i < before.sections.length; i++) {
      const s = before.sections[i]!;
      if (s.usage !== 'boot' || after.sections[i] === s) continue;
      if (sectionAt(after, s.nr)?.usage !== 'boot') return `section ${s.nr}: boot-allocated usage was freed`;
    }
    return undefined;
  },
};

export const validNeedsUsage: Invariant = {
  name: 'valid-needs-usage',
  describe: 'a section is valid (has a memmap) only while it has usage and, with sub-sections, active ones',
  appliesTo: always,
  scope: 'section',
  check({ setup, after }) {
    for (const s of after.sections) {
      if (s.hasMemMap && s.usage === 'none') return `section ${s.nr}: valid_section() true without usage`;
      if (s.hasMemMap !== s.present) return `section ${s.nr}: present=${s.present} but valid=${s.hasMemMap}`;
      if (isSubsectionProfile(setup) && s.hasMemMap && isEmptyMask(s.subsectionMap)) {
        return `section ${s.nr}: valid_section() true with an empty sub-section map`;
      }
    }
    return undefined;
  },
};

export const earlyMemmapWhole: Invariant = {
  name: 'early-memmap-whole',
  describe: 'the boot memmap of an early section is never freed in part',
  appliesTo: always,
  scope: 'section',
  check({ setup, after }) {
    const full = fullSet(setup.geometry);
    for (const s of after.sections) {
      const boot = bitSet(s.memmapBoot);
      if (boot.size !== 0 && !sameSet(boot, full)) return `section ${s.nr}: boot memmap partly freed (${s.memmapBoot})`;
      if (s.early && boot.size === 0) return `section ${s.nr}: early section without its boot memmap`;
    }
    return undefined;
  },
};

export const pfnValidExact: Invariant = {
  name: 'pfn-valid-exact',
  describe:
    'pfn_valid() holds everywhere in early sections and exactly on active sub-sections of hot-added ones (whole sections before v5.3)',
  appliesTo: always,
  scope: 'section',
  check({ setup, after }) {
    const full = fullSet(setup.geometry);
    const perSubsection = isSubsectionProfile(setup) && setup.config.vmemmap;
    for (const s of after.sections) {
      const want = !s.hasMemMap ? new Set<number>() : s.early || !perSubsection ? full : bitSet(s.subsectionMap);
      if (!sameSet(bitSet(s.pfnValid), want)) return `section ${s.nr}: pfn_valid on ${s.pfnValid}, expected on the active map`;
    }
    return undefined;
  },
};

export const memmapMatchesMap: Invariant = {
  name: 'memmap-matches-map',
  describe:
    'early sections keep the boot memmap only; hot-added ones have a memmap exactly for their active sub-sections (the whole section without VMEMMAP)',
  appliesTo: always,
  scope: 'section',
  check({ setup, after }) {
    const full = fullSet(setup.geometry);
    const perSubsection = isSubsectionProfile(setup) && setup.config.vmemmap;
    for (const s of after.sections) {
      const hot = bitSet(s.memmapHotplug);
      if (s.early) {
        if (hot.size !== 0) return `section ${s.nr}: early section with a hotplug-populated memmap`;
        continue;
      }
      if (!isEmptyMask(s.memmapBoot)) return `section ${s.nr}: boot memmap left on a section that is no longer early`;
      const active = bitSet(s.subsectionMap);
      const want = perSubsection ? active : active.size > 0 ? full : new Set<number>();
      if (!sameSet(hot, want)) return `section ${s.nr}: memmap on ${s.memmapHotplug} but sub-sections ${s.subsectionMap} active`;
    }
    return undefined;
  },
};
