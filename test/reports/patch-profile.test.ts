/** The rule catalogue and patch profiles built on it. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../base/usage-error.ts';
import { parsePatchProfile } from '../../engine/patch-profile.ts';
import type { Profile } from '../../model/profile.ts';
import { ruleCatalogue, rulesOf } from '../../model/profiles/catalogue.ts';
import { PROFILES, findProfile } from '../../model/profiles/index.ts';

const v5_5 = findProfile('v5.5')!;

describe('rule catalogue', () => {
  it('lists every rule key of the profiles, with the values they use', () => {
    const cat = ruleCatalogue();
    const keys = cat.map((c) => c.key);
    for (const p of PROFILES) for (const [key] of rulesOf(p)) expect(keys).toContain(key);
    // Spans shrink at hot-remove before v5.5 and at offline from v5.5 (seed 001, docs/seeds.md).
    const shrink = cat.find((c) => c.key === 'hotplug.shrinkAt')!;
    expect(shrink.values.map((v) => v.value).sort()).toEqual(['offline', 'remove']);
    expect(shrink.values.find((v) => v.value === 'offline')!.profiles).toContain('v5.5');
    expect(shrink.values.find((v) => v.value === 'remove')!.profiles).toContain('v4.19');
  });

  it('grows with the profiles: a new rule in some profile becomes a key', () => {
    const extra = { ...v5_5, name: 'x', hotplug: { ...v5_5.hotplug, newRule: { value: 'b', since: v5_5.defining, explain: 'test' } } } as unknown as Profile;
    const cat = ruleCatalogue([v5_5, extra]);
    expect(cat.find((c) => c.key === 'hotplug.newRule')?.values.map((v) => v.value)).toEqual(['b']);
  });
});

describe('patch profiles', () => {
  it('override one rule of the base, keep the others, and carry the patch as provenance', () => {
    const p = parsePatchProfile(JSON.stringify({ name: 'mine', base: 'v5.5', rules: { 'hotplug.shrinkAt': 'remove' }, description: 'shrink at remove' }), 'mine.json');
    expect(p.name).toBe('mine');
    expect(p.hotplug.shrinkAt.value).toBe('remove');
    expect(p.hotplug.shrinkAt.since.commit).toBe('patch mine');
    expect(p.hotplug.failedOnline).toBe(v5_5.hotplug.failedOnline);
    expect(p.sparse).toBe(v5_5.sparse);
    // The base is untouched.
    expect(v5_5.hotplug.shrinkAt.value).toBe('offline');
  });

  it('reject bad files with one line naming the JSON path', () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ name: 'p', base: 'v5.5', rules: { 'hotplug.shrinkAt': 'sometimes' } }, /^f\.json: rules\["hotplug\.shrinkAt"\]: "sometimes" is not a value of hotplug\.shrinkAt \(allowed: "remove", "offline"\)$/],
      [{ name: 'p', base: 'v5.5', rules: { 'hotplug.shrinkat': 'remove' } }, /^f\.json: rules\["hotplug\.shrinkat"\]: unknown rule key \(known: .*hotplug\.shrinkAt.*\)$/],
      [{ name: 'p', base: 'v9.9', rules: {} }, /^f\.json: base: unknown profile "v9\.9"/],
      [{ name: 'p', base: 'v5.5', rules: { 'sparse.hotplug': 3 } }, /^f\.json: rules\["sparse\.hotplug"\]: 3 is not a value/],
      [{ name: 'p q', base: 'v5.5', rules: {} }, /^f\.json: name: /],
      [{ name: 'v5.3', base: 'v5.5', rules: {} }, /^f\.json: name: "v5\.3" is a built-in profile/],
      [{ name: 'p', base: 'v5.5' }, /^f\.json: rules: /],
      [{ name: 'p', base: 'v5.5', rules: {}, extra: 1 }, /^f\.json: (\(top level\)|extra): /],
      [[1], /^f\.json: \(top level\): /],
    ];
    for (const [content, message] of bad) {
      expect(() => parsePatchProfile(JSON.stringify(content), 'f.json'), JSON.stringify(content)).toThrow(UsageError);
      expect(() => parsePatchProfile(JSON.stringify(content), 'f.json'), JSON.stringify(content)).toThrow(message);
    }
    expect(() => parsePatchProfile('{"name": ', 'f.json')).toThrow(/^f\.json: not JSON/);
  });
});
