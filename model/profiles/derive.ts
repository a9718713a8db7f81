/**
 * Profiles as a chain of kernel changes: the oldest profile gives every rule,
 * each later one names the profile it follows, the commit it is named for and
 * only the rules that change. The chain is the changelog that
 * `memhp profiles --explain` and `memhp diff --chain` read.
 */
import type { CommitRef, HotplugRules, KnownFinding, ModernRules, Profile, Rule, Rules, SparseRules } from '../profile.ts';

/** The rules a kernel change gives new values, by group. */
export interface RuleChanges {
  readonly sparse?: Partial<SparseRules>;
  readonly hotplug?: Partial<HotplugRules>;
  readonly modern?: Partial<ModernRules>;
}

export interface ProfileStep {
  readonly name: string;
  readonly formerName?: string;
  readonly summary: string;
  /** The commit the profile is named for. */
  readonly defining: CommitRef;
  readonly changes: RuleChanges;
  /** The profile's known findings; absent: those of the previous profile. */
  readonly knownFindings?: readonly KnownFinding[];
}

/** One rule a step changed: its key path (`hotplug.shrinkAt`), the old rule and the new. */
export interface RuleChange {
  readonly key: string;
  readonly from: Rule<unknown>;
  readonly to: Rule<unknown>;
}

const GROUPS = ['sparse', 'hotplug', 'modern'] as const satisfies ReadonlyArray<keyof Rules>;

/** The profile `step` makes of `previous`. */
export function derive(previous: Profile, step: ProfileStep): Profile {
  return {
    name: step.name,
    ...(step.formerName === undefined ? {} : { formerName: step.formerName }),
    summary: step.summary,
    defining: step.defining,
    derivedFrom: previous.name,
    sparse: { ...previous.sparse, ...step.changes.sparse },
    hotplug: { ...previous.hotplug, ...step.changes.hotplug },
    modern: { ...previous.modern, ...step.changes.modern },
    knownFindings: step.knownFindings ?? previous.knownFindings,
  };
}

/** The rules whose values differ between two profiles, in the order of the Rules groups. */
export function ruleChanges(from: Rules, to: Rules): RuleChange[] {
  const out: RuleChange[] = [];
  for (const group of GROUPS) {
    const a = from[group] as unknown as Readonly<Record<string, Rule<unknown>>>;
    const b = to[group] as unknown as Readonly<Record<string, Rule<unknown>>>;
    for (const [name, rule] of Object.entries(b)) {
      const old = a[name];
      if (old === undefined || JSON.stringify(old.value) !== JSON.stringify(rule.value)) out.push({ key: `${group}.${name}`, from: old ?? rule, to: rule });
    }
  }
  return out;
}

/** One line for a rule change: `hotplug.shrinkAt: "remove" → "offline" (feee6b298916, v5.5)`. */
export function describeRuleChange(c: RuleChange): string {
  return `${c.key}: ${JSON.stringify(c.from.value)} → ${JSON.stringify(c.to.value)} (${c.to.since.commit}, ${c.to.since.version})`;
}
