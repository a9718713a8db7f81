/**
 * The rule catalogue, built from the profiles themselves: every rule key
 * path in the Profile structure (`sparse.hotplug`, `hotplug.shrinkAt`, …)
 * with the values the built-in profiles give it. It grows by itself as
 * profiles get new rules; patch profiles may only pick values from it.
 */
import type { Profile, Rule } from '../profile.ts';
import { PROFILES } from './index.ts';
import { PROPOSED_RULES } from './modern-rules.ts';

/** A rule value as JSON allows it in a patch file. */
export type RuleValue = string | number | boolean | null;

export interface CatalogueValue {
  readonly value: RuleValue;
  /** The rule as a built-in profile carries it (provenance and explanation). */
  readonly rule: Rule<unknown>;
  /** Built-in profiles with this value, oldest first. */
  readonly profiles: readonly string[];
}

export interface CatalogueEntry {
  readonly key: string;
  readonly values: readonly CatalogueValue[];
}

function isRule(x: unknown): x is Rule<unknown> {
  return typeof x === 'object' && x !== null && 'value' in x && 'since' in x && 'explain' in x;
}

function isRuleValue(v: unknown): v is RuleValue {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Every rule of a profile by key path, in the order of the Profile structure. */
export function rulesOf(profile: Profile): Array<[string, Rule<unknown>]> {
  const out: Array<[string, Rule<unknown>]> = [];
  const walk = (node: unknown, path: string[]): void => {
    if (isRule(node)) {
      out.push([path.join('.'), node]);
      return;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  // `defining` is a commit reference and `knownFindings` a list: neither is a rule.
  for (const [k, v] of Object.entries(profile)) if (k !== 'defining' && k !== 'knownFindings') walk(v, [k]);
  return out;
}

/**
 * `proposals` are values no built-in profile has (seed reviews' suggestions):
 * they join the key's values with no profile, so a patch file may pick them.
 */
export function ruleCatalogue(profiles: readonly Profile[] = PROFILES, proposals: ReadonlyArray<readonly [string, Rule<unknown>]> = PROPOSED_RULES): CatalogueEntry[] {
  const byKey = new Map<string, Map<string, { value: RuleValue; rule: Rule<unknown>; profiles: string[] }>>();
  for (const p of profiles) {
    for (const [key, rule] of rulesOf(p)) {
      if (!isRuleValue(rule.value)) continue;
      const values = byKey.get(key) ?? new Map();
      byKey.set(key, values);
      const id = JSON.stringify(rule.value);
      const known = values.get(id);
      if (known === undefined) values.set(id, { value: rule.value, rule, profiles: [p.name] });
      else known.profiles.push(p.name);
    }
  }
  for (const [key, rule] of proposals) {
    const values = byKey.get(key);
    if (values === undefined || !isRuleValue(rule.value)) continue;
    const id = JSON.stringify(rule.value);
    if (!values.has(id)) values.set(id, { value: rule.value, rule, profiles: [] });
  }
  return [...byKey.entries()].map(([key, values]) => ({ key, values: [...values.values()] }));
}
