/**
 * The two audit examples of oracle/audit-examples/ end to end: each patch
 * built on Debian's 6.1 source (reusing .cache/kernel-build/: a patched build
 * recompiles mm/memory_hotplug.c only), audited against the stock build.
 * - the revert of c5e79ef561b0's offline half, held to the patch profile
 *   beside it: every difference is predicted by `hotplug.offlineHoles`
 *   (or is a declared nondeterministic outcome), none is new semantics;
 * - the deliberately wrong zone choice, held to v6.1: new semantics, shrunk
 *   on the kernels to a scenario the model agrees with on the stock image
 *   and not on the patched one.
 * No QEMU process or temporary folder outlives a command.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditReportJson } from '../oracle/audit/report.ts';
import { repoRoot } from '../test/helpers/cli.ts';

const EXAMPLES = join('oracle', 'audit-examples');
const REVERT_PROFILE = join(EXAMPLES, 'revert-c5e79ef561b0-offline.profile.json');
const SEQUENCES = process.env.MEMHP_AUDIT_SEQUENCES ?? '1';

/** The child's own TMPDIR: other jobs on the machine boot guests in the shared /tmp at the same time. */
const CHILD_TMP = mkdtempSync(join(tmpdir(), 'memhp-audit-examples-'));
afterAll(() => rmSync(CHILD_TMP, { recursive: true, force: true }));

function memhp(args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/memhp.js', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TMPDIR: CHILD_TMP }, maxBuffer: 64 * 2 ** 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const images = new Map<string, string>();

/** `memhp kernel-build --source 6.1 [--patch P]`: the image path it prints (a cached build only relinks). */
function build(patch?: string): string {
  const key = patch ?? 'stock';
  const known = images.get(key);
  if (known !== undefined) return known;
  const r = memhp(['kernel-build', '--source', '6.1', ...(patch !== undefined ? ['--patch', join(EXAMPLES, patch)] : [])]);
  expect(r.code, r.stderr).toBe(0);
  const image = /^ {2}image: +(\S+)$/m.exec(r.stdout)?.[1];
  expect(image, r.stdout).toBeDefined();
  images.set(key, image as string);
  return image as string;
}

const qemuDirs = (): string[] => readdirSync(CHILD_TMP).filter((f) => f.startsWith('memhp-qemu-'));

function audit(args: readonly string[]): { code: number; doc: AuditReportJson; out: string } {
  const dir = join(CHILD_TMP, `report-${qemuDirs().length}-${Date.now()}`);
  const r = memhp(['audit', ...args, '--out', dir]);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(qemuDirs(), 'temporary QEMU folders left behind').toEqual([]);
  expect(existsSync(join(dir, 'report.json')), r.stderr).toBe(true);
  expect(memhp(['report', 'check', join(dir, 'report.json')]).code).toBe(0);
  return { code: r.code, doc: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as AuditReportJson, out: `${r.stdout}\n${r.stderr}` };
}

describe('memhp audit of the audit examples (oracle/audit-examples/)', () => {
  it(`revert of c5e79ef561b0's offline half: only differences hotplug.offlineHoles predicts (${SEQUENCES} sequence(s))`, () => {
    const base = build();
    const patched = build('revert-c5e79ef561b0-offline.patch');
    // boot-blocks: block 7 (RAM ends 128 KiB short of it); offline-block-with-hole: block 1 (a memmap= hole);
    // dimm-sizes and eject: controls without a boot hole
    const files = ['boot-blocks', 'offline-block-with-hole', 'dimm-sizes', 'eject'].map((f) => join('oracle', 'corpus', `${f}.scn`));
    const { code, doc, out } = audit(['--base', base, '--patched', patched, '--to', REVERT_PROFILE, '--files', ...files, '--sequences', SEQUENCES]);
    expect(code, out).toBe(1);
    const rule = 'hotplug.offlineHoles: "einval" → "ebusy"';
    expect(doc.rules.map((r) => r.startsWith(rule))).toEqual([true]);
    expect(doc.changelog.filter((k) => k.verdict === 'new semantics').map((k) => k.kind), out).toEqual([]);
    const predicted = doc.changelog.filter((k) => k.verdict === 'predicted');
    expect(predicted.map((k) => k.kind), out).toContain('state offline: -EINVAL → -EBUSY');
    for (const k of predicted) {
      expect(k.rules.map((r) => r.startsWith(rule)), k.kind).toEqual([true]);
      // predicted means the profiles differ there; here the model also gives each kernel's own answer
      // (a kernel's -EBUSY on an offline is otherwise accepted as its allocations' doing)
      for (const d of k.occurrences.filter((o) => o.what === 'answer')) expect(d.model, `${d.item} ${d.text}`).toEqual({ base: d.base, patched: d.patched });
      // shrunk on the kernels, confirmed on both, and each kernel agrees with its profile there
      expect(k.shrunk?.confirmed, k.kind).toBe(true);
      expect(k.shrunk?.agrees, k.kind).toEqual({ base: true, patched: true });
    }
    // block 7 and block 1: both refused with -EBUSY by the reverted kernel, as the profile says
    const offlined = predicted.flatMap((k) => k.occurrences).map((d) => `${d.item} ${d.text}`);
    expect(offlined).toEqual(expect.arrayContaining(['boot-blocks state 7 offline', 'offline-block-with-hole state 1 offline']));
    // the model agrees with each kernel under its profile on every step of every run
    expect(doc.items.map((i) => [i.name, i.disagreements]), out).toEqual(doc.items.map((i) => [i.name, { base: 0, patched: 0 }]));
  });

  it('a wrong zone choice for online_movable: new semantics, shrunk to a scenario that fails on the patched kernel\'s profile', () => {
    const base = build();
    const patched = build('wrong-zone.patch');
    const { code, doc, out } = audit(['--base', base, '--patched', patched, '--files', join('oracle', 'corpus', 'default-online-movable.scn'), '--sequences', '0']);
    expect(code, out).toBe(1);
    expect(doc.rules).toEqual([]);
    const fresh = doc.changelog.filter((k) => k.verdict === 'new semantics');
    expect(fresh.length, out).toBeGreaterThanOrEqual(1);
    const shrunk = fresh.map((k) => k.shrunk).filter((s) => s !== undefined);
    expect(shrunk.length, out).toBeGreaterThanOrEqual(1);
    const first = shrunk[0]!;
    expect(first.confirmed).toBe(true);
    expect(first.agrees).toEqual({ base: true, patched: false });
    expect(first.steps).toBeLessThanOrEqual(doc.items.find((i) => i.name === first.from)!.steps);
    expect(first.scenario).toMatch(/online_movable/);
  });
});
