/**
 * The audit's report directory: valid against its schema, accepted by
 * `memhp report check`, the same bytes when written twice, no temporary file
 * left behind; a broken document is refused by report check in one line.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditReportJson, writeAuditReport } from '../../oracle/audit/report.ts';
import { parseScenario } from '../../scenario/index.ts';
import { memhp } from '../helpers/cli.ts';

const steps = parseScenario('config memmap_on_memory Y\nadd_memory 0x100000000 256M\nstate 32 online_movable\n', 't').steps.map((s) => s.step);
const diff = { item: 'mm', step: 2, line: 3, text: 'state 32 online_movable', what: 'zone Movable', base: 'spanned=32768 present=32768 managed=32768', patched: 'spanned=32768 present=32768 managed=32256', kind: 'state online_movable: zone Movable pages', verdict: 'predicted' as const, rules: ['modern.memmapOnMemory: "v5.12" → "v6.7" (6b8f0798b85a, v6.7)'] };
const doc = auditReportJson({
  base: { name: '6.1', release: '6.1.0-50-amd64', pkg: 'linux-image-6.1.0-50-amd64', profile: 'v6.1' },
  patched: { name: '6.12', release: '6.12.117+deb13-amd64', pkg: 'linux-image-6.12.117+deb13-amd64', profile: 'v6.12' },
  seed: 1,
  sequences: 0,
  steps: 12,
  files: ['oracle/corpus/memmap-on-memory.scn'],
  rules: diff.rules,
  result: {
    items: [{ item: { name: 'mm', origin: 'x', config: ['config memmap_on_memory Y'], steps }, differences: [diff], disagreements: { base: 0, patched: 0 }, latitudes: { base: [], patched: [] } }],
    kinds: [{ kind: diff.kind, verdict: 'predicted', occurrences: [diff], rules: diff.rules, shrunk: { from: 'mm', config: ['config memmap_on_memory Y'], steps, attempts: 3, confirmed: true, verdict: 'predicted', agrees: { base: true, patched: true } } }],
  },
});

describe('audit report', () => {
  it('writes report.json, summary.md, report.html and the shrunk scenario, byte-identical twice, nothing temporary left', () => {
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'memhp-audit-')));
    for (const d of dirs) writeAuditReport(d, doc);
    const files = ['report.json', 'summary.md', 'report.html', 'counterexamples/01-state-online-movable-zone-movable-pages.scn'];
    for (const f of files) expect(readFileSync(join(dirs[1]!, f), 'utf8'), f).toBe(readFileSync(join(dirs[0]!, f), 'utf8'));
    expect(readdirSync(dirs[0]!).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const scn = readFileSync(join(dirs[0]!, files[3]!), 'utf8');
    expect(scn).toContain('add_memory 0x100000000 256M');
    expect(() => parseScenario(scn, 'x')).not.toThrow();
    expect(doc.status).toBe('failed');
    const ok = memhp(['report', 'check', join(dirs[0]!, 'report.json')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('memhp audit, failed');
    const bad = join(dirs[1]!, 'report.json');
    writeFileSync(bad, JSON.stringify({ ...doc, verdicts: { predicted: -1, nondeterministic: 0, 'new semantics': 0 } }));
    const r = memhp(['report', 'check', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('verdicts.predicted');
  }, 60_000);
});
