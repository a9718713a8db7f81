/**
 * The fuzz tier (fuzz/, docs/fuzz.md) on a small budget, in this process:
 * every input must end as a correct answer or one short line and exit 2.
 * The generator of huge address ranges is left out (--no-huge-ranges):
 * the model walks such ranges page by page and takes seconds, which the
 * full tier counts as timeouts apart; this test has no per-input time
 * limit to tell them from a hang.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, CLEAN } from '../../fuzz/classify.ts';
import { runInput } from '../../fuzz/entry.ts';
import { generators, makeInput } from '../../fuzz/generators.ts';
import { inputText } from '../../fuzz/input.ts';
import { buildMaterial } from '../../fuzz/material.ts';
import { Rng } from '../../fuzz/rng.ts';

const SEED = 20261207;
const INPUTS = 60;

describe('the fuzz tier on a small budget', () => {
  it(`${INPUTS} inputs of seed ${SEED}: each answered or one line and exit 2`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'memhp-fuzz-smoke-'));
    // A recorded B-5 case (fuzz/material.ts): its search takes seconds, and a stale path is one more bad token.
    const material = buildMaterial(join(dir, 'material'), {
      seed: 4, runs: 300, steps: 20, profile: 'v5.5', property: 'no-uninit-memmap-read', inject: 'remove-reads-zone', path: '36:1:2:3:4', replayPath: 'AAAAAAAB:AAAAAAAAB',
    });
    const gens = generators(false);
    const bad: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < INPUTS; i++) {
      const input = makeInput(Rng.forInput(SEED, i), material, gens);
      seen.add(input.kind);
      const r = runInput(input, join(dir, 'input'), material.failing);
      const cls = classify({ code: r.code, stderr: r.stderr }, inputText(input));
      if (!CLEAN.has(cls)) bad.push(`input ${i} (${input.generator}): ${cls}: ${r.stderr.slice(0, 300)}`);
    }
    rmSync(dir, { recursive: true, force: true });
    expect(bad).toEqual([]);
    // The budget reaches the main entry points, not one of them 60 times.
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });
});
