/**
 * `memhp audit` on the stock kernels, through the real CLI: a kernel against
 * itself shows no difference that is not nondeterministic (exit 0); 6.1
 * against 6.12 shows differences (exit 1), each of them predicted by the
 * v6.1 → v6.12 rules or a declared nondeterministic outcome, none of them
 * new semantics; the report is valid. And `memhp kernel --format ktap` on a
 * real guest is KTAP v1 (test/helpers/ktap-parse.ts). No QEMU process or
 * temporary folder outlives a command.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelImage } from '../oracle/kernels.ts';
import type { AuditReportJson } from '../oracle/audit/report.ts';
import { parseKtap } from '../test/helpers/ktap-parse.ts';

const SEQUENCES = process.env.MEMHP_AUDIT_SEQUENCES ?? '2';
const FILES = ['oracle/corpus/memmap-on-memory.scn', 'oracle/corpus/eject.scn'];

/** The child's own TMPDIR: other jobs on the machine boot guests in the shared /tmp at the same time. */
const CHILD_TMP = mkdtempSync(join(tmpdir(), 'memhp-audit-tmp-'));

function memhp(args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/memhp.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TMPDIR: CHILD_TMP } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const qemuDirs = (): string[] => readdirSync(CHILD_TMP).filter((f) => f.startsWith('memhp-qemu-'));

function audit(base: string, patched: string): { code: number; doc: AuditReportJson; out: string } {
  kernelImage('6.1');
  kernelImage('6.12'); // a missing kernel fails here with the command that fetches it
  const out = mkdtempSync(join(tmpdir(), 'memhp-audit-kernel-'));
  const before = qemuDirs();
  // Two corpus files keep the tier's time in hand: memmap-on-memory shows 6b8f0798b85a (v6.7), eject the DIMM path.
  const r = memhp(['audit', '--base', base, '--patched', patched, '--files', ...FILES, '--sequences', SEQUENCES, '--out', out]);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(qemuDirs().filter((d) => !before.includes(d)), 'temporary QEMU folders left behind').toEqual([]);
  expect(existsSync(join(out, 'report.json')), r.stderr).toBe(true);
  expect(memhp(['report', 'check', join(out, 'report.json')]).code).toBe(0);
  return { code: r.code, doc: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AuditReportJson, out: `${r.stdout}\n${r.stderr}` };
}

describe('memhp audit on the stock kernels', () => {
  it(`6.1 against 6.1 (${SEQUENCES} sequences): nothing but nondeterministic differences, exit 0`, () => {
    const { code, doc, out } = audit('6.1', '6.1');
    expect(doc.changelog.filter((k) => k.verdict !== 'nondeterministic').map((k) => k.kind), out).toEqual([]);
    expect(code, out).toBe(0);
  });

  it(`6.1 against 6.12 (${SEQUENCES} sequences): differences, each predicted by the profiles or nondeterministic, exit 1`, () => {
    const { code, doc, out } = audit('6.1', '6.12');
    expect(code, out).toBe(1);
    expect(doc.changelog.length).toBeGreaterThan(0);
    expect(doc.changelog.filter((k) => k.verdict === 'new semantics').map((k) => k.kind), out).toEqual([]);
    // memmap_on_memory for each block of a multi-block DIMM (6b8f0798b85a, v6.7) is among the changes
    expect(doc.changelog.some((k) => k.verdict === 'predicted' && k.rules.some((r) => r.startsWith('modern.memmapOnMemory:')))).toBe(true);
    // each shortest reproducer is no longer than the run it came from
    for (const k of doc.changelog) {
      if (k.shrunk !== undefined) expect(k.shrunk.steps, k.kind).toBeLessThanOrEqual(doc.items.find((i) => i.name === k.shrunk!.from)!.steps);
    }
  });
});

describe('memhp kernel --format ktap', () => {
  it('one KTAP test point per scenario, from a real guest', () => {
    kernelImage('6.1');
    const r = memhp(['kernel', 'oracle/corpus/eject.scn', '--kernel', '6.1', '--format', 'ktap']);
    expect(r.code, r.stderr).toBe(0);
    const doc = parseKtap(r.stdout);
    expect(doc.points.map((p) => [p.ok, p.description])).toEqual([[true, '6.1 eject']]);
    expect(doc.points[0]!.diagnostics[0]).toMatch(/^6\.1\.0-\d+-amd64, profile v6\.1, \d+ steps, 0 disagreements/);
  });
});
