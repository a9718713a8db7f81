/**
 * The scenario half of the mutation kill set (npm run mutation,
 * docs/mutation.md), in process (a child process does not see the active
 * mutant): every scenario file under scenarios/ replays with its expectations
 * met and both implementations agreeing, and every executable regression
 * entry's pinned scenario passes on its fixed profile, is caught with its bug
 * switch on, and shows in its historical profile. These are the checks of
 * test/scenarios and test/regressions without the CLI and the from-scratch
 * sweeps. The bug switches pinned by a scenario are caught by it, as in
 * test/checks/bug-switches.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineFor } from '../../engine/machine.ts';
import { BUG_SWITCHES, type BugName, type BugSwitch } from '../../model/bugs.ts';
import { loadPatchProfile } from '../../engine/patch-profile.ts';
import { replaySteps } from '../../engine/replay.ts';
import { loadRegressions } from '../../regressions/load.ts';
import { historicalShows, pinnedPasses, switchCaught } from '../../regressions/verify.ts';
import { parseScenario } from '../../scenario/index.ts';
import { repoRoot } from '../helpers/cli.ts';

const scenarioFiles = ['examples', 'bugs', 'patches'].flatMap((sub) =>
  readdirSync(join(repoRoot, 'scenarios', sub))
    .filter((f) => f.endsWith('.scn'))
    .sort()
    .map((f) => join('scenarios', sub, f)),
);

/** A patch scenario runs under the patch profile beside it (scenarios/patches/NAME.profile.json). */
function setupFor(file: string) {
  const scenario = parseScenario(readFileSync(join(repoRoot, file), 'utf8'), file);
  const patch = file.replace(/\.scn$/, '.profile.json');
  const setup = file.startsWith('scenarios/patches/') ? { ...machineFor(scenario), profile: loadPatchProfile(join(repoRoot, patch)) } : machineFor(scenario);
  return { scenario, setup };
}

describe('scenario files', () => {
  it.each(scenarioFiles)('%s passes under both implementations', (file) => {
    const { scenario, setup } = setupFor(file);
    const r = replaySteps(setup, scenario.steps, ['reference', 'optimized']);
    const problems = r.steps.flatMap((s) => [
      ...(s.unmet ? [`line ${s.source.line}: expected ${s.unmet.expected}, got ${JSON.stringify(s.unmet.got)}`] : []),
      ...s.result.violations.map((v) => `line ${s.source.line}: ${v.check}: ${v.message}`),
    ]);
    expect(problems).toEqual([]);
  });
});

const executable = loadRegressions(repoRoot).filter((e) => e.meta.status === 'executable');

describe.each(executable.map((e) => [e.meta.id, e] as const))('%s', (_id, entry) => {
  it('its pinned scenario passes, and its switch is caught at the stated step', () => {
    const pinned = pinnedPasses(entry);
    expect(pinned.ok, pinned.detail).toBe(true);
    const caught = switchCaught(entry);
    expect(caught.ok, caught.detail).toBe(true);
    const hist = historicalShows(entry);
    if (hist !== undefined) expect(hist.ok, hist.detail).toBe(true);
  });
});

describe('bug switches pinned by a scenario', () => {
  const all: readonly BugSwitch[] = BUG_SWITCHES;
  it.each(all.filter((b) => b.pinned !== undefined).map((b) => [b.name, b] as const))('%s is caught by its scenario', (_name, bug) => {
    const { scenario, setup } = setupFor(bug.pinned!);
    const kinds = bug.caughtBy === 'differential' ? (['reference', 'optimized'] as const) : (['optimized'] as const);
    const broken = replaySteps(setup, scenario.steps, kinds, new Set([bug.name as BugName]));
    expect(broken.steps.flatMap((s) => s.result.violations.map((v) => v.check))).toContain(bug.caughtBy);
  });
});
