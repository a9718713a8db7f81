import { ALLOW_ONLINE } from './commits.ts';
import { derive } from './derive.ts';
import { NODE_OFFLINE_BY_SCAN_BEFORE_5_5, ONLINE_ALLOW, UNINIT_READS_BEFORE_5_12, UNINIT_READS_BEFORE_5_5, ZONE_AT_ONLINE } from './rules.ts';
import { v4_10 } from './v4.10.ts';

/**
 * Zone association deferred to online with allow_online_pfn_range(): the
 * semantics of f1dd2cd13c4b as first released in Linux v4.13 (seed 000's
 * "after" table, docs/seeds.md). docs/historical-profiles.md §3.
 */
export const v4_13 = derive(v4_10, {
  name: 'v4.13',
  formerName: 'v4.12',
  summary: 'kernel v4.13 (f1dd2cd13c4b): no zone at hot-add; online refused (-EINVAL) unless Normal stays below Movable (allow_online_pfn_range)',
  defining: ALLOW_ONLINE,
  changes: { hotplug: { zoneAtAdd: ZONE_AT_ONLINE, onlineZone: ONLINE_ALLOW } },
  knownFindings: [UNINIT_READS_BEFORE_5_5, UNINIT_READS_BEFORE_5_12, NODE_OFFLINE_BY_SCAN_BEFORE_5_5],
});
