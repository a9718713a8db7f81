import type { Profile } from '../profile.ts';
import { ZONE_CAN_SHIFT } from './commits.ts';
import { MODERN_BEFORE } from './modern-rules.ts';
import {
  ADDRESSABLE_CHECK_NONE,
  BLOCKS_PER_SECTION,
  FAILED_ONLINE_KEEP_SPAN,
  FIRST_PAGE_ZONE_BEFORE_4_13,
  HOLES_ALLOWED,
  MEMORY_FAILURE_ANY_VALID,
  NODE_OFFLINE_BY_SCAN_BEFORE_5_5,
  OFFLINE_NODE_BY_SCAN,
  ONLINE_SHIFT,
  REMOVE_EINVAL,
  SECTIONS_LOOP,
  SECTION_ADD,
  SHRINK_ON_REMOVE,
  SHRINK_WALKS_VALID,
  UNZONED_BARE_SECTIONS,
  USAGE_FREE_SECTION,
  ZONE_AT_ADD,
} from './rules.ts';

/**
 * Zone shifting: the semantics of Linux v4.10, v4.11 and v4.12 (the bool
 * zone_can_shift() of df429ac03936 is first released in v4.10). Zones are
 * chosen at hot-add and changed only at a zone edge at online.
 * docs/historical-profiles.md §2. The oldest profile: it gives every rule, and
 * every later profile derives from it (model/profiles/derive.ts).
 */
export const v4_10: Profile = {
  name: 'v4.10',
  formerName: 'v4.11',
  summary: 'kernels v4.10-v4.12: zone chosen at hot-add (zone_for_memory), online_kernel/online_movable shift edge blocks (zone_can_shift), spans shrink at hot-remove',
  defining: ZONE_CAN_SHIFT,
  sparse: {
    hotplug: SECTION_ADD,
    addLoop: SECTIONS_LOOP,
    addressCheck: ADDRESSABLE_CHECK_NONE,
    removeInvalid: REMOVE_EINVAL,
    usageFree: USAGE_FREE_SECTION,
  },
  hotplug: {
    zoneAtAdd: ZONE_AT_ADD,
    onlineZone: ONLINE_SHIFT,
    shrinkAt: SHRINK_ON_REMOVE,
    failedOnline: FAILED_ONLINE_KEEP_SPAN,
    offlineNode: OFFLINE_NODE_BY_SCAN,
    shrinkWalker: SHRINK_WALKS_VALID,
    blockDevices: BLOCKS_PER_SECTION,
    memoryFailure: MEMORY_FAILURE_ANY_VALID,
    offlineHoles: HOLES_ALLOWED,
  },
  modern: MODERN_BEFORE,
  knownFindings: [UNZONED_BARE_SECTIONS, NODE_OFFLINE_BY_SCAN_BEFORE_5_5, ...FIRST_PAGE_ZONE_BEFORE_4_13],
};
