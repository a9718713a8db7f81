/**
 * The real-kernel changelog held to the profiles: for two consecutive
 * kernels, each corpus step where they answered differently is set beside
 * what the two profiles predict for that step (the reference model run under
 * each), and each step where the profiles predict a difference that the
 * kernels did not show is listed too. With the rule values that differ
 * between the two profiles, this says which rule explains each real change.
 */
import { IMPLEMENTATIONS } from '../engine/implementations.ts';
import type { Observation } from '../model/observation.ts';
import { findProfile } from '../model/profiles/index.ts';
import { describeRuleChange, ruleChanges as profileRuleChanges } from '../model/profiles/derive.ts';
import { parseScenario, printStep } from '../scenario/index.ts';
import { asAcpiCaller, compareRecord, guestSetup, normaliseZoneText } from './compare.ts';
import { LATITUDES } from './nondeterminism.ts';
import type { KernelDiffEntry } from './kernel-diff.ts';
import type { KernelRecord, RecordLike } from './record.ts';
import type { Profile } from '../model/profile.ts';

import { virtioMemLine } from './kernel-diff.ts';

const ZONES = ['DMA', 'DMA32', 'Normal', 'Movable'] as const;

/** Per corpus line: the model's answer and what a state read shows, keyed like kernel-diff's `what`. */
export type Trace = Map<number, Map<string, string>>;

function stateOf(o: Observation): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of o.blocks) out.set(`block ${b.id}`, `${b.state} ${b.validZones}`);
  const node0 = o.nodes.find((n) => n.nid === 0);
  for (const z of node0?.zones ?? []) {
    if (!(ZONES as readonly string[]).includes(z.name)) continue;
    // managed shows memmap_on_memory only for hot-added memory (Normal, Movable), as kernel-diff compares it
    const managed = z.name === 'Normal' || z.name === 'Movable' ? ` managed=${z.managed}` : '';
    out.set(`zone ${z.name}`, `spanned=${z.spanned} present=${z.present}${managed}`);
  }
  if (o.virtioMem !== undefined) out.set('virtio-mem', virtioMemLine(o.virtioMem.plugged, o.virtioMem.ranges));
  return out;
}

/** The scenario of a recording, run on the reference model under `profile`. */
export function modelTrace(record: RecordLike, profile: string | Profile): Trace {
  const scenario = parseScenario(record.source, record.scenario);
  const model = IMPLEMENTATIONS.reference(guestSetup(scenario, profile), new Set());
  const trace: Trace = new Map();
  for (const s of scenario.steps) {
    const answer = model.apply(asAcpiCaller(s.step));
    const row = stateOf(model.observe());
    row.set('answer', s.step.op === 'zone' ? normaliseZoneText(s.step, answer) : answer);
    trace.set(s.line, row);
  }
  return trace;
}

export type Verdict =
  /** the two profiles answer differently here too */
  | 'predicted'
  /** an answer the kernel does not decide deterministically, or a state that follows one */
  | 'nondeterministic'
  /** managed pages of a boot zone: the kernel's own boot reservations */
  | 'boot-reservations'
  /** both kernels' answers are another layer's words for the model's refusal (an answerClass latitude) */
  | 'answer-class'
  | 'NOT PREDICTED';

export interface JudgedEntry extends KernelDiffEntry {
  readonly verdict: Verdict;
}

export interface Prediction {
  /** Rule keys whose values differ between the two profiles, with both values and the newer rule's commit. */
  readonly rules: readonly string[];
  readonly entries: readonly JudgedEntry[];
  /** Steps where the profiles differ but the two kernels answered alike. */
  readonly unseen: readonly { scenario: string; line: number; text: string; what: string; older: string; newer: string }[];
}

export function ruleChanges(older: string | Profile, newer: string | Profile): string[] {
  const a = typeof older === 'string' ? findProfile(older) : older;
  const b = typeof newer === 'string' ? findProfile(newer) : newer;
  if (a === undefined || b === undefined) return [];
  return profileRuleChanges(a, b).map(describeRuleChange);
}

const NONDETERMINISTIC = /may be nondeterministic/;
/** What a difference is about, without kernel-diff.ts's " (may be nondeterministic)" mark. */
const plainWhat = (what: string): string => what.replace(/\s*\(may be nondeterministic\)$/, '');

