import { derive } from './derive.ts';
import {
  ADDRESSABLE_CHECK_E2BIG,
  FAILED_ONLINE_RESTORE,
  MEMORY_FAILURE_ONLINE,
  OFFLINE_NODE_BY_BLOCKS,
  PFNS_LOOP,
  SHRINK_ON_OFFLINE,
  SHRINK_WALKS_ONLINE,
  UNINIT_READS_BEFORE_5_12,
  USAGE_RACE_BEFORE_6_8,
} from './rules.ts';
import { v5_3 } from './v5.3.ts';

/** Linux v5.5: zone shrinking moves to offline (seed 001, docs/seeds.md); __add_pages gains its bounds check. */
export const v5_5 = derive(v5_3, {
  name: 'v5.5',
  summary: 'shrink zones at offline (seed 001); __add_pages answers -E2BIG beyond MAX_PHYSMEM_BITS',
  defining: {
    commit: 'feee6b298916',
    title: 'mm/memory_hotplug: shrink zones when offlining memory',
    version: 'v5.5',
    verified: 'V: id and title in published stable-queue text',
  },
  changes: {
    sparse: { addLoop: PFNS_LOOP, addressCheck: ADDRESSABLE_CHECK_E2BIG },
    hotplug: {
      shrinkAt: SHRINK_ON_OFFLINE,
      failedOnline: FAILED_ONLINE_RESTORE,
      offlineNode: OFFLINE_NODE_BY_BLOCKS,
      shrinkWalker: SHRINK_WALKS_ONLINE,
      memoryFailure: MEMORY_FAILURE_ONLINE,
    },
  },
  knownFindings: [UNINIT_READS_BEFORE_5_12, USAGE_RACE_BEFORE_6_8],
});
