/**
 * The acceptance checks of `memhp diff` that take longer than `npm test`
 * should (npm run test:acceptance): the changes seeds 001 and 002 describe,
 * found between consecutive profiles of PROFILES whatever profiles it holds,
 * and the seed 001 worked patch example.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffProfiles } from '../../diff/search.ts';
import type { Observation } from '../../model/observation.ts';
import { PROFILES, findProfile } from '../../model/profiles/index.ts';
import { memhp } from '../helpers/cli.ts';

const profile = (n: string) => findProfile(n)!;
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

/** The consecutive pair of PROFILES across which a change landed: the last profile before `version`, and the first from it. */
function pairAcross(version: string): [string, string] {
  const i = PROFILES.findIndex((p) => p.name === version);
  return [PROFILES[i - 1]!.name, PROFILES[i]!.name];
}

describe('memhp diff acceptance', () => {
  it('seed 002: v4.19 → v5.3 shows the -EEXIST change of __add_pages with at most 5 steps', () => {
    const r = diffProfiles({ from: profile(pairAcross('v5.3')[0]), to: profile('v5.3'), seed: 42, numRuns: 200, maxSteps: 30, maxKinds: 16 });
    const f = r.findings.find((x) => x.kind === 'add_pages: ok → -EEXIST');
    expect(f, r.findings.map((x) => x.kind).join('; ')).toBeDefined();
    expect(f!.steps.length).toBeLessThanOrEqual(5);
    // v4.19 swallows -EEXIST from an existing section (B-27's behaviour); v5.3 returns it.
    expect([f!.a.answers[f!.at], f!.b.answers[f!.at]]).toEqual(['ok', '-EEXIST']);
  });

  it('seed 001: v5.3 → v5.5 shows zones shrinking at offline and hot-remove no longer reading never-onlined memmaps', () => {
    const r = diffProfiles({ from: profile(pairAcross('v5.5')[0]), to: profile('v5.5'), seed: 42, numRuns: 200, maxSteps: 30, maxKinds: 16 });
    const kinds = r.findings.map((x) => x.kind);
    const shrink = r.findings.find((x) => /^state offline: zone \w+ span$/.test(x.kind));
    const remove = r.findings.find((x) => x.kind === 'remove_memory: reads uninitialised memmap (A only)');
    expect(shrink, kinds.join('; ')).toBeDefined();
    expect(remove, kinds.join('; ')).toBeDefined();
    expect(shrink!.steps.length).toBeLessThanOrEqual(5);
    expect(remove!.steps.length).toBeLessThanOrEqual(5);
    expect(remove!.steps.map((s) => s.op)).toEqual(['add_memory', 'remove_memory']);
    // The offline step: same answer, but v5.3 keeps the span and v5.5 shrinks it.
    const zone = shrink!.kind.split(' ')[3]!;
    const spanned = (obs: Observation) =>
      obs.nodes.flatMap((n) => n.zones).filter((z) => z.name === zone).reduce((s, z) => s + z.spanned, 0);
    expect(spanned(shrink!.b.observations[shrink!.at]!)).toBeLessThan(spanned(shrink!.a.observations[shrink!.at]!));
  });

  it('the seed 001 worked example audits against v5.5 and finds the zone shrinking moved back to remove', () => {
    const out = tmp('memhp-patch-001-');
    const r = memhp(['diff', '--from', 'v5.5', '--to', 'scenarios/patches/seed-001-shrink-at-remove.profile.json', '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/state offline: zone \w+ span/);
    expect(r.stdout).toMatch(/remove_memory: reads uninitialised memmap \(B only\)/);
  });

});
