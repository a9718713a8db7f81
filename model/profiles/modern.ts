/** The profiles after v5.5 (docs/modern-profiles.md): the v5.5 sparse and zone rules plus ModernRules. */
import type { CommitRef, ModernRules, Profile } from '../profile.ts';
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
  MODERN_5_10,
  MODERN_5_12,
  MODERN_5_15,
  MODERN_6_19,
  MODERN_6_5,
  MODERN_6_6,
  MODERN_6_7,
  MODERN_6_9,
  MODERN_6_9_RFC,
  BARE_SUBSECTION_READS,
  HOTPLUG_5_6,
} from './modern-rules.ts';
import {
  ADDRESSABLE_CHECK_E2BIG,
  PFNS_LOOP,
  REMOVE_WARN,
  SUBSECTION_ADD,
  UNINIT_READS_BEFORE_5_12,
  USAGE_FREE_AFTER_INVALID,
  USAGE_FREE_AFTER_INVALID_STABLE,
  USAGE_FREE_FIRST,
  USAGE_RACE_BEFORE_6_8,
} from './rules.ts';
import { v5_5 } from './v5.5.ts';

type UsageFree = Profile['sparse']['usageFree'];

function modern(name: string, summary: string, defining: Profile['defining'], rules: ModernRules, usageFree: UsageFree, before512 = false): Profile {
  const reads = before512 ? UNINIT_READS_BEFORE_5_12 : BARE_SUBSECTION_READS;
  return {
    name,
    summary,
    defining,
    sparse: { hotplug: SUBSECTION_ADD, addLoop: PFNS_LOOP, addressCheck: ADDRESSABLE_CHECK_E2BIG, removeInvalid: REMOVE_WARN, usageFree },
    hotplug: HOTPLUG_5_6,
    knownFindings: usageFree.value === 'free-then-invalidate' ? [reads, USAGE_RACE_BEFORE_6_8] : [reads],
    modern: rules,
  };
}

export const v5_10 = modern(
  'v5.10',
  'Debian 11: the v5.5 rules; no memmap_on_memory; memhp_default_state= takes every online type',
  { ...v5_5.defining, commit: 'v5.10', title: 'Linux 5.10 (no hotplug rule change since v5.5 that the model sees)', version: 'v5.10', verified: 'I: no change in the modelled paths found between v5.5 and v5.10' },
  MODERN_5_10,
  USAGE_FREE_AFTER_INVALID_STABLE,
  true,
);
/** A release defined by no modelled change of its own: the rules of `base` still hold. */
function unchangedSince(release: string, base: string): CommitRef {
  return {
    commit: release,
    title: `Linux ${release.slice(1)} (no modelled rule change since ${base})`,
    version: release,
    verified: `I: no change in the modelled paths found between ${base} and ${release}`,
  };
}

export const v5_12 = modern('v5.12', 'memmap_on_memory (seed 003): one-block adds host their memmap', MEMMAP_ON_MEMORY, MODERN_5_12, USAGE_FREE_FIRST);
export const v5_15 = modern('v5.15', 'memory groups and online_policy=auto-movable (static groups)', AUTO_MOVABLE, MODERN_5_15, USAGE_FREE_FIRST);
export const v6_1 = modern(
  'v6.1',
  'Debian 12: the v5.15 rules',
  unchangedSince('v6.1', 'v5.15'),
  MODERN_5_15,
  USAGE_FREE_AFTER_INVALID_STABLE,
);
export const v6_5 = modern('v6.5', 'online of a block with hwpoisoned pages is -EHWPOISON', HWPOISON_COUNTER, MODERN_6_5, USAGE_FREE_FIRST);
export const v6_6 = modern('v6.6', 'memmap_on_memory=force and silent fallback; the altmap lives in the block', MEMMAP_FORCE, MODERN_6_6, USAGE_FREE_FIRST);
export const v6_7 = modern('v6.7', 'memmap_on_memory per block for multi-block adds; remove granularity rule lifted', MEMMAP_PER_BLOCK, MODERN_6_7, USAGE_FREE_FIRST);
export const v6_9 = modern('v6.9', 'MEM_PREPARE_ONLINE / MEM_FINISH_OFFLINE notifier events; MHP_OFFLINE_INACCESSIBLE', PREPARE_ONLINE, MODERN_6_9, USAGE_FREE_AFTER_INVALID);
export const v6_9_s390 = modern('v6.9-s390', 'v6.9 as s390 uses it: standby memory with an inaccessible altmap (seed 004 as merged)', PREPARE_ONLINE, MODERN_6_9, USAGE_FREE_AFTER_INVALID);
export const v6_9_s390_rfc = modern('v6.9-s390-rfc', "seed 004's original MEM_PHYS_ONLINE / MEM_PHYS_OFFLINE proposal: standby sections added at online, removed at offline", PHYS_ONLINE_RFC, MODERN_6_9_RFC, USAGE_FREE_FIRST);
export const v6_12 = modern(
  'v6.12',
  'Debian 13: the v6.9 rules',
  unchangedSince('v6.12', 'v6.9'),
  MODERN_6_9,
  USAGE_FREE_AFTER_INVALID,
);
export const v7_3 = modern('v7.3', 'MEM_PREPARE_ONLINE / MEM_FINISH_OFFLINE removed (v6.19); s390 configures memory through sysfs', S390_SYSFS_CONFIG, MODERN_6_19, USAGE_FREE_AFTER_INVALID);

/** Oldest first. */
export const MODERN_PROFILES: readonly Profile[] = [v5_10, v5_12, v5_15, v6_1, v6_5, v6_6, v6_7, v6_9, v6_9_s390, v6_9_s390_rfc, v6_12, v7_3];
