/**
 * The profiles after v5.5 (docs/modern-profiles.md), each derived from the
 * profile it follows. Debian-named profiles (v5.10, v6.1, v6.12) and the
 * s390 ones branch off the mainline profile whose rules they carry.
 */
import type { CommitRef } from '../profile.ts';
import { derive } from './derive.ts';
import {
  AUTO_MOVABLE,
  HWPOISON_COUNTER,
  MEMMAP_FORCE,
  MEMMAP_ON_MEMORY,
  MEMMAP_PER_BLOCK,
  PHYS_ONLINE_RFC,
  PREPARE_ONLINE,
  S390_SYSFS_CONFIG,
} from './modern-commits.ts';
import {
  BARE_SUBSECTION_READS,
  DRIVER_MANAGED_KMEM,
  FALLBACK_CALLER,
  FALLBACK_CORE,
  HOLES_EINVAL,
  MEMMAP_5_12,
  MEMMAP_6_6,
  MEMMAP_6_7,
  ONLINE_PAGE_5_12,
  POISON_AGAIN_EHWPOISON,
  POISON_EHWPOISON,
  POLICY_AUTO_MOVABLE,
  REMOVE_ANY,
  REMOVE_ONE_BLOCK,
  S390_PREPARE,
  S390_RFC,
  S390_SYSFS,
  STATES_5_7,
  UNAVAILABLE_PAGE_RESERVED,
  VIRTIO_MEM_SB_MAX_ORDER,
  VIRTIO_MEM_SB_PAGEBLOCK,
  VIRTIO_MEM_UNPLUG_MOVABLE,
  VIRTIO_MEM_UNPLUG_ONLINE,
} from './modern-rules.ts';
import { UNINIT_READS_BEFORE_5_12, USAGE_FREE_AFTER_INVALID, USAGE_FREE_AFTER_INVALID_STABLE, USAGE_RACE_BEFORE_6_8 } from './rules.ts';
import { v5_5 } from './v5.5.ts';

/** A release defined by no modelled change of its own: the rules of `base` still hold. */
function unchangedSince(release: string, base: string): CommitRef {
  return {
    commit: release,
    title: `Linux ${release.slice(1)} (no modelled rule change since ${base})`,
    version: release,
    verified: `I: no change in the modelled paths found between ${base} and ${release}`,
  };
}

/** Debian 11's 5.10: v5.5 with c5e79ef561b0 (v5.6), 5f47adf762b7 (v5.7) and the stable backport of 5ec8e8ea8b77. */
export const v5_10 = derive(v5_5, {
  name: 'v5.10',
  summary: 'Debian 11: the v5.5 rules; no memmap_on_memory; memhp_default_state= takes every online type',
  defining: { ...v5_5.defining, commit: 'v5.10', title: 'Linux 5.10 (no hotplug rule change since v5.5 that the model sees)', version: 'v5.10', verified: 'I: no change in the modelled paths found between v5.5 and v5.10' },
  changes: { sparse: { usageFree: USAGE_FREE_AFTER_INVALID_STABLE }, hotplug: { offlineHoles: HOLES_EINVAL }, modern: { defaultOnlineStates: STATES_5_7, unavailableMemmap: UNAVAILABLE_PAGE_RESERVED, driverManaged: DRIVER_MANAGED_KMEM, virtioMemSubBlock: VIRTIO_MEM_SB_MAX_ORDER, virtioMemUnplug: VIRTIO_MEM_UNPLUG_ONLINE } },
  knownFindings: [UNINIT_READS_BEFORE_5_12],
});

/** Mainline v5.12 follows v5.5 directly: v5.10 is Debian's, with a stable backport v5.12 lacks. */
export const v5_12 = derive(v5_5, {
  name: 'v5.12',
  summary: 'memmap_on_memory (seed 003): one-block adds host their memmap',
  defining: MEMMAP_ON_MEMORY,
  changes: {
    hotplug: { offlineHoles: HOLES_EINVAL },
    modern: {
      defaultOnlineStates: STATES_5_7,
      unavailableMemmap: UNAVAILABLE_PAGE_RESERVED,
      driverManaged: DRIVER_MANAGED_KMEM,
      onlinePage: ONLINE_PAGE_5_12,
      memmapOnMemory: MEMMAP_5_12,
      memmapFallback: FALLBACK_CALLER,
      memmapRemove: REMOVE_ONE_BLOCK,
      virtioMemSubBlock: VIRTIO_MEM_SB_MAX_ORDER,
      virtioMemUnplug: VIRTIO_MEM_UNPLUG_ONLINE,
    },
  },
  knownFindings: [BARE_SUBSECTION_READS, USAGE_RACE_BEFORE_6_8],
});

