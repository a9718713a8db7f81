/** Bug switches are of two kinds (model/bugs.ts): older rule values given to the optimized implementation, or coding mistakes. */
import { describe, expect, it } from 'vitest';
import { refuseInertSwitches } from '../../cli/inject-reach.ts';
import { switchActsOn, switchNeeds } from '../../model/bug-reach.ts';
import { BUG_SWITCHES, withOverrides, type BugName, type BugSwitch } from '../../model/bugs.ts';
import { ruleValues } from '../../model/profile.ts';
import { findProfile } from '../../model/profiles/index.ts';

const switches: readonly BugSwitch[] = BUG_SWITCHES;

describe('bug switches', () => {
  it('each is either a rule override or a mistake with its reason, never both', () => {
    for (const b of switches) {
      expect((b.overrides === undefined) !== (b.mistake === undefined), b.name).toBe(true);
      if (b.mistake !== undefined) expect(b.mistake.length, b.name).toBeGreaterThan(10);
    }
  });

  it('the override switches are the five that turn a v5.5-era rule back', () => {
    expect(switches.filter((b) => b.overrides !== undefined).map((b) => b.name)).toEqual([
      'online-ignores-veto-rollback',
      'shrink-reads-offline',
      'offline-node-scan',
      'usage-freed-while-valid',
      'memory-failure-pfn-valid',
    ]);
  });

  it('an override gives the rule the value of an older profile and leaves the others', () => {
    const v55 = ruleValues(findProfile('v5.5')!);
    const bugs = new Set<BugName>(['offline-node-scan', 'memory-failure-pfn-valid', 'valid-after-empty']);
    const r = withOverrides(v55, bugs);
    expect(r.offlineNode).toBe('scan');
    expect(r.memoryFailure).toBe('pfn_valid');
    expect({ ...r, offlineNode: v55.offlineNode, memoryFailure: v55.memoryFailure }).toEqual(v55);
    expect(ruleValues(findProfile('v5.3')!).offlineNode).toBe('scan');
    expect(withOverrides(v55, new Set())).toBe(v55);
  });
});

describe('--inject reach of an override switch', () => {
  it('is refused where the profile already has the older value, naming the rule', () => {
    const v53 = findProfile('v5.3')!;
    expect(switchActsOn('offline-node-scan', v53)).toBe(false);
    expect(switchActsOn('offline-node-scan', findProfile('v5.5')!)).toBe(true);
    expect(switchNeeds('offline-node-scan', v53)).toBe('hotplug.offlineNode ≠ scan');
    expect(() => refuseInertSwitches(new Set<BugName>(['memory-failure-pfn-valid']), [v53])).toThrow(
      /^--inject memory-failure-pfn-valid cannot act on v5\.3 \(it needs hotplug\.memoryFailure ≠ pfn_valid\): give --profile v5\.5 or v5\.10 or /,
    );
  });
});
