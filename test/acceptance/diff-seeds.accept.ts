/**
 * The acceptance checks of `memhp diff` that take longer than `npm test`
 * should (npm run test:acceptance): the changes seeds 001 and 002 (docs/seeds.md) describe,
 * found between consecutive profiles of PROFILES whatever profiles it holds,
 * the same through one `memhp diff --chain` (seeds 000, 001, 002,
 * and nothing new from v5.12 to v5.15 without the new policy), and the worked
 * patch examples of seeds 001 and 003.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
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

  it('the seed 003 worked example audits against v6.1: the memmap pages of a Movable block land in ZONE_NORMAL', () => {
    const out = tmp('memhp-patch-003-');
    const r = memhp(['diff', '--from', 'v6.1', '--to', 'scenarios/patches/seed-003-vmemmap-to-normal.profile.json', '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { differences: Array<{ kind: string; steps: number }> };
    // Only ZONE_NORMAL's accounting differs, first at the add that auto-onlines a self-hosted block Movable.
    expect(doc.differences.map((d) => d.kind)).toEqual(['add_memory: zone Normal span']);
    expect(doc.differences[0]!.steps).toBeLessThanOrEqual(5);
  });
});

describe('the seed 004 worked example', () => {
  it('audits against v6.9-s390: standby sections appear only at online and go at offline, and MEM_PREPARE_ONLINE is gone', () => {
    const out = tmp('memhp-patch-004-');
    const r = memhp(['diff', '--from', 'v6.9-s390', '--to', 'scenarios/patches/seed-004-mem-phys-online.profile.json', '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { differences: Array<{ kind: string; steps: number }> };
    const kinds = doc.differences.map((d) => d.kind);
    // the deferred __add_pages() of a standby add, and MEM_PHYS_OFFLINE's __remove_pages() at offline
    for (const k of ['add_memory: sections', 'state offline: sections']) expect(kinds, kinds.join('; ')).toContain(k);
    // a veto of MEM_PREPARE_ONLINE refuses an online only as merged
    expect(kinds.some((k) => /^(state|online) .*: -E[A-Z]+ → ok$/.test(k)), kinds.join('; ')).toBe(true);
    for (const d of doc.differences) expect(d.steps, d.kind).toBeLessThanOrEqual(5);
  });
});

describe('memhp diff --chain acceptance', () => {
  interface Row {
    from: string;
    to: string;
    kind: string;
    steps: number;
    answers: [string, string];
    counterexample: string;
  }
  let out = '';
  let rows: Row[] = [];
  const kindsOf = (from: string, to: string) => rows.filter((d) => d.from === from && d.to === to);
  const find = (from: string, to: string, kind: RegExp) => kindsOf(from, to).find((d) => kind.test(d.kind));

  beforeAll(() => {
    out = tmp('memhp-chain-accept-');
    const r = memhp(['diff', '--chain', '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    rows = (JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { differences: Row[] }).differences;
  }, 600_000);

  it('seed 000: v4.10 → v4.13 shows no zone at hot-add and online_kernel allowed where the shift refused it, each in at most 5 steps', () => {
    const all = kindsOf('v4.10', 'v4.13').map((d) => d.kind).join('; ');
    // v4.10 grows Normal's span at hot-add (zone_for_memory()); v4.13 ties no zone to the new memory.
    const atAdd = find('v4.10', 'v4.13', /^add_memory: zone Normal span$/);
    const online = find('v4.10', 'v4.13', /^state online_kernel: -EINVAL → ok$/);
    expect(atAdd, all).toBeDefined();
    expect(online, all).toBeDefined();
    expect(atAdd!.steps).toBeLessThanOrEqual(5);
    expect(online!.steps).toBeLessThanOrEqual(5);
  });

  it('seed 001: v5.3 → v5.5 shows the zone shrinking at offline and the end of never-onlined memmap reads at remove', () => {
    const all = kindsOf('v5.3', 'v5.5').map((d) => d.kind).join('; ');
    const shrink = find('v5.3', 'v5.5', /^state offline: zone \w+ span$/);
    const remove = find('v5.3', 'v5.5', /^remove_memory: reads uninitialised memmap \(A only\)$/);
    expect(shrink, all).toBeDefined();
    expect(remove, all).toBeDefined();
    expect(shrink!.steps).toBeLessThanOrEqual(5);
    expect(remove!.steps).toBeLessThanOrEqual(5);
  });

  it('seed 002: v4.19 → v5.3 shows __add_pages answering -EEXIST where v4.19 swallowed it', () => {
    const eexist = find('v4.19', 'v5.3', /^add_pages: ok → -EEXIST$/);
    expect(eexist, kindsOf('v4.19', 'v5.3').map((d) => d.kind).join('; ')).toBeDefined();
    expect(eexist!.steps).toBeLessThanOrEqual(5);
    expect(eexist!.answers).toEqual(['ok', '-EEXIST']);
  });

  it('v5.12 → v5.15: every difference needs online_policy=auto-movable', () => {
    const found = kindsOf('v5.12', 'v5.15');
    expect(found.length).toBeGreaterThan(0);
    for (const d of found) {
      const text = readFileSync(join(out, 'counterexamples', `${d.counterexample}.scn`), 'utf8');
      expect(text, d.kind).toMatch(/^config online_policy auto-movable$/m);
    }
  });
});
