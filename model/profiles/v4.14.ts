import { NO_ZONE_RESTRICTIONS } from './commits.ts';
import { derive } from './derive.ts';
import { ZONE_FOR_PFN_RANGE } from './rules.ts';
import { v4_13 } from './v4.13.ts';

/**
 * Zone restrictions removed (c6f03e2903c9, with movable_node support and
 * valid_zones in the preferred order): first released in v4.14. Before
 * d0dc12e86b31 the hot-added memmap was zeroed rather than poisoned, and
 * hot-remove shrinking still accepted any valid section.
 */
export const v4_14 = derive(v4_13, {
  name: 'v4.14',
  formerName: 'v4.13',
  summary: 'c6f03e2903c9 (released v4.14): zone restrictions removed, zone_for_pfn_range; hot-remove shrinking over valid sections',
  defining: NO_ZONE_RESTRICTIONS,
  changes: { hotplug: { onlineZone: ZONE_FOR_PFN_RANGE } },
});
