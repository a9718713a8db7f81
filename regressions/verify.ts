/**
 * The three checks every executable regression must pass: (1) the pinned
 * scenario passes on the fixed profile with both implementations; (2) with
 * the bug switch on, the named check fails at the stated step; (3) from
 * scratch, the random property suite with the switch on finds it within the
 * stated budget and shrinks it to a few steps beyond the pinned scenario.
 * Plus, for a bug that lives in a modelled historical profile, that profile
 * itself shows it.
 */
import { INVARIANTS } from '../checks/invariants/index.ts';
import { Lockstep } from '../engine/lockstep.ts';
import { machineFor } from '../engine/machine.ts';
import { replaySteps } from '../engine/replay.ts';
import type { BugName } from '../model/bugs.ts';
import type { ImplementationKind } from '../model/implementation.ts';
import { findProfile } from '../model/profiles/index.ts';
import { DIFFERENTIAL, findProperty, type PropertyDefinition } from '../properties/catalogue.ts';
import { runProperty, type PropertyResult } from '../properties/run-property.ts';
import type { Scenario } from '../scenario/index.ts';
import type { RegressionEntry } from './load.ts';
import type { ExecutableMeta } from './schema.ts';

export interface Verdict {
  readonly ok: boolean;
  /** One line: what held, or what did not. */
  readonly detail: string;
}

const pass = (detail: string): Verdict => ({ ok: true, detail });
const fail = (detail: string): Verdict => ({ ok: false, detail });

function executable(entry: RegressionEntry): { meta: ExecutableMeta; scenario: Scenario } {
  if (entry.meta.status !== 'executable' || entry.scenario === undefined) throw new Error(`${entry.meta.id} is not executable`);
  return { meta: entry.meta, scenario: entry.scenario };
}

/**
 * Whether `check` fails on `profile` only as a known finding of other
 * catalogued bugs (e.g. B-31's usage race on every removal before v6.8):
 * such a finding says nothing about entry `id`, for or against.
 */
function otherBugsOnly(profile: string, id: string, check: string): boolean {
  const findings = findProfile(profile)?.knownFindings.filter((f) => f.invariant === check) ?? [];
  return findings.length > 0 && findings.every((f) => !f.bugs.includes(id));
}

/** (1) `memhp replay scenario.scn --impl both` on the fixed profile: every expectation holds, nothing is even a known finding of this bug. */
export function pinnedPasses(entry: RegressionEntry): Verdict {
  const { meta, scenario } = executable(entry);
  const r = replaySteps(machineFor(scenario, meta.profile), scenario.steps, ['reference', 'optimized']);
  if (!r.passed) {
    const bad = r.steps.findIndex((s) => s.unmet !== undefined || s.result.violations.length > 0);
    const s = r.steps[bad];
    const why = s?.unmet !== undefined ? `expected ${s.unmet.expected}, got ${s.unmet.got.map((g) => `${g.impl} ${g.outcome}`).join(', ')}` : s?.result.violations.map((v) => v.check).join(', ');
    return fail(`on ${meta.profile}: step ${bad + 1} fails: ${why ?? 'unknown'}`);
  }
  const own = (s: (typeof r.steps)[number]) => s.result.findings.filter((f) => !otherBugsOnly(meta.profile, meta.id, f.check));
  const findings = r.steps.findIndex((s) => own(s).length > 0);
  if (findings >= 0) return fail(`on ${meta.profile}: step ${findings + 1} shows a known finding (${own(r.steps[findings]!)[0]!.check})`);
  return pass(`passes on ${meta.profile} (${scenario.steps.length} steps, both implementations)`);
}

export interface StepFailure {
  /** 1-based. */
  readonly step: number;
  readonly checks: readonly string[];
  readonly unmet: boolean;
}

/**
 * Runs the scenario with the switch on, strict for bug `id` (its known
 * findings count; other bugs' findings still excuse), and reports the first
 * failing step.
 */
export function firstFailure(scenario: Scenario, profile: string, id: string, bugs: ReadonlySet<BugName>, kinds: readonly ImplementationKind[]): StepFailure | undefined {
  const setup = machineFor(scenario, profile);
  const lock = new Lockstep(setup, kinds, { differential: kinds.length > 1, invariants: INVARIANTS, strictFor: id }, bugs);
  for (const [i, s] of scenario.steps.entries()) {
    const r = lock.apply(s.step);
    const unmet = s.expect !== undefined && r.outcomes.some((o) => o.outcome !== s.expect);
    if (unmet || r.violations.length > 0) return { step: i + 1, checks: r.violations.map((v) => v.check), unmet };
  }
  return undefined;
}

const kindsFor = (caughtBy: string): ImplementationKind[] => (caughtBy === 'differential' ? ['reference', 'optimized'] : ['optimized']);

