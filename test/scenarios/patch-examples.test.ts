/**
 * The worked patch example of seed 003 (docs/seeds.md, scenarios/patches/): its scenario holds
 * under the patch profile in both implementations and fails on the merged
 * rule exactly where the memmap pages' zone shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPatchProfile } from '../../engine/patch-profile.ts';
import { machineFor } from '../../engine/machine.ts';
import { replaySteps } from '../../engine/replay.ts';
import { parseScenario } from '../../scenario/index.ts';
import { repoRoot } from '../helpers/cli.ts';

const dir = join(repoRoot, 'scenarios', 'patches');
const scenario = parseScenario(readFileSync(join(dir, 'seed-003-vmemmap-to-normal.scn'), 'utf8'), 'seed-003-vmemmap-to-normal.scn');

describe('seed 003 worked example: vmemmap pages to ZONE_NORMAL', () => {
  it('passes under the patch profile, both implementations agreeing, no invariant broken', () => {
    const patch = loadPatchProfile(join(dir, 'seed-003-vmemmap-to-normal.profile.json'));
    const r = replaySteps({ ...machineFor(scenario), profile: patch }, scenario.steps, ['reference', 'optimized']);
    const problems = r.steps.flatMap((s) => [
      ...(s.unmet ? [`line ${s.source.line}: expected ${s.unmet.expected}, got ${JSON.stringify(s.unmet.got)}`] : []),
      ...s.result.violations.map((v) => `line ${s.source.line}: ${v.check}: ${v.message}`),
    ]);
    expect(problems).toEqual([]);
  });

  it('on v6.1 as merged, the first unmet expectation is ZONE_NORMAL after the Movable online', () => {
    const r = replaySteps(machineFor(scenario), scenario.steps, ['reference', 'optimized']);
    const first = r.steps.find((s) => s.unmet !== undefined);
    expect(first?.source.line).toBe(14);
    expect(first?.unmet?.expected).toBe('start_pfn=1048576 spanned=512 present=512 managed=0');
  });
});