export const v5_15 = derive(v5_12, {
  name: 'v5.15',
  summary: 'memory groups and online_policy=auto-movable (static groups)',
  defining: AUTO_MOVABLE,
  changes: { modern: { onlinePolicy: POLICY_AUTO_MOVABLE, hwpoisonAgain: POISON_AGAIN_EHWPOISON, virtioMemUnplug: VIRTIO_MEM_UNPLUG_MOVABLE } },
});

/** Debian 12's 6.1: the v5.15 rules with the stable backport of 5ec8e8ea8b77. */
export const v6_1 = derive(v5_15, {
  name: 'v6.1',
  summary: 'Debian 12: the v5.15 rules',
  defining: unchangedSince('v6.1', 'v5.15'),
  changes: { sparse: { usageFree: USAGE_FREE_AFTER_INVALID_STABLE }, modern: { virtioMemSubBlock: VIRTIO_MEM_SB_PAGEBLOCK } },
  knownFindings: [BARE_SUBSECTION_READS],
});

export const v6_5 = derive(v5_15, {
  name: 'v6.5',
  summary: 'online of a block with hwpoisoned pages is -EHWPOISON',
  defining: HWPOISON_COUNTER,
  changes: { modern: { hwpoisonOnline: POISON_EHWPOISON, virtioMemSubBlock: VIRTIO_MEM_SB_PAGEBLOCK } },
});

export const v6_6 = derive(v6_5, {
  name: 'v6.6',
  summary: 'memmap_on_memory=force and silent fallback; the altmap lives in the block',
  defining: MEMMAP_FORCE,
  changes: { modern: { memmapOnMemory: MEMMAP_6_6, memmapFallback: FALLBACK_CORE } },
});

export const v6_7 = derive(v6_6, {
  name: 'v6.7',
  summary: 'memmap_on_memory per block for multi-block adds; remove granularity rule lifted',
  defining: MEMMAP_PER_BLOCK,
  changes: { modern: { memmapOnMemory: MEMMAP_6_7, memmapRemove: REMOVE_ANY } },
});

/** With 5ec8e8ea8b77 (v6.8), which no profile of its own carries. */
export const v6_9 = derive(v6_7, {
  name: 'v6.9',
  summary: 'MEM_PREPARE_ONLINE / MEM_FINISH_OFFLINE notifier events; MHP_OFFLINE_INACCESSIBLE',
  defining: PREPARE_ONLINE,
  changes: { sparse: { usageFree: USAGE_FREE_AFTER_INVALID }, modern: { s390Online: S390_PREPARE } },
  knownFindings: [BARE_SUBSECTION_READS],
});

/** The v6.9 rules on s390: the same kernel, exercised with standby memory. */
export const v6_9_s390 = derive(v6_9, {
  name: 'v6.9-s390',
  summary: 'v6.9 as s390 uses it: standby memory with an inaccessible altmap (seed 004 as merged)',
  defining: PREPARE_ONLINE,
  changes: {},
});

/** Seed 004's proposal was posted against v6.7's rules. */
export const v6_9_s390_rfc = derive(v6_7, {
  name: 'v6.9-s390-rfc',
  summary: "seed 004's original MEM_PHYS_ONLINE / MEM_PHYS_OFFLINE proposal: standby sections added at online, removed at offline",
  defining: PHYS_ONLINE_RFC,
  changes: { modern: { s390Online: S390_RFC } },
});

/** Debian 13's 6.12. */
export const v6_12 = derive(v6_9, {
  name: 'v6.12',
  summary: 'Debian 13: the v6.9 rules',
  defining: unchangedSince('v6.12', 'v6.9'),
  changes: {},
});

export const v7_3 = derive(v6_12, {
  name: 'v7.3',
  summary: 'MEM_PREPARE_ONLINE / MEM_FINISH_OFFLINE removed (v6.19); s390 configures memory through sysfs',
  defining: S390_SYSFS_CONFIG,
  changes: { modern: { s390Online: S390_SYSFS } },
});

/** Oldest first. */
export const MODERN_PROFILES = [v5_10, v5_12, v5_15, v6_1, v6_5, v6_6, v6_7, v6_9, v6_9_s390, v6_9_s390_rfc, v6_12, v7_3] as const;
