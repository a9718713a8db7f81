/** `memhp regressions` writes a report directory like the other commands, the same bytes for the same run. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memhp } from '../helpers/cli.ts';

describe('memhp regressions report', () => {
  it('writes report.json (valid), summary.md and report.html, byte-identical when repeated', () => {
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'memhp-regr-')));
    for (const d of dirs) {
      const r = memhp(['regressions', '--only', 'B-5', '--out', d]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`report: ${join(d, 'report.json')}`);
    }
    const doc = JSON.parse(readFileSync(join(dirs[0]!, 'report.json'), 'utf8')) as { command: string; status: string; properties: Array<{ property: string; status: string }> };
    expect(doc.command).toBe('regressions');
    expect(doc.status).toBe('passed');
    expect(doc.properties.map((p) => p.property)).toEqual(['B-5 pinned', 'B-5 switch', 'B-5 scratch', 'B-5 historical']);
    for (const f of ['report.json', 'summary.md', 'report.html']) {
      expect(readFileSync(join(dirs[1]!, f), 'utf8'), f).toBe(readFileSync(join(dirs[0]!, f), 'utf8'));
    }
    expect(memhp(['report', 'check', join(dirs[0]!, 'report.json')]).code).toBe(0);
  }, 60_000);
});
