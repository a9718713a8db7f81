/**
 * Every catalogue bug B-1 … B-31 has an entry in regressions/, and every
 * executable entry holds three ways: its pinned scenario passes on the fixed
 * profile with both implementations; with its bug switch on, the named check
 * fails at the stated step; from scratch, the random suite with the switch on
 * and the entry's seed finds it within the budget and shrinks it small. A bug
 * that lives in a modelled historical profile shows there too. The regressions/README.md
 * table is regenerated from the same results and must match the file.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEntry, loadRegressions, RegressionError, type RegressionEntry } from '../../regressions/load.ts';
import { readmePath, withTable } from '../../regressions/readme.ts';
import { runEntry, type EntryReport } from '../../regressions/run.ts';
import { memhp, repoRoot } from '../helpers/cli.ts';

const entries: RegressionEntry[] = loadRegressions(repoRoot);
const executable = entries.filter((e) => e.meta.status === 'executable');
const reports = new Map<string, EntryReport>();

beforeAll(() => {
  for (const e of entries) reports.set(e.meta.id, runEntry(e));
});

const verdict = (id: string, check: string) => reports.get(id)?.checks.find((c) => c.name === check)?.verdict;

describe('the catalogue is complete', () => {
  it('has exactly one entry for each of B-1 … B-31', () => {
    expect(entries.map((e) => e.meta.id)).toEqual(Array.from({ length: 31 }, (_, i) => `B-${i + 1}`));
  });

  it('every entry that is not executable says why', () => {
    for (const e of entries) {
      if (e.meta.status === 'pending') expect(e.meta.pending.length).toBeGreaterThan(10);
      if (e.meta.status === 'not-expressible') expect(e.meta.reason.length).toBeGreaterThan(10);
    }
  });

  it('lists pending entries as pending, never as passing', () => {
    for (const e of entries.filter((x) => x.meta.status !== 'executable')) {
      expect(reports.get(e.meta.id)?.verdict).toBe(e.meta.status);
      expect(reports.get(e.meta.id)?.checks).toEqual([]);
    }
  });
});

describe.each(executable.map((e) => [e.meta.id, e] as const))('%s', (id, entry) => {
  it('(1) the pinned scenario passes on the fixed profile, both implementations', () => {
    const v = verdict(id, 'pinned');
    expect(v?.ok, v?.detail).toBe(true);
  });

  it('(2) with the bug switch on, the named check fails at the stated step', () => {
    const v = verdict(id, 'switch');
    expect(v?.ok, v?.detail).toBe(true);
  });

  it('(3) from scratch, the seeded random suite finds it within the budget and shrinks it small', () => {
    const v = verdict(id, 'scratch');
    expect(v?.ok, v?.detail).toBe(true);
    const r = reports.get(id)!;
    expect(r.runs).toBeLessThanOrEqual(entry.meta.status === 'executable' ? entry.meta.fromScratch.runs : 0);
  });
});

const historical = executable.filter((e) => e.meta.status === 'executable' && e.meta.historical !== undefined);
describe.each(historical.map((e) => [e.meta.id] as const))('%s in its historical profile', (id) => {
  it('running that profile itself shows the bug', () => {
    const v = verdict(id, 'historical');
    expect(v?.ok, v?.detail).toBe(true);
  });
});

describe('regressions/README.md', () => {
  it('carries the table of the current entries (npm run regressions:readme regenerates it)', () => {
    const file = readFileSync(readmePath(repoRoot), 'utf8');
    const rows = entries.map((e) => reports.get(e.meta.id)!);
    expect(file, 'regressions/README.md is stale: run npm run regressions:readme').toBe(withTable(file, rows));
  });
});

describe('the loader', () => {
  const scratch = (): string => mkdtempSync(join(tmpdir(), 'memhp-regressions-'));
  const entryDir = (root: string, name: string, meta: unknown, scn = 'profile v5.5\nadd_pages 0x140000000 2M -> ok\n'): string => {
    const dir = join(root, 'regressions', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'meta.json'), typeof meta === 'string' ? meta : JSON.stringify(meta));
    writeFileSync(join(dir, 'scenario.scn'), scn);
    return dir;
  };
  const good = JSON.parse(readFileSync(join(repoRoot, 'regressions/B-13-valid-section-after-empty/meta.json'), 'utf8')) as Record<string, unknown>;

  it('accepts a well-formed entry', () => {
    const root = scratch();
    const e = loadEntry(root, entryDir(root, 'B-13-x', good, 'profile v5.5\nadd_pages 0x140000000 2M -> ok\nremove_pages 0x140000000 2M -> ok\n'));
    expect(e.pinnedSteps).toBe(2);
  });

  it.each([
    ['a missing field', { ...good, caughtBy: undefined }, /meta\.json: caughtBy: /],
    ['an unknown bug switch', { ...good, inject: 'no-such-switch' }, /inject: unknown bug switch "no-such-switch"/],
    ['an unknown check', { ...good, caughtBy: 'no-such-check' }, /caughtBy: unknown check "no-such-check"/],
    ['a bad commit id', { ...good, fix: { id: 'xyz', title: 't', verified: false, note: 'n' } }, /fix\.id: a commit id is 12 lowercase hex digits/],
    ['an id that does not match the folder', { ...good, id: 'B-12' }, /id: "B-12" does not match the folder B-13-x/],
    ['a step beyond the scenario', { ...good, caughtAtStep: 9 }, /caughtAtStep: 9 is beyond the scenario's 1 steps/],
    ['invalid JSON', '{', /meta\.json: not valid JSON/],
  ])('rejects %s with one line', (_what, meta, message) => {
    const root = scratch();
    const dir = entryDir(root, 'B-13-x', meta);
    expect(() => loadEntry(root, dir)).toThrow(RegressionError);
    expect(() => loadEntry(root, dir)).toThrow(message);
  });

  it('rejects a folder not named B-<nn>-<slug>', () => {
    const root = scratch();
    expect(() => loadEntry(root, entryDir(root, 'bug13', good))).toThrow(/folder name must be B-<nn>-<slug>/);
  });
});

describe('memhp regressions', () => {
  it('prints the table with timings and exits 0 when the entries behave', () => {
    const r = memhp(['regressions', '--only', 'B-27', '--only', 'B-16']);
    expect(r.stderr).toBe('memhp regressions: 2 entries\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\| id \| title \| fix \| profile \| caught by \| runs \| ms \| shrunk\/pinned \| status \|$/m);
    expect(r.stdout).toMatch(/^\| B-27 \| .* \| ok \|$/m);
    expect(r.stdout).toContain('memhp: 2 entries: 2 executable (2 behave, 0 fail), 0 pending, 0 not expressible');
  });

  it('answers an unknown id with one line and exit 2', () => {
    const r = memhp(['regressions', '--only', 'B-99']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^memhp: unknown regression "B-99" \(known: B-1, .*B-31\)\n$/);
  });

  it('each scenario replays with memhp replay on its fixed profile', () => {
    const r = memhp(['replay', 'regressions/B-05-shrink-pgdat-uninit/scenario.scn']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
