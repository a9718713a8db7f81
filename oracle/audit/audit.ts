/**
 * `memhp audit`: the semantic changelog of a patch. Every item (scenario
 * files and seeded campaign sequences) runs on the base and on the patched
 * kernel; each step where they differ is judged against the two profiles
 * (classify.ts), grouped by kind, and one occurrence of each kind is shrunk
 * on the real kernels to a short scenario that still shows it (shrink.ts).
 * For every run, and for each shrunk scenario, whether the model under each
 * kernel's profile agrees with that kernel is recorded too.
 */
import type { Step } from '../../model/step.ts';
import { compareRecord } from '../compare.ts';
import type { RecordLike } from '../record.ts';
import { judgeRun, VERDICT_ORDER, type AuditVerdict, type JudgedDifference, type ProfilePair } from './classify.ts';
import { runDifferences } from './differences.ts';
import type { AuditItem } from './items.ts';
import { shrinkKind, type PairRunner } from './shrink.ts';

export interface ItemResult {
  readonly item: AuditItem;
  readonly differences: readonly JudgedDifference[];
  /** Disagreements of each kernel with the model under its profile (oracle/compare.ts). */
  readonly disagreements: { readonly base: number; readonly patched: number };
  /** Declared nondeterministic outcomes each kernel took. */
  readonly latitudes: { readonly base: readonly string[]; readonly patched: readonly string[] };
}

export interface KindEntry {
  readonly kind: string;
  /** The most serious verdict among its occurrences (new semantics, predicted, nondeterministic). */
  readonly verdict: AuditVerdict;
  readonly occurrences: readonly JudgedDifference[];
  readonly rules: readonly string[];
  readonly shrunk?: {
    readonly from: string;
    readonly config: readonly string[];
    readonly steps: readonly Step[];
    readonly attempts: number;
    readonly confirmed: boolean;
    /** The judgement of the kind's occurrence in the confirmation run. */
    readonly verdict?: AuditVerdict;
    readonly agrees: { readonly base: boolean; readonly patched: boolean };
  };
}

export interface AuditResult {
  readonly items: readonly ItemResult[];
  readonly kinds: readonly KindEntry[];
}

export interface AuditOptions {
  readonly profiles: ProfilePair;
  /** Reruns allowed per kind while shrinking (0: no shrinking, the occurrence's item is confirmed as is). */
  readonly shrinkBudget: number;
  readonly status?: (text: string) => void;
  readonly note?: (line: string) => void;
}

function judgeItem(item: AuditItem, a: RecordLike, b: RecordLike, p: ProfilePair): ItemResult {
  const diffs = runDifferences(item.name, item.steps, a, b);
  const ca = compareRecord(a, p.base);
  const cb = compareRecord(b, p.patched);
  const lat = (rows: typeof ca.rows): string[] => rows.flatMap((r) => (r.latitude !== undefined ? [`${r.step}:${r.latitude}`] : []));
  return {
    item,
    differences: judgeRun(item.steps, a, b, diffs, p),
    disagreements: { base: ca.disagreements.length, patched: cb.disagreements.length },
    latitudes: { base: lat(ca.rows), patched: lat(cb.rows) },
  };
}

