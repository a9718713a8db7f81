/**
 * Every check can fail: each bug switch, turned on in the optimized
 * implementation, is caught by the check it names, with that check alone
 * enabled, from the default seed (or, for a switch the random generation does
 * not reach yet, by its pinned scenario). And every check has such a switch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../checks/invariants/index.ts';
import { machineFor } from '../../engine/machine.ts';
import { replaySteps } from '../../engine/replay.ts';
import { BUG_SWITCHES, type BugName, type BugSwitch } from '../../model/bugs.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { findProperty, type PropertyDefinition } from '../../properties/catalogue.ts';
import { loadRegressions } from '../../regressions/load.ts';
import { parseScenario } from '../../scenario/index.ts';
import { repoRoot } from '../helpers/cli.ts';
import { explain, runFor } from '../helpers/property.ts';

const ALL: readonly BugSwitch[] = BUG_SWITCHES;
const profileOf = (bug: BugSwitch) => findProfile(bug.profile ?? 'latest')!;
const propertyOf = (bug: BugSwitch): PropertyDefinition => {
  const p = findProperty(bug.caughtBy);
  if (p === undefined) throw new Error(`unknown check ${bug.caughtBy}`);
  return bug.layer === 'sparse' ? { ...p, generation: 'sparse' } : p;
};
// switches pinned by a regressions/ entry are found from scratch by test/regressions, with their entry's seed
const random = ALL.filter((b) => b.pinned === undefined && b.regression === undefined);
const pinned = ALL.filter((b) => b.pinned !== undefined);

describe('bug switches are caught from scratch', () => {
  it.each(random.map((b) => [b.name, b] as const))('%s', (_name, bug) => {
    const r = runFor(profileOf(bug), propertyOf(bug), { numRuns: 300, bugs: new Set([bug.name as BugName]) });
    expect(r.status, `${bug.name} was not caught by ${bug.caughtBy}`).toBe('failed');
    expect(r.crash, explain(r)).toBeUndefined();
    expect(r.counterexample?.violations.map((v) => v.check) ?? []).toContain(bug.caughtBy);
  });

  it('the same properties pass without the switches', () => {
    for (const bug of random) {
      const r = runFor(profileOf(bug), propertyOf(bug), { numRuns: 30 });
      expect(r.status, explain(r)).toBe('passed');
    }
  });
});

describe('bug switches the generation does not reach yet are caught by their pinned scenario', () => {
  it.each(pinned.map((b) => [b.name, b] as const))('%s', (_name, bug) => {
    const file = join(repoRoot, bug.pinned!);
    const scenario = parseScenario(readFileSync(file, 'utf8'), bug.pinned);
    const setup = machineFor(scenario);
    // a differential catch needs the reference beside the broken optimized implementation
    const kinds = bug.caughtBy === 'differential' ? (['reference', 'optimized'] as const) : (['optimized'] as const);
    const clean = replaySteps(setup, scenario.steps, kinds);
    expect(clean.passed).toBe(true);
    const broken = replaySteps(setup, scenario.steps, kinds, new Set([bug.name as BugName]));
    expect(broken.passed).toBe(false);
    expect(broken.steps.flatMap((s) => s.result.violations.map((v) => v.check))).toContain(bug.caughtBy);
  });
});

describe('bug switches pinned by a regression entry', () => {
  const entries = loadRegressions(repoRoot);
  it.each(ALL.filter((b) => b.regression !== undefined).map((b) => [b.name, b] as const))('%s has an executable entry that injects it', (_name, bug) => {
    const e = entries.find((x) => x.meta.id === bug.regression);
    expect(e?.meta.status).toBe('executable');
    expect(e?.meta.status === 'executable' ? [e.meta.inject, e.meta.caughtBy] : []).toEqual([bug.name, bug.caughtBy]);
  });
});

describe('every check has a bug switch that trips it', () => {
  it.each([...INVARIANTS.map((i) => i.name), 'differential'])('%s', (check) => {
    expect(ALL.some((b) => b.caughtBy === check)).toBe(true);
  });
});
