/**
 * model/bug-reach.ts says where each bug switch can act. Every profile runs
 * the differential property with an empty switch set that records which
 * switches the implementations ask for: a switch never asked for on a
 * profile cannot act there, whatever it would do, so none may be asked for
 * outside its profiles. That each switch does act on its own profile is
 * test/checks/bug-switches.test.ts (caught there); here, that its own
 * profile is among the ones it is said to act on.
 */
import { describe, expect, it } from 'vitest';
import { SWITCH_REACH, switchActsOn } from '../../model/bug-reach.ts';
import { BUG_SWITCHES, type BugName } from '../../model/bugs.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import { findProperty } from '../../properties/catalogue.ts';
import { runProperty } from '../../properties/run-property.ts';

class AskedFor extends Set<BugName> {
  readonly asked = new Set<string>();
  override has(name: BugName): boolean {
    this.asked.add(name);
    return false;
  }
}

const askedOn = new Map<string, Set<string>>();
for (const profile of PROFILES) {
  const bugs = new AskedFor();
  runProperty({ profile, property: findProperty('differential')!, seed: 1, numRuns: 8, maxSteps: 40, bugs });
  askedOn.set(profile.name, bugs.asked);
}

describe('bug switch reach', () => {
  it('the recording reaches the switches at all', () => {
    const asked = new Set([...askedOn.values()].flatMap((s) => [...s]));
    expect(asked.size).toBeGreaterThan(BUG_SWITCHES.length / 2);
  });

  it.each(Object.keys(SWITCH_REACH))('%s is asked for only on the profiles where it acts', (name) => {
    const bug = name as BugName;
    const outside = PROFILES.filter((p) => !switchActsOn(bug, p) && askedOn.get(p.name)!.has(bug)).map((p) => p.name);
    expect(outside).toEqual([]);
  });

  it('a rule-override switch acts exactly where an override changes the profile\'s value', () => {
    const acts = (bug: BugName) => PROFILES.filter((p) => switchActsOn(bug, p)).map((p) => p.name);
    // v4.10 … v5.3 have offlineNode = scan already; every later profile has blocks
    expect(acts('offline-node-scan')).toEqual(PROFILES.slice(5).map((p) => p.name));
    // usageFree is invalidate-then-free on the section profiles and again on v5.10, v6.1 and from v6.9
    expect(acts('usage-freed-while-valid')).toEqual(['v4.10', 'v4.13', 'v4.14', 'v4.19', 'v5.10', 'v6.1', 'v6.9', 'v6.9-s390', 'v6.12', 'v7.3']);
    for (const bug of BUG_SWITCHES) if ('overrides' in bug) expect(switchActsOn(bug.name, PROFILES.find((p) => p.name === (bug.profile ?? 'v7.3'))!), bug.name).toBe(true);
  });

  it('names only real switches, each acting on at least its own profile', () => {
    for (const name of Object.keys(SWITCH_REACH)) {
      const bug = BUG_SWITCHES.find((b) => b.name === name);
      expect(bug, name).toBeDefined();
      const own = PROFILES.find((p) => p.name === ((bug as { profile?: string }).profile ?? 'v7.3'))!;
      expect(switchActsOn(bug!.name, own), name).toBe(true);
    }
  });
});
