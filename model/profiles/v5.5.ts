import type { Profile } from '../profile.ts';
import { ADDRESSABLE_CHECK_E2BIG, HOTPLUG_5_5, PFNS_LOOP, REMOVE_WARN, SUBSECTION_ADD, UNINIT_READS_BEFORE_5_12, USAGE_FREE_FIRST, USAGE_RACE_BEFORE_6_8 } from './rules.ts';

/** Linux v5.5: zone shrinking moves to offline (seed 001); __add_pages gains its bounds check. */
export const v5_5: Profile = {
  name: 'v5.5',
  summary: 'shrink zones at offline (seed 001); __add_pages answers -E2BIG beyond MAX_PHYSMEM_BITS',
  defining: {
    commit: 'feee6b298916',
    title: 'mm/memory_hotplug: shrink zones when offlining memory',
    version: 'v5.5',
    verified: 'V: id and title in published stable-queue text',
  },
  sparse: {
    hotplug: SUBSECTION_ADD,
    addLoop: PFNS_LOOP,
    addressCheck: ADDRESSABLE_CHECK_E2BIG,
    removeInvalid: REMOVE_WARN,
    usageFree: USAGE_FREE_FIRST,
  },
  hotplug: HOTPLUG_5_5,
  knownFindings: [UNINIT_READS_BEFORE_5_12, USAGE_RACE_BEFORE_6_8],
};
