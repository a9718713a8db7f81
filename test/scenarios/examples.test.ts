/**
 * The example scenarios (and so the claims of docs/seeds.md and docs/sparse-layer.md about seed 002) replay
 * with every expectation met and both implementations in agreement.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineFor } from '../../engine/machine.ts';
import { replaySteps } from '../../engine/replay.ts';
import { parseScenario } from '../../scenario/index.ts';
import { memhp, repoRoot } from '../helpers/cli.ts';

const dir = join(repoRoot, 'scenarios', 'examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.scn')).sort();

describe('example scenarios', () => {
  it('exist', () => expect(files.length).toBeGreaterThanOrEqual(6));

  it.each(files)('%s passes under both implementations', (file) => {
    const scenario = parseScenario(readFileSync(join(dir, file), 'utf8'), file);
    const r = replaySteps(machineFor(scenario), scenario.steps, ['reference', 'optimized']);
    const problems = r.steps.flatMap((s) => [
      ...(s.unmet ? [`line ${s.source.line}: expected ${s.unmet.expected}, got ${JSON.stringify(s.unmet.got)}`] : []),
      ...s.result.violations.map((v) => `line ${s.source.line}: ${v.check}: ${v.message}`),
    ]);
    expect(problems).toEqual([]);
    expect(r.passed).toBe(true);
  });
});

describe('seed 001: where zones shrink, and who reads uninitialised memmaps', () => {
  const replayFile = (file: string) => {
    const scenario = parseScenario(readFileSync(join(dir, file), 'utf8'), file);
    return replaySteps(machineFor(scenario), scenario.steps, ['reference', 'optimized']);
  };

  it('v5.3 reads the memmap of never-onlined memory at remove: a known finding, step 2', () => {
    const r = replayFile('seed-001-v5.3.scn');
    const reads = (s: (typeof r.steps)[number]) => s.result.findings.map((f) => f.check).filter((c) => c === 'no-uninit-memmap-read');
    const findings = r.steps.map((s, i) => [i + 1, reads(s)] as const).filter(([, f]) => f.length > 0);
    expect(findings).toEqual([[2, ['no-uninit-memmap-read', 'no-uninit-memmap-read']]]);
  });

  it('v5.5 reads none', () => {
    const r = replayFile('seed-001-v5.5.scn');
    expect(r.steps.flatMap((s) => s.result.findings).filter((f) => f.check === 'no-uninit-memmap-read')).toEqual([]);
  });
});

describe('memhp replay on seed 002', () => {
  const file = 'scenarios/examples/seed-002-subsections.scn';

  it('exits 0 and shows each answer', () => {
    const r = memhp(['replay', file, '--impl', 'both']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/add_pages 0x100000000 4M\s+-EEXIST\s+as expected/);
    expect(r.stdout).toMatch(/remove_pages 0x100000000 4M\s+WARN\s+as expected/);
    expect(r.stdout).toMatch(/passed: 13 steps/);
  });

  it('exits 1 and names the first divergence when the optimized one swallows -EEXIST', () => {
    const r = memhp(['replay', file, '--impl', 'both', '--inject', 'swallow-eexist']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/implementations disagree/);
    expect(r.stdout).toMatch(/first difference: outcome\s+reference -EEXIST\s+optimized ok/);
  });

  it('--json gives one document with the final state', () => {
    const r = memhp(['replay', file, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { passed: boolean; steps: Array<{ line: number; result: Record<string, string> }>; final: { sections: unknown[] } };
    expect(doc.passed).toBe(true);
    expect(doc.steps[3]).toMatchObject({ result: { reference: '-EEXIST', optimized: '-EEXIST' } });
    expect(doc.final.sections.length).toBeGreaterThan(0);
  });
});
