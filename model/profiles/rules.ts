/**
 * Rule values with their provenance, shared by the profiles that carry them,
 * so each rule is explained once.
 */
import type { Rule } from '../profile.ts';
import {
  ADDRESSABLE_CHECK,
  PFN_LOOP,
  REMOVE_MAY_FAIL,
  REMOVE_NEVER_FAILS,
  SECTION_HOTPLUG,
  SECTION_LOOP,
  SUBSECTION_HOTPLUG,
} from './commits.ts';

export const SECTION_ADD: Rule<'section'> = {
  value: 'section',
  since: SECTION_HOTPLUG,
  explain:
    '__add_pages adds every section its range touches, whole; a section that is already valid answers -EEXIST, which __add_pages treats as success',
};

export const SUBSECTION_ADD: Rule<'subsection'> = {
  value: 'subsection',
  since: SUBSECTION_HOTPLUG,
  explain:
    'ranges are 2 MiB sub-sections (VMEMMAP) or sections; an add overlapping an active sub-section is -EEXIST and changes nothing; removing a range that is not fully active WARNs and changes nothing',
};

export const SECTIONS_LOOP: Rule<'sections'> = {
  value: 'sections',
  since: SECTION_LOOP,
  explain: '__add_pages visits sections from pfn_to_section_nr(pfn) to pfn_to_section_nr(pfn + nr - 1)',
};

export const PFNS_LOOP: Rule<'pfns'> = {
  value: 'pfns',
  since: PFN_LOOP,
  explain: '__add_pages visits section-sized chunks while pfn < pfn + nr (an empty range does nothing)',
};

export const ADDRESSABLE_CHECK_NONE: Rule<'none'> = {
  value: 'none',
  since: SECTION_HOTPLUG,
  explain: 'no bounds check: a range beyond MAX_PHYSMEM_BITS indexes past mem_section[] (BUG)',
};

export const ADDRESSABLE_CHECK_E2BIG: Rule<'e2big'> = {
  value: 'e2big',
  since: ADDRESSABLE_CHECK,
  explain: '__add_pages answers -E2BIG when the last byte of the range (start + size - 1, wrapping) is at or beyond 2^MAX_PHYSMEM_BITS',
};

export const REMOVE_EINVAL: Rule<'einval-break'> = {
  value: 'einval-break',
  since: REMOVE_MAY_FAIL,
  explain: '__remove_pages stops at the first section that is not valid and answers -EINVAL',
};

export const REMOVE_WARN: Rule<'warn-skip'> = {
  value: 'warn-skip',
  since: REMOVE_NEVER_FAILS,
  explain: '__remove_pages WARNs on each section that is not valid and goes on with the rest',
};