/** (2) With the switch on, the named check fails, first at the stated step. */
export function switchCaught(entry: RegressionEntry): Verdict {
  const { meta, scenario } = executable(entry);
  const f = firstFailure(scenario, meta.profile, meta.id, new Set([meta.inject as BugName]), kindsFor(meta.caughtBy));
  if (f === undefined) return fail(`--inject ${meta.inject}: the scenario still passes`);
  const where = `step ${f.step}: ${f.checks.length > 0 ? f.checks.join(', ') : 'expectation unmet'}`;
  if (f.step !== meta.caughtAtStep || !f.checks.includes(meta.caughtBy)) {
    return fail(`--inject ${meta.inject}: expected ${meta.caughtBy} at step ${meta.caughtAtStep}, first failure is ${where}`);
  }
  return pass(`--inject ${meta.inject}: ${meta.caughtBy} fails at step ${f.step}`);
}

export function propertyFor(meta: ExecutableMeta): PropertyDefinition {
  const base = meta.caughtBy === 'differential' ? DIFFERENTIAL : findProperty(meta.caughtBy);
  if (base === undefined) throw new Error(`unknown check ${meta.caughtBy}`);
  const g = meta.fromScratch.generation;
  return g === undefined ? base : { ...base, generation: g };
}

export interface ScratchResult extends Verdict {
  readonly result: PropertyResult;
  /** The search failed with the entry's check (shrunk small enough or not): what time to bug counts. */
  readonly found: boolean;
  /** Steps of the shrunk counterexample up to the failing one. */
  readonly shrunkSteps?: number;
}

/** (3) The random suite with the switch on and the entry's seed finds it within the budget and shrinks it small. */
export function foundFromScratch(entry: RegressionEntry, overrides: { seed?: number; runs?: number; stateAware?: boolean } = {}): ScratchResult {
  const { meta } = executable(entry);
  const profile = findProfile(meta.profile)!;
  const seed = overrides.seed ?? meta.fromScratch.seed;
  const result = runProperty({
    profile,
    property: propertyFor(meta),
    seed,
    numRuns: overrides.runs ?? meta.fromScratch.runs,
    maxSteps: meta.fromScratch.maxSteps,
    bugs: new Set([meta.inject as BugName]),
    ...(meta.fromScratch.swarm === true ? { swarm: true } : {}),
    ...(overrides.stateAware === true ? { stateAware: true } : {}),
  });
  const cx = result.counterexample;
  if (result.status !== 'failed') return { ok: false, found: false, detail: `seed ${seed}: not found in ${overrides.runs ?? meta.fromScratch.runs} runs`, result };
  if (result.crash !== undefined || cx === undefined) return { ok: false, found: false, detail: `seed ${seed}: crashed: ${result.crash ?? 'no counterexample'}`, result };
  const shrunkSteps = cx.failingStep + 1;
  const checks = cx.violations.map((v) => v.check);
  if (!checks.includes(meta.caughtBy)) return { ok: false, found: false, detail: `seed ${seed}: caught by ${checks.join(', ')}, not ${meta.caughtBy}`, result, shrunkSteps };
  const limit = entry.pinnedSteps + meta.fromScratch.slack;
  if (shrunkSteps > limit) return { ok: false, found: true, detail: `seed ${seed}: shrunk to ${shrunkSteps} steps, more than ${limit}`, result, shrunkSteps };
  return { ok: true, found: true, detail: `seed ${seed}: found after ${result.numRuns} run(s), shrunk to ${shrunkSteps} steps`, result, shrunkSteps };
}

/** The historical profile itself shows the bug: its known finding fires, or the step answers the pre-fix value. */
export function historicalShows(entry: RegressionEntry): Verdict | undefined {
  const { meta, scenario } = executable(entry);
  const h = meta.historical;
  if (h === undefined) return undefined;
  const r = replaySteps(machineFor(scenario, h.profile), scenario.steps, ['reference', 'optimized']);
  const s = r.steps[h.step - 1];
  if (s === undefined) return fail(`${h.profile}: the replay stopped before step ${h.step}`);
  const ownFindings = (x: (typeof r.steps)[number]) => x.result.findings.some((f) => !otherBugsOnly(h.profile, meta.id, f.check));
  const earlier = r.steps.slice(0, h.step - 1).findIndex((x) => x.unmet !== undefined || x.result.violations.length > 0 || ownFindings(x));
  if (earlier >= 0) return fail(`${h.profile}: step ${earlier + 1} already differs, before step ${h.step}`);
  if (h.shows === 'known-finding') {
    const found = s.result.findings.map((f) => f.check);
    return h.check !== undefined && found.includes(h.check)
      ? pass(`${h.profile} reports the known finding ${h.check} at step ${h.step}`)
      : fail(`${h.profile}: expected the known finding ${h.check ?? '?'} at step ${h.step}, got ${found.join(', ') || 'none'}`);
  }
  return s.unmet !== undefined
    ? pass(`${h.profile} answers ${s.unmet.got[0]?.outcome ?? '?'} at step ${h.step} (fixed: ${s.unmet.expected})`)
    : fail(`${h.profile}: step ${h.step} answers the fixed value`);
}
