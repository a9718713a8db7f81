/**
 * The historical profiles (docs/historical-profiles.md): seed 000's two
 * valid_zones tables, reproduced by scenario files under both implementations,
 * and one sequence on which v4.10 and v4.13 answer differently.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineFor } from '../../engine/machine.ts';
import { replaySteps } from '../../engine/replay.ts';
import { parseScenario, printStep } from '../../scenario/index.ts';
import type { Scenario } from '../../scenario/types.ts';
import { memhp, repoRoot } from '../helpers/cli.ts';

const dir = join(repoRoot, 'scenarios', 'examples');
const load = (file: string): Scenario => parseScenario(readFileSync(join(dir, file), 'utf8'), file);

/** The valid_zones lines of a scenario, in order, as `memoryN:text` (sysfs's own spelling in seed 000). */
function validZonesLines(s: Scenario): string[] {
  return s.steps.flatMap((x) => (x.step.op === 'valid_zones' ? [`memory${x.step.block}:${x.expect ?? '?'}`] : []));
}

// Seed 000 (the f1dd2cd13c4b review, docs/seeds.md): hot-add memory32, 33, 34 one by one, then online_movable 34.
const SEED_000_BEFORE = [
  'memory32:Normal Movable',
  'memory32:Normal',
  'memory33:Normal Movable',
  'memory32:Normal',
  'memory33:Normal',
  'memory34:Normal Movable',
  'memory32:Normal',
  'memory33:Normal Movable',
  'memory34:Movable Normal',
];
const SEED_000_AFTER = [
  'memory32:Normal Movable',
  'memory32:Normal Movable',
  'memory33:Normal Movable',
  'memory32:Normal Movable',
  'memory33:Normal Movable',
  'memory34:Normal Movable',
  'memory32:Normal Movable',
  'memory33:Normal Movable',
  'memory34:Movable',
];

describe("seed 000's valid_zones tables", () => {
  it.each([
    ['seed-000-v4.10.scn', 'v4.10', SEED_000_BEFORE],
    ['seed-000-v4.13.scn', 'v4.13', SEED_000_AFTER],
  ] as const)('%s states the table and passes under both implementations', (file, profile, table) => {
    const s = load(file);
    expect(s.profile).toBe(profile);
    expect(validZonesLines(s)).toEqual(table);
    const r = replaySteps(machineFor(s), s.steps, ['reference', 'optimized']);
    expect(r.steps.filter((x) => x.unmet !== undefined || x.result.violations.length > 0)).toEqual([]);
    expect(r.passed).toBe(true);
  });

  it('memhp replay --impl both exits 0 on both files', () => {
    for (const file of ['seed-000-v4.10.scn', 'seed-000-v4.13.scn']) {
      const r = memhp(['replay', join('scenarios', 'examples', file), '--impl', 'both']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/implementations agree/);
    }
  });
});

describe('one sequence, two answers: v4.10 and v4.13', () => {
  const before = load('zone-order-v4.10.scn');
  const after = load('zone-order-v4.13.scn');
  const answers = (s: Scenario, profile: string): string[] =>
    replaySteps(machineFor(s, profile), s.steps.map((x) => ({ step: x.step, line: x.line })), ['reference', 'optimized']).steps.map(
      (x) => String(x.result.outcomes[0]?.outcome),
    );

  it('the two files run the same steps', () => {
    expect(before.steps.map((x) => printStep(x.step))).toEqual(after.steps.map((x) => printStep(x.step)));
  });

  it('online_movable of block 32 right after adding 32-33: -EINVAL under v4.10 (not the last block of Normal), ok under v4.13', () => {
    const i = before.steps.findIndex((x) => printStep(x.step) === 'state 32 online_movable');
    expect(answers(before, 'v4.10')[i]).toBe('-EINVAL');
    expect(answers(before, 'v4.13')[i]).toBe('ok');
  });

  it("each file's expectations fail under the other profile", () => {
    const cross = (s: Scenario, profile: string) => replaySteps(machineFor(s, profile), s.steps, ['reference', 'optimized']);
    expect(cross(before, 'v4.13').passed).toBe(false);
    expect(cross(after, 'v4.10').passed).toBe(false);
  });
});

describe('memhp profiles', () => {
  it('lists the historical profiles first, oldest first', () => {
    const r = memhp(['profiles']);
    expect(r.code).toBe(0);
    const names = r.stdout.split('\n').map((l) => l.split(/\s+/)[0]);
    expect(names.slice(0, 4)).toEqual(['v4.10', 'v4.13', 'v4.14', 'v4.19']);
  });

  it('--explain v4.13 names allow_online_pfn_range, its commit and the release that carries it', () => {
    const r = memhp(['profiles', '--explain', 'v4.13']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/hotplug\.onlineZone = allow-online-pfn-range/);
    expect(r.stdout).toMatch(/hotplug\.zoneAtAdd = none/);
    expect(r.stdout).toMatch(/f1dd2cd13c4b/);
    expect(r.stdout).toMatch(/kernel v4\.13/);
  });

  it('--explain v4.10 names zone_for_memory and zone_can_shift', () => {
    const r = memhp(['profiles', '--explain', 'v4.10']);
    expect(r.stdout).toMatch(/hotplug\.zoneAtAdd = zone-for-memory/);
    expect(r.stdout).toMatch(/hotplug\.onlineZone = shift/);
    expect(r.stdout).toMatch(/v4\.10-v4\.12/);
  });
});

describe('hot-remove shrinking over pfn_valid() pages (before 7ce700bf11b5)', () => {
  it('keeps Normal alive with an offline block under v4.14 and v4.19 alike', () => {
    const s = load('v4.14-valid-scan.scn');
    const last = (profile: string) =>
      replaySteps(machineFor(s, profile), s.steps.map((x) => ({ step: x.step, line: x.line })), ['reference', 'optimized']).steps.at(-1)?.result
        .outcomes[0]?.outcome;
    expect(last('v4.14')).toBe('start_pfn=1048576 spanned=32768 present=0 managed=0');
    expect(last('v4.19')).toBe('start_pfn=1048576 spanned=32768 present=0 managed=0');
  });
});
