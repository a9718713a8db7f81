/**
 * Judges each difference between the base and the patched kernel:
 *
 * - *predicted*: the model (reference implementation) run on the same item
 *   under the base's profile and under the patched kernel's profile differs
 *   at that step in the same item (answer, block or zone line) too; the
 *   rules named are those whose patched value alone, set on the base
 *   profile, changes that item — or every changed rule when only their
 *   combination does;
 * - *nondeterministic*: at or after a step where the kernels' outcomes are
 *   an "either of these" of oracle/nondeterminism.ts (one kernel took the
 *   declared alternative of the other's answer), or where either kernel took
 *   an outcome that depends on its own allocations (an offline or eject
 *   refused -EBUSY);
 * - *new semantics*: neither — the patch changes what user space sees in a
 *   way the profiles do not say: what a reviewer must look at.
 *
 * The model traces run freely (oracle/kernel-diff-predict.ts's modelTrace),
 * so after a nondeterministic step they no longer follow the kernels; the
 * order of the verdicts (predicted first) is kernel-diff-predict's.
 */
import { withRule } from '../../engine/patch-profile.ts';
import type { Profile, Rule } from '../../model/profile.ts';
import { describeRuleChange, ruleChanges } from '../../model/profiles/derive.ts';
import type { Step } from '../../model/step.ts';
import { compareRecord } from '../compare.ts';
import type { GuestState } from '../guest-state.ts';
import { modelTrace, type Trace } from '../kernel-diff-predict.ts';
import { LATITUDES, latitudeFor } from '../nondeterminism.ts';
import type { RecordLike } from '../record.ts';
import type { StepDifference } from './differences.ts';

export type AuditVerdict = 'predicted' | 'nondeterministic' | 'new semantics';

/** Most serious first: what a changelog entry of several occurrences is called. */
export const VERDICT_ORDER: readonly AuditVerdict[] = ['new semantics', 'predicted', 'nondeterministic'];

export interface JudgedDifference extends StepDifference {
  readonly verdict: AuditVerdict;
  /** predicted: the rule changes that explain it (`key: old → new (commit, version)`). */
  readonly rules: readonly string[];
  /** predicted: true when no single rule does, only the changed rules together. */
  readonly together?: boolean;
  /** predicted: what the model answers (or shows) under the two profiles. */
  readonly model?: { readonly base: string; readonly patched: string };
  /** nondeterministic: the declared outcome and the step it was taken at. */
  readonly latitude?: { readonly id: string; readonly step: number };
}

export interface ProfilePair {
  readonly base: Profile;
  readonly patched: Profile;
}

export interface RuleChange {
  readonly key: string;
  readonly text: string;
  /** The patched rule (set on the base alone, to see which change explains a difference). */
  readonly rule: Rule<unknown>;
}

/** Every rule whose value differs between the two profiles, with the patched rule's commit. */
export function changedRules(p: ProfilePair): RuleChange[] {
  return ruleChanges(p.base, p.patched).map((c) => ({ key: c.key, text: describeRuleChange(c), rule: c.to }));
}

/** The state before step i (0-based) of a run: the last one read. */
function stateBefore(r: RecordLike, i: number): GuestState {
  for (let j = i - 1; j >= 0; j--) {
    const s = r.steps[j]?.state;
    if (s !== undefined) return s;
  }
  return r.initial;
}

/** The first step (1-based) from which the two runs may differ by nondeterminism alone, and why. */
export function firstLoose(steps: readonly Step[], a: RecordLike, b: RecordLike, p: ProfilePair): { id: string; step: number } | undefined {
  const candidates: Array<{ id: string; step: number }> = [];
  const allocationDependent = new Set(LATITUDES.filter((l) => l.dependsOnAllocations === true).map((l) => l.id));
  for (const [r, profile] of [[a, p.base], [b, p.patched]] as const) {
    for (const row of compareRecord(r, profile).rows) {
      if (row.latitude !== undefined && allocationDependent.has(row.latitude)) candidates.push({ id: row.latitude, step: row.step });
    }
  }
  steps.forEach((step, i) => {
    const x = a.steps[i]?.answer;
    const y = b.steps[i]?.answer;
    if (x === undefined || y === undefined || x === y) return;
    const l = latitudeFor(step, x, y, stateBefore(b, i)) ?? latitudeFor(step, y, x, stateBefore(a, i));
    if (l !== undefined) candidates.push({ id: l.id, step: i + 1 });
  });
  return candidates.sort((x, y) => x.step - y.step)[0];
}

/** Judges the differences of one item (`a` on the base kernel, `b` on the patched one, same source). */
export function judgeRun(steps: readonly Step[], a: RecordLike, b: RecordLike, diffs: readonly StepDifference[], p: ProfilePair): JudgedDifference[] {
  if (diffs.length === 0) return [];
  const ta = modelTrace(a, p.base);
  const tb = modelTrace(a, p.patched);
  const loose = firstLoose(steps, a, b, p);
  const changes = changedRules(p);
  const single = new Map<string, Trace>();
  const traceWith = (c: RuleChange): Trace => {
    let t = single.get(c.key);
    if (t === undefined) {
      t = modelTrace(a, withRule(p.base, c.key, c.rule));
      single.set(c.key, t);
    }
    return t;
  };
  return diffs.map((d): JudgedDifference => {
    const ma = ta.get(d.line)?.get(d.what);
    const mb = tb.get(d.line)?.get(d.what);
    if (d.step > 0 && ma !== undefined && mb !== undefined && ma !== mb) {
      const alone = changes.filter((c) => {
        const v = traceWith(c)?.get(d.line)?.get(d.what);
        return v !== undefined && v !== ma;
      });
      return {
        ...d,
        verdict: 'predicted',
        rules: (alone.length > 0 ? alone : changes).map((c) => c.text),
        ...(alone.length === 0 ? { together: true } : {}),
        model: { base: ma, patched: mb },
      };
    }
    if (loose !== undefined && d.step >= loose.step) return { ...d, verdict: 'nondeterministic', rules: [], latitude: loose };
    return { ...d, verdict: 'new semantics', rules: [] };
  });
}
