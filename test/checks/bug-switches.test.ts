/**
 * Every check can fail: each bug switch, turned on in the optimized
 * implementation, is caught by the check it names, with that check alone
 * enabled, from the default seed. And every invariant has such a switch.
 */
import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../checks/invariants/index.ts';
import { BUG_SWITCHES, type BugSwitch } from '../../model/bugs.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { findProperty } from '../../properties/catalogue.ts';
import { explain, runFor } from '../helpers/property.ts';

const profileOf = (bug: BugSwitch) => findProfile(bug.profile ?? 'latest')!;

describe('bug switches are caught', () => {
  it.each(BUG_SWITCHES.map((b) => [b.name, b] as const))('%s', (_name, bug) => {
    const property = findProperty(bug.caughtBy);
    expect(property, `unknown check ${bug.caughtBy}`).toBeDefined();
    const r = runFor(profileOf(bug as BugSwitch), property!, { numRuns: 300, bugs: new Set([bug.name]) });
    expect(r.status, `${bug.name} was not caught by ${bug.caughtBy}`).toBe('failed');
    expect(r.crash, explain(r)).toBeUndefined();
    const checks = r.counterexample?.violations.map((v) => v.check) ?? [];
    expect(checks).toContain(bug.caughtBy);
  });

  it('the same properties pass without the switch', () => {
    for (const bug of BUG_SWITCHES) {
      const r = runFor(profileOf(bug as BugSwitch), findProperty(bug.caughtBy)!, { numRuns: 30 });
      expect(r.status, explain(r)).toBe('passed');
    }
  });
});

describe('every check has a bug switch that trips it', () => {
  it.each([...INVARIANTS.map((i) => i.name), 'differential'])('%s', (check) => {
    expect(BUG_SWITCHES.some((b) => b.caughtBy === check)).toBe(true);
  });
});
