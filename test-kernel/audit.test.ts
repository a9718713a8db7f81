/**
 * `memhp audit` on the stock kernels, through the real CLI: a kernel against
 * itself shows no difference that is not nondeterministic (exit 0); 6.1
 * against 6.12 shows differences (exit 1), each of them predicted by the
 * v6.1 → v6.12 rules or a declared nondeterministic outcome, none of them
 * new semantics; the report is valid. And `memhp kernel --format ktap` on a
 * real guest is KTAP v1 (test/helpers/ktap-parse.ts). No QEMU process or
 * temporary folder outlives a command. Each audit runs its base and patched
 * guests at once (one per core), so the audits run one after the other;
 * under `npm run test:kernel` their guests restore the corpus's saved boots
 * (test-kernel/saved-boots.ts) instead of booting.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelImage } from '../oracle/kernels.ts';
import type { AuditReportJson } from '../oracle/audit/report.ts';
import { parseKtap } from '../test/helpers/ktap-parse.ts';
import { memhpAsync, type CliResult } from '../test/helpers/cli.ts';

const SEQUENCES = process.env.MEMHP_AUDIT_SEQUENCES ?? '2';
const FILES = ['oracle/corpus/memmap-on-memory.scn', 'oracle/corpus/eject.scn'];

/** The child's own TMPDIR: other jobs on the machine boot guests in the shared /tmp at the same time. */
const CHILD_TMP = mkdtempSync(join(tmpdir(), 'memhp-audit-tmp-'));
afterAll(() => rmSync(CHILD_TMP, { recursive: true, force: true }));

/** Each command gets a TMPDIR of its own too: each audit checks it left no folder of its own behind. */
function memhp(args: readonly string[], tmp: string = mkdtempSync(join(CHILD_TMP, 'cmd-'))): Promise<CliResult> {
  return memhpAsync(args, { TMPDIR: tmp });
}

const qemuDirs = (tmp: string): string[] => readdirSync(tmp).filter((f) => f.startsWith('memhp-qemu-'));

async function audit(base: string, patched: string): Promise<{ code: number; doc: AuditReportJson; out: string }> {
  kernelImage('6.1');
  kernelImage('6.12'); // a missing kernel fails here with the command that fetches it
  const out = join('reports', 'out', `audit-ci-${base}-${patched}`);
  rmSync(out, { recursive: true, force: true });
  const tmp = mkdtempSync(join(CHILD_TMP, `${base}-${patched}-`));
  // Two corpus files keep the tier's time in hand: memmap-on-memory shows 6b8f0798b85a (v6.7), eject the DIMM path.
  const r = await memhp(['audit', '--base', base, '--patched', patched, '--files', ...FILES, '--sequences', SEQUENCES, '--out', out], tmp);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(qemuDirs(tmp), 'temporary QEMU folders left behind').toEqual([]);
  expect(existsSync(join(out, 'report.json')), r.stderr).toBe(true);
  expect((await memhp(['report', 'check', join(out, 'report.json')])).code).toBe(0);
  return { code: r.code, doc: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AuditReportJson, out: `${r.stdout}\n${r.stderr}` };
}

describe('memhp audit on the stock kernels', () => {
  it(`6.1 against 6.1 (${SEQUENCES} sequences): nothing but nondeterministic differences, exit 0`, async () => {
    const { code, doc, out } = await audit('6.1', '6.1');
    expect(doc.changelog.filter((k) => k.verdict !== 'nondeterministic').map((k) => k.kind), out).toEqual([]);
    expect(code, out).toBe(0);
  });

  it(`6.1 against 6.12 (${SEQUENCES} sequences): differences, each predicted by the profiles or nondeterministic, exit 1`, async () => {
    const { code, doc, out } = await audit('6.1', '6.12');
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
  it('one KTAP test point per scenario, from a real guest', async () => {
    kernelImage('6.1');
    const r = await memhp(['kernel', 'oracle/corpus/eject.scn', '--kernel', '6.1', '--format', 'ktap']);
    expect(r.code, r.stderr).toBe(0);
    const doc = parseKtap(r.stdout);
    expect(doc.points.map((p) => [p.ok, p.description])).toEqual([[true, '6.1 eject']]);
    expect(doc.points[0]!.diagnostics[0]).toMatch(/^6\.1\.0-\d+-amd64, profile v6\.1, \d+ steps, 0 disagreements/);
  });
});