export async function runAudit(items: readonly AuditItem[], pair: PairRunner, o: AuditOptions): Promise<AuditResult> {
  const slots: Array<ItemResult | undefined> = items.map(() => undefined);
  // items of one boot configuration one after the other: a guest is rebooted only when the command line changes
  const order = items.map((item, i) => ({ item, i })).sort((x, y) => configKey(x.item).localeCompare(configKey(y.item)) || x.i - y.i);
  for (const [done, { item, i }] of order.entries()) {
    o.status?.(`item ${done + 1}/${items.length}: ${item.name} (${item.steps.length} steps)`);
    const [a, b] = await pair.run(item);
    const r = judgeItem(item, a, b, o.profiles);
    slots[i] = r;
    if (r.differences.length > 0) o.note?.(`memhp: ${item.name}: ${r.differences.length} differing step(s): ${[...new Set(r.differences.map((d) => d.kind))].join('; ')}`);
  }
  const results = slots.filter((r): r is ItemResult => r !== undefined);
  const byKind = new Map<string, JudgedDifference[]>();
  for (const r of results) for (const d of r.differences) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d]);
  const planned = [...byKind].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([kind, occurrences]) => {
    const verdict = VERDICT_ORDER.find((v) => occurrences.some((d) => d.verdict === v)) ?? 'new semantics';
    // the shortest way to the kind among the occurrences with its verdict
    const rep = occurrences.filter((d) => d.verdict === verdict).sort((x, y) => x.step - y.step || (x.item < y.item ? -1 : 1))[0] as JudgedDifference;
    return { kind, occurrences, verdict, rep, item: items.find((it) => it.name === rep.item) as AuditItem };
  });
  const shrunkOf = new Map<string, KindEntry['shrunk']>();
  // confirmed shrunk items and their runs: one cause often shows several kinds, and a kind its
  // confirmation run already shows is shrunk from there, not again from the long item
  const short: Array<{ item: AuditItem; runs: readonly [RecordLike, RecordLike] }> = [];
  // a kind's reproducer: the scenario, its judgement on both runs, and whether each kernel agrees with its profile
  const reproducer = (kind: string, from: string, item: AuditItem, runs: readonly [RecordLike, RecordLike], attempts: number, confirmed: boolean): KindEntry['shrunk'] => {
    const [a, b] = runs;
    const again = judgeItem(item, a, b, o.profiles).differences.find((d) => d.kind === kind);
    return {
      from,
      config: item.config,
      steps: item.steps,
      attempts,
      confirmed,
      ...(again !== undefined ? { verdict: again.verdict } : {}),
      agrees: { base: compareRecord(a, o.profiles.base).disagreements.length === 0, patched: compareRecord(b, o.profiles.patched).disagreements.length === 0 },
    };
  };
  // what a reviewer must look at first, then by boot configuration (fewer reboots)
  const rank = (v: AuditVerdict): number => VERDICT_ORDER.indexOf(v);
  const byUrgency = [...planned].sort((x, y) => rank(x.verdict) - rank(y.verdict) || configKey(x.item).localeCompare(configKey(y.item)));
  for (const { kind, rep, item: original, verdict } of byUrgency) {
    let shrunk: KindEntry['shrunk'];
    // the shortest confirmed scenario that already shows this kind: its reproducer as it stands, no
    // reruns (each rerun on a loaded machine can cost a reboot of both guests)
    const shown = short
      .filter((prev) => runDifferences(prev.item.name, prev.item.steps, prev.runs[0], prev.runs[1]).some((x) => x.kind === kind && x.step > 0))
      .sort((x, y) => x.item.steps.length - y.item.steps.length)[0];
    if (rep.step > 0 && shown !== undefined && shown.item.steps.length <= original.steps.length) {
      shrunk = reproducer(kind, original.name, shown.item, shown.runs, 0, true);
      o.note?.(`memhp: "${kind}" shows in the shrunk scenario of an earlier kind (${shown.item.steps.length} steps): taken as its reproducer`);
    } else if (rep.step > 0) {
      const item = original;
      const at = rep.step;
      // a nondeterministic kind need not come back on a rerun: cut after its step and confirmed, no more
      const budget = verdict === 'nondeterministic' ? Math.min(o.shrinkBudget, 1) : o.shrinkBudget;
      const s = await shrinkKind(item, at, kind, pair, { budget, ...(o.status !== undefined ? { status: o.status } : {}) });
      if (s.confirmed) short.push({ item: s.item, runs: s.runs });
      shrunk = reproducer(kind, original.name, s.item, s.runs, s.attempts, s.confirmed);
      o.note?.(`memhp: "${kind}" shrunk to ${s.item.steps.length} step(s) in ${s.attempts} reruns, ${s.confirmed ? 'confirmed' : 'NOT confirmed'} on both kernels`);
    }
    shrunkOf.set(kind, shrunk);
  }
  const kinds = planned.map(({ kind, verdict, occurrences }): KindEntry => {
    const shrunk = shrunkOf.get(kind);
    return { kind, verdict, occurrences, rules: [...new Set(occurrences.flatMap((d) => d.rules))], ...(shrunk !== undefined ? { shrunk } : {}) };
  });
  return { items: results, kinds };
}

const configKey = (item: AuditItem): string => item.config.join('\n');