export function predict(
  entries: readonly KernelDiffEntry[],
  olderRecs: readonly KernelRecord[],
  newerRecs: readonly KernelRecord[],
  olderProfile: string,
  newerProfile: string,
): Prediction {
  const traces = new Map<string, [Trace, Trace]>();
  for (const rec of olderRecs) {
    if (!newerRecs.some((r) => r.scenario === rec.scenario)) continue;
    traces.set(rec.scenario, [modelTrace(rec, olderProfile), modelTrace(rec, newerProfile)]);
  }
  // the first step of a scenario where either kernel took a declared nondeterministic outcome
  // (oracle/nondeterminism.ts): what the kernels do from there on can differ for that reason alone
  const firstLoose = new Map<string, number>();
  const noteLoose = (scenario: string, line: number): void => {
    if (line < (firstLoose.get(scenario) ?? Number.POSITIVE_INFINITY)) firstLoose.set(scenario, line);
  };
  // steps where a kernel's answer was an answer class (how many of the two kernels took one there)
  const classed = new Map<string, number>();
  for (const [recs, profile] of [[olderRecs, olderProfile], [newerRecs, newerProfile]] as const) {
    for (const rec of recs) {
      if (!traces.has(rec.scenario)) continue;
      for (const row of compareRecord(rec, profile).rows) {
        if (row.latitude === undefined) continue;
        if (LATITUDES.find((l) => l.id === row.latitude)?.answerClass === true) {
          classed.set(`${rec.scenario}:${row.line}`, (classed.get(`${rec.scenario}:${row.line}`) ?? 0) + 1);
        } else noteLoose(rec.scenario, row.line);
      }
    }
  }
  // an -EBUSY both kernels gave as an answer class (the driver core's, not an allocation's) loosens nothing
  for (const e of entries) if (NONDETERMINISTIC.test(e.what) && classed.get(`${e.scenario}:${e.line}`) !== 2) noteLoose(e.scenario, e.line);
  const judged = entries.map((e): JudgedEntry => {
    const t = traces.get(e.scenario);
    const what = plainWhat(e.what);
    // a memory block the model has under one profile only (virtio-mem adds blocks by its own policy) is absent under the other
    const absent = what.startsWith('block ') ? 'absent' : undefined;
    const a = t === undefined ? undefined : (t[0].get(e.line)?.get(what) ?? absent);
    const b = t === undefined ? undefined : (t[1].get(e.line)?.get(what) ?? absent);
    if (a !== undefined && b !== undefined && a !== b) return { ...e, verdict: 'predicted' };
    // both kernels refused in their own words where the model refused: the same refusal, worded by each release's driver core
    if (e.what.startsWith('answer') && classed.get(`${e.scenario}:${e.line}`) === 2) return { ...e, verdict: 'answer-class' };
    const loose = firstLoose.get(e.scenario);
    if (loose !== undefined && e.line >= loose) return { ...e, verdict: 'nondeterministic' };
    if (e.what === 'answer' && /^zone (DMA|DMA32)\b/.test(e.text) && e.older.replace(/ managed=\d+/, '') === e.newer.replace(/ managed=\d+/, '')) {
      return { ...e, verdict: 'boot-reservations' };
    }
    return { ...e, verdict: 'NOT PREDICTED' };
  });
  const seen = new Set(entries.map((e) => `${e.scenario}:${e.line}:${plainWhat(e.what)}`));
  const unseen: Prediction['unseen'][number][] = [];
  for (const rec of olderRecs) {
    const t = traces.get(rec.scenario);
    const other = newerRecs.find((r) => r.scenario === rec.scenario);
    if (t === undefined || other === undefined) continue;
    const scenario = parseScenario(rec.source, rec.scenario);
    for (const [i, s] of scenario.steps.entries()) {
      const ra = t[0].get(s.line);
      const rb = t[1].get(s.line);
      if (ra === undefined || rb === undefined) continue;
      // the guests read their state only after memory operations: compare state where both kernels did
      const stateRead = rec.steps[i]?.state !== undefined && other.steps[i]?.state !== undefined;
      for (const [what, va] of ra) {
        if (what !== 'answer' && !stateRead) continue;
        const vb = rb.get(what);
        if (vb === undefined || va === vb || seen.has(`${rec.scenario}:${s.line}:${what}`)) continue;
        // a state difference carried over from an earlier step is reported where it first appears
        unseen.push({ scenario: rec.scenario, line: s.line, text: printStep(s.step), what, older: va, newer: vb });
      }
    }
  }
  return { rules: ruleChanges(olderProfile, newerProfile), entries: judged, unseen };
}
