/** The Rules type, its flat RuleValues, and the profiles as a chain of kernel changes (model/profiles/derive.ts). */
import { describe, expect, it } from 'vitest';
import { ruleValues } from '../../model/profile.ts';
import { derive, ruleChanges } from '../../model/profiles/derive.ts';
import { findProfile, PROFILES } from '../../model/profiles/index.ts';

describe('rules', () => {
  it('every profile gives every rule of every group, and rule names are unique across groups', () => {
    const names = (g: object): string[] => Object.keys(g);
    const base = PROFILES[0]!;
    const all = [...names(base.sparse), ...names(base.hotplug), ...names(base.modern)];
    expect(new Set(all).size).toBe(all.length);
    for (const p of PROFILES) {
      expect(names(p.sparse), p.name).toEqual(names(base.sparse));
      expect(names(p.hotplug), p.name).toEqual(names(base.hotplug));
      expect(names(p.modern), p.name).toEqual(names(base.modern));
    }
  });

  it('ruleValues flattens the values, without provenance', () => {
    const v = ruleValues(findProfile('v5.5')!);
    expect(v.hotplug).toBe('subsection');
    expect(v.shrinkAt).toBe('offline');
    expect(v.memmapOnMemory).toBe('none');
    expect(v.defaultOnlineStates).toBe('offline online');
    expect(ruleValues(findProfile('v6.7')!).memmapOnMemory).toBe('per-block');
    expect(Object.keys(v)).toHaveLength(28);
  });
});

describe('the profile chain', () => {
  it('starts at v4.10 and every other profile derives from an earlier one in the catalogue', () => {
    expect(PROFILES[0]!.name).toBe('v4.10');
    expect(PROFILES[0]!.derivedFrom).toBeUndefined();
    PROFILES.slice(1).forEach((p, i) => {
      const at = PROFILES.findIndex((q) => q.name === p.derivedFrom);
      expect(at, p.name).toBeGreaterThanOrEqual(0);
      expect(at, p.name).toBeLessThanOrEqual(i);
    });
  });

  it('derive changes only the rules it is given and keeps the findings unless told', () => {
    const v55 = findProfile('v5.5')!;
    const v53 = findProfile('v5.3')!;
    const p = derive(v55, { name: 'x', summary: 's', defining: v55.defining, changes: { hotplug: { shrinkAt: v53.hotplug.shrinkAt } } });
    expect(p.derivedFrom).toBe('v5.5');
    expect(p.knownFindings).toBe(v55.knownFindings);
    expect(ruleChanges(v55, p).map((c) => `${c.key} ${String(c.from.value)}→${String(c.to.value)}`)).toEqual(['hotplug.shrinkAt offline→remove']);
  });

  it('names the rule changes of each step, and none for a profile equal to its predecessor', () => {
    const step = (name: string): string[] => {
      const p = findProfile(name)!;
      return ruleChanges(findProfile(p.derivedFrom!)!, p).map((c) => c.key);
    };
    expect(step('v4.13')).toEqual(['hotplug.zoneAtAdd', 'hotplug.onlineZone']);
    expect(step('v6.7')).toEqual(['modern.memmapOnMemory', 'modern.memmapRemove']);
    expect(step('v6.12')).toEqual([]);
    expect(step('v6.9-s390')).toEqual([]);
    expect(findProfile('v6.9-s390-rfc')!.derivedFrom).toBe('v6.7');
    expect(findProfile('v5.10')!.derivedFrom).toBe('v5.5');
  });
});
