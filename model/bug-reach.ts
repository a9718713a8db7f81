/**
 * Which profiles a bug switch can act on. A switch with rule overrides
 * (model/bugs.ts) acts where an override changes the profile's value. The
 * optimized implementation asks for any other switch (ctx.bugs.has) only on
 * a code path that some profile rules select; under other rule values the
 * switch is never asked for, so turning it on changes nothing. A switch
 * listed here acts only where `acts` holds; a switch not listed is asked for
 * on paths every profile takes.
 * test/checks/bug-reach.test.ts runs every profile with a recording switch
 * set and checks that no switch is asked for outside its profiles.
 */
import { BUG_SWITCHES, type BugName, type BugSwitch } from './bugs.ts';
import { ruleValues, type Profile, type RuleValues } from './profile.ts';

export interface SwitchReach {
  /** The rule values it needs, as `memhp profiles --explain` names them. */
  readonly when: string;
  readonly acts: (p: Profile) => boolean;
}

const shift: SwitchReach = { when: 'hotplug.onlineZone = shift', acts: (p) => p.hotplug.onlineZone.value === 'shift' };
const allow: SwitchReach = { when: 'hotplug.onlineZone = allow-online-pfn-range', acts: (p) => p.hotplug.onlineZone.value === 'allow-online-pfn-range' };
const zoneForPfnRange: SwitchReach = { when: 'hotplug.onlineZone = zone-for-pfn-range', acts: (p) => p.hotplug.onlineZone.value === 'zone-for-pfn-range' };
const policies: SwitchReach = {
  when: 'modern.onlinePolicy = policies',
  acts: (p) => p.hotplug.onlineZone.value === 'zone-for-pfn-range' && p.modern.onlinePolicy.value === 'policies',
};
const shrinkAtOffline: SwitchReach = { when: 'hotplug.shrinkAt = offline', acts: (p) => p.hotplug.shrinkAt.value === 'offline' };
const memmapOnMemory: SwitchReach = { when: 'modern.memmapOnMemory ≠ none', acts: (p) => p.modern.memmapOnMemory.value !== 'none' };
const onlinePage: SwitchReach = { when: 'modern.onlinePage = subsection-and-pgmap', acts: (p) => p.modern.onlinePage.value === 'subsection-and-pgmap' };

export const SWITCH_REACH: Readonly<Partial<Record<BugName, SwitchReach>>> = {
  // zone_can_shift() and the move_pfn_range_*() helpers exist only under the v4.10 zone rule
  'zone-can-shift-int': shift,
  'shift-keeps-old-span': shift,
  'shift-any-block': shift,
  'movable-below-normal': allow,
  'valid-zones-ignores-allow': allow,
  'valid-zones-order': zoneForPfnRange,
  'zone-intersects-end': zoneForPfnRange,
  'movable-node-ignored': zoneForPfnRange,
  'auto-movable-all-kernel-pages': policies,
  'dynamic-groups-ignored': policies,
  'dynamic-group-needs-ignored': policies,
  // half of a later rule turned back (model/bugs.ts says why each is a mistake, not a rule)
  'no-shrink-on-offline': shrinkAtOffline,
  'shrink-at-remove': shrinkAtOffline,
  'remove-reads-zone': shrinkAtOffline,
  'swallow-eexist': { when: 'sparse.hotplug = subsection', acts: (p) => p.sparse.hotplug.value === 'subsection' },
  'online-page-any-subsection': onlinePage,
  'online-page-device': onlinePage,
  // a self-hosted memmap (altmap) exists only with memmap_on_memory
  'vmemmap-to-buddy': memmapOnMemory,
  'vmemmap-flags-before-init': memmapOnMemory,
  'altmap-leak': memmapOnMemory,
  'add-error-drops-altmap': { when: 'modern.memmapOnMemory = one-block or one-block-force', acts: (p) => ['one-block', 'one-block-force'].includes(p.modern.memmapOnMemory.value) },
  'block-error-drops-altmap': { when: 'modern.memmapOnMemory = per-block', acts: (p) => p.modern.memmapOnMemory.value === 'per-block' },
  // the "System RAM (kmem)" name exists from v5.8; before it the driver's add is add_memory()
  'kmem-plain-system-ram': { when: 'modern.driverManaged = system-ram-kmem', acts: (p) => p.modern.driverManaged.value === 'system-ram-kmem' },
};

function overridesOf(name: BugName): Partial<RuleValues> | undefined {
  return (BUG_SWITCHES as readonly BugSwitch[]).find((b) => b.name === name)?.overrides;
}

/** The rule key (`hotplug.offlineNode`) of a flat rule name, as `memhp profiles --explain` prints it. */
function ruleKey(profile: Profile, name: string): string {
  const group = (['sparse', 'hotplug', 'modern'] as const).find((g) => name in profile[g]);
  return group === undefined ? name : `${group}.${name}`;
}

/** Where a switch acts, in the words of the rules: what `--inject` says when it cannot act. */
export function switchNeeds(name: BugName, profile: Profile): string {
  const overrides = overridesOf(name);
  if (overrides === undefined) return SWITCH_REACH[name]?.when ?? 'another profile';
  return Object.entries(overrides)
    .map(([rule, value]) => `${ruleKey(profile, rule)} ≠ ${String(value)}`)
    .join(' or ');
}

export function switchActsOn(name: BugName, profile: Profile): boolean {
  const overrides = overridesOf(name);
  if (overrides === undefined) return SWITCH_REACH[name]?.acts(profile) ?? true;
  const values: Readonly<Record<string, unknown>> = ruleValues(profile);
  return Object.entries(overrides).some(([rule, value]) => values[rule] !== value);
}
