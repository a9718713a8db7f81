/** Every invariant, in the order they are checked and reported. */
import type { Invariant } from '../invariant.ts';
import { addPrefix, subsectionCollision } from './add-pages.ts';
import { subsectionRemove } from './remove-pages.ts';
import {
  bootUsageKept,
  earlyMemmapWhole,
  memmapMatchesMap,
  pfnValidExact,
  usageLifetime,
  validNeedsUsage,
} from './section-state.ts';
import { queriesChangeNothing } from './steps.ts';
import {
  blockConsistency,
  exactShrink,
  failureChangesNothing,
  noUninitMemmapRead,
  removeRequiresOffline,
  validZonesAgree,
} from './blocks.ts';
import { nodeOnlineWhileUsed, nrZonesCovers } from './nodes.ts';
import { kernelOrdering, usageOutlivesValid, vmemmapNotToBuddy } from './ordering.ts';
import { altmapLifetime, vmemmapNotManaged } from './vmemmap.ts';
import { virtioMemPluggedAdded, virtioMemTowardRequest } from './virtio-mem.ts';
import { autoMovableRatio } from './auto-movable.ts';
import { driverManagedResource } from './driver-managed.ts';
import { nodeSpanHull, presentCountsOnline, spanCoversOnline, spanOrdering } from './zones.ts';
import { normalBeforeMovable, onlineTypeHonoured, shiftAtEdge } from './zone-order.ts';

/**
 * The invariants of the sparse layer alone (sections, sub-sections, usage, memmap,
 * queries): what the `sparse` property checks, where bare removes may take boot
 * memory away from under its memory blocks and the block and zone invariants do
 * not apply.
 */
export const SPARSE_INVARIANTS: readonly Invariant[] = [
  subsectionCollision,
  addPrefix,
  subsectionRemove,
  usageLifetime,
  bootUsageKept,
  validNeedsUsage,
  earlyMemmapWhole,
  pfnValidExact,
  memmapMatchesMap,
  queriesChangeNothing,
];

export const INVARIANTS: readonly Invariant[] = [
  ...SPARSE_INVARIANTS,
  spanOrdering,
  presentCountsOnline,
  spanCoversOnline,
  nodeSpanHull,
  blockConsistency,
  failureChangesNothing,
  removeRequiresOffline,
  noUninitMemmapRead,
  validZonesAgree,
  exactShrink,
  nodeOnlineWhileUsed,
  nrZonesCovers,
  kernelOrdering,
  usageOutlivesValid,
  onlineTypeHonoured,
  normalBeforeMovable,
  shiftAtEdge,
  vmemmapNotManaged,
  altmapLifetime,
  autoMovableRatio,
  vmemmapNotToBuddy,
  driverManagedResource,
  virtioMemTowardRequest,
  virtioMemPluggedAdded,
];

export function findInvariant(name: string): Invariant | undefined {
  return INVARIANTS.find((i) => i.name === name);
}
