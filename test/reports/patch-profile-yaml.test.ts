/** Patch profiles in YAML, and proposal values (seed 003's `normal`, docs/seeds.md) that no release carries. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../base/usage-error.ts';
import { parsePatchProfile } from '../../engine/patch-profile.ts';
import { ruleCatalogue } from '../../model/profiles/catalogue.ts';
import { findProfile } from '../../model/profiles/index.ts';

describe('YAML patch profiles', () => {
  it('read as the same patch as the JSON spelling', () => {
    const yaml = parsePatchProfile('name: p\nbase: v6.1\nrules:\n  modern.vmemmapZone: normal\n', 'p.yaml');
    const json = parsePatchProfile(JSON.stringify({ name: 'p', base: 'v6.1', rules: { 'modern.vmemmapZone': 'normal' } }), 'p.json');
    expect(yaml.modern.vmemmapZone.value).toBe('normal');
    expect(yaml).toEqual({ ...json, defining: { ...json.defining, verified: 'I: patch profile p.yaml' }, modern: { ...json.modern, vmemmapZone: { ...json.modern.vmemmapZone, since: { ...json.modern.vmemmapZone.since, verified: 'I: patch profile p.yaml' } } } });
  });

  it('reject bad YAML, duplicate keys and bad values in one line', () => {
    const bad: Array<[string, string, RegExp]> = [
      ['f.yaml', 'name: x\nbase: v6.1\nrules: {a: [\n', /^f\.yaml: not YAML \([^\n]+\)$/],
      ['f.yml', 'name: x\nname: y\nbase: v6.1\nrules: {}\n', /^f\.yml: not YAML \(Map keys must be unique\)$/],
      ['f.yaml', 'name: x\nbase: v6.1\nrules:\n  modern.vmemmapZone: sideways\n', /^f\.yaml: rules\["modern\.vmemmapZone"\]: "sideways" is not a value of modern\.vmemmapZone \(allowed: "block", "normal"\)$/],
      ['f.yaml', '- a\n- b\n', /^f\.yaml: \(top level\): /],
    ];
    for (const [file, text, re] of bad) {
      let err: unknown;
      try {
        parsePatchProfile(text, file);
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(re);
    }
  });
});

describe('proposal values', () => {
  it("seed 003's `normal` is a value of modern.vmemmapZone that no built-in profile has", () => {
    const entry = ruleCatalogue().find((c) => c.key === 'modern.vmemmapZone')!;
    expect(entry.values.map((v) => [v.value, v.profiles.length > 0])).toEqual([
      ['block', true],
      ['normal', false],
    ]);
    expect(findProfile('v6.1')!.modern.vmemmapZone.value).toBe('block');
  });

  it('every base carries every rule, so an old base takes it too', () => {
    const p = parsePatchProfile(JSON.stringify({ name: 'p', base: 'v5.5', rules: { 'modern.vmemmapZone': 'normal' } }), 'p.json');
    expect(p.modern.vmemmapZone.value).toBe('normal');
    expect(p.derivedFrom).toBe('v5.5');
  });
});
