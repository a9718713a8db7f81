import { NO_ZONE_RESTRICTIONS } from './commits.ts';
import { derive } from './derive.ts';
import { ZONE_FOR_PFN_RANGE } from './rules.ts';
import { v4_12 } from './v4.12.ts';

/**
 * Zone restrictions removed (c6f03e2903c9, with movable_node support and
 * valid_zones in the preferred order): released in v4.14 [I]; named v4.13 by
 * docs/what-is-modelled.md. Before d0dc12e86b31 the hot-added memmap was zeroed rather than
 * poisoned, and hot-remove shrinking still accepted any valid section.
 */
export const v4_13 = derive(v4_12, {
  name: 'v4.13',
  summary: 'c6f03e2903c9 (released v4.14): zone restrictions removed, zone_for_pfn_range; hot-remove shrinking over valid sections',
  defining: NO_ZONE_RESTRICTIONS,
  changes: { hotplug: { onlineZone: ZONE_FOR_PFN_RANGE } },
});
