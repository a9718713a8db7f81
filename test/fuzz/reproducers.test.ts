/**
 * One shrunk reproducer per kind of finding of the fuzz tier (docs/fuzz.md),
 * through the same in-process entry points: each must now be one short
 * line and exit 2 (or a correct answer). Expected messages are written out
 * by hand.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { errorReport } from '../../cli/errors.ts';
import { failuresListCommand } from '../../cli/failures.ts';
import { bugOptions, intOption } from '../../cli/options.ts';
import { replayCommand } from '../../cli/replay.ts';
import { reportCheckCommand } from '../../cli/report-check.ts';
import { reportMergeCommand } from '../../cli/report-merge.ts';
import { runCommand } from '../../cli/run.ts';
import { captured } from '../../fuzz/capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'memhp-fuzz-repro-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = join(dir, 'out');
const replay = { impl: 'reference' as const, json: false, bugs: new Set<never>(), out };

/** What the CLI would print on stderr and exit with. */
function outcome(fn: () => number): { code: number; stderr: string } {
  const r = captured(fn);
  if (r.error === undefined) return { code: r.value ?? -1, stderr: r.stderr };
  const { text, code } = errorReport(r.error, '');
  return { code, stderr: r.stderr + text };
}

/** Exactly one line, exit 2, matching `pattern`, and short. */
function expectOneLine(fn: () => number, pattern: RegExp, maxLength = 400, code = 2): string {
  const r = outcome(fn);
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr.slice(0, 500)).toHaveLength(1);
  expect(lines[0]!.length, lines[0]!.slice(0, 500)).toBeLessThan(maxLength);
  expect(lines[0]).toMatch(pattern);
  return lines[0]!;
}

function file(name: string, content: string | Buffer): string {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
}

describe('files that are not files, or too large', () => {
  it('/dev/zero is refused before it is read (it used to hang)', () => {
    expectOneLine(() => replayCommand('/dev/zero', replay), /^memhp: \/dev\/zero: not a regular file \(a device, FIFO or socket cannot be read as a scenario file\)$/);
  });
  it('a FIFO with no writer is refused at once', () => {
    const fifo = join(dir, 'fifo.scn');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expectOneLine(() => replayCommand(fifo, replay), /fifo\.scn: not a regular file/);
  });
  it('a scenario above 8 MiB, and a patch profile above 64 KiB', () => {
    const big = file('big.scn', Buffer.alloc(8 * 1024 * 1024 + 1, 0x23));
    expectOneLine(() => replayCommand(big, replay), /big\.scn: too large \(8388609 bytes; a scenario file is at most 8 MiB\)$/);
    const small = file('small.scn', 'profile v5.5\ndump\n');
    const yaml = file('big.profile.yaml', `name: p\nbase: v5.5\nrules:\n${'  - 0\n'.repeat(20_000)}`);
    expectOneLine(() => replayCommand(small, { ...replay, profile: yaml }), /big\.profile\.yaml: too large \(120026 bytes; a patch profile file is at most 64 KiB\)$/);
  });
});

describe('scenarios with megabyte lines or a million steps', () => {
  it('a 1 MB line is refused at column 4097 without scanning it', () => {
    const f = file('line.scn', `profile v6.1\nadd_pages 0x100000000 ${'A'.repeat(1 << 20)}\n`);
    expectOneLine(() => replayCommand(f, replay), /line\.scn:2:4097: line longer than 4096 characters$/);
  });
  it('10^6 steps stop at the 10,001st', () => {
    const f = file('steps.scn', `profile v5.5\n${'dump\n'.repeat(1_000_000)}`);
    expectOneLine(() => replayCommand(f, replay), /steps\.scn:10002:1: more than 10000 steps$/);
  });
});

describe('user input is quoted short and escaped', () => {
  it('a bug switch with a newline', () => {
    // The list of known switches is long (not user input); the input is what must be short and escaped.
    expectOneLine(() => bugOptions(['foo\nbar']).size, /^memhp: unknown bug switch "foo\\u000abar" \(known: swallow-eexist, /, 2000);
  });
  it('a 128 KB option value', () => {
    expectOneLine(() => intOption('seed', 'x'.repeat(128 * 1024), 0, 1), /^memhp: --seed "x{60}…" \(131072 characters\) is not an integer$/);
  });
  // A saved failure that cannot be read is one stderr line and skipped (exit 0): later runs go on (docs/clean-ends.md).
  it('a saved failure with a 200 KB header field', () => {
    const db = join(dir, 'db');
    mkdirSync(db);
    writeFileSync(join(db, 'v5.5--differential--0123456789ab.scn'), `# property: differential\n# seed: 1\n# inject: ${'z'.repeat(200_000)}\nprofile v5.5\ndump\n`);
    expectOneLine(() => failuresListCommand(db), /: unknown bug switch "z{60}…" \(200000 characters\) \(delete it or run memhp failures clear\); skipped$/, 400, 0);
  });
  it('a saved failure whose name and header disagree on a 100-character property', () => {
    const db = join(dir, 'db2');
    mkdirSync(db);
    writeFileSync(join(db, `v5.5--${'x'.repeat(100)}--0123456789ab.scn`), `# property: ${'x'.repeat(1000)}\n# seed: 1\n# inject: \nprofile v5.5\ndump\n`);
    expectOneLine(() => failuresListCommand(db), /: header says property x{60}… \(1000 characters\), the name says x{60}… \(100 characters\) \(delete it/, 400, 0);
  });
  it('a patch profile key of 30 KB, a bidi override in a report key', () => {
    const small = file('small2.scn', 'profile v5.5\ndump\n');
    const p = file('k.profile.json', JSON.stringify({ name: 'p', base: 'v5.5', rules: {}, ['k'.repeat(30_000)]: 1 }));
    expectOneLine(() => replayCommand(small, { ...replay, profile: p }), /k\.profile\.json: \(top level\): unknown key "k{60}…" \(30000 characters\)$/);
    const rep = file('report.json', JSON.stringify({ schemaVersion: 1, ['evil\u202e\n']: 1 }));
    expectOneLine(() => reportCheckCommand(rep), /report\.json: command: /);
  });
  it('a YAML warning (an unknown %YAML version) adds no second stderr line', () => {
    const small = file('small4.scn', 'profile v5.5\ndump\n');
    const y = file('version.profile.yaml', '%YAML 9.9\n---\nname: p\n');
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      expectOneLine(() => replayCommand(small, { ...replay, profile: y }), /version\.profile\.yaml: base: Invalid input: expected string, received undefined$/);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
  it('a YAML patch profile nested 10,000 deep', () => {
    const small = file('small3.scn', 'profile v5.5\ndump\n');
    const y = file('deep.profile.yaml', `${'- '.repeat(10_000)}x\n`);
    expectOneLine(() => replayCommand(small, { ...replay, profile: y }), /deep\.profile\.yaml: not YAML \(Maximum call stack size exceeded\)$/);
  });
});

describe('--path that does not fit the run', () => {
  const base = { seed: 1, numRuns: 100, maxSteps: 120, profiles: ['v6.1'], properties: ['differential'], bugs: new Set<never>(), workers: 1, failuresDir: join(dir, 'fdb'), out };
  it('a path the seed never produces is exit 2, not an internal error', () => {
    expectOneLine(() => runCommand({ ...base, path: '296:686:608:26' }), /^memhp: --path "296:686:608:26" starts at run 296, but there are only 100 runs \(--runs\)$/);
    expectOneLine(
      () => runCommand({ ...base, path: '5:686:608:26' }),
      /^memhp: --path "5:686:608:26" does not lead to a case of v6\.1 › differential with this seed, --runs and --steps \(a path replays only in the run that printed it\)$/,
    );
  });
  it('a replay path too short for the case is exit 2, not an internal error', () => {
    const b5 = { ...base, seed: 4, numRuns: 300, maxSteps: 20, profiles: ['v5.5'], properties: ['no-uninit-memmap-read'], bugs: new Set(['remove-reads-zone'] as const) };
    // Input 12607 of fuzz seed 20261207: B-5's failing run, its path mutated, a well-formed replay path.
    expectOneLine(
      () => runCommand({ ...b5, path: '3:0:0:0:0:2:1:3:1:1:7:24', replayPath: 'AAAB:B' }),
      /^memhp: --replay-path "AAAB:B" does not fit the case --path "3:0:0:0:0:2:1:3:1:1:7:24" replays \(Too short replayPath\)$/,
    );
  });
  it('a path past --runs is exit 2, not a silent pass', () => {
    expectOneLine(() => runCommand({ ...base, numRuns: 5, path: '99999' }), /^memhp: --path "99999" starts at run 99999, but there are only 5 runs \(--runs\)$/);
  });
});

describe('shard records', () => {
  it('a count that is a string is bad input, not an internal error of the report writer', () => {
    const run = { seed: 7, numRuns: 1, maxSteps: 3, profiles: ['v5.5', 'v6.1'], properties: ['differential'], bugs: new Set<never>(), workers: 1, failuresDir: join(dir, 'fdb2') };
    for (const index of [1, 2]) outcome(() => runCommand({ ...run, shard: { index, count: 2 }, out: join(dir, `s${index}`) }));
    const s1 = join(dir, 's1', 'shard.json');
    const rec = JSON.parse(readFileSync(s1, 'utf8')) as { results: Array<{ stats: Record<string, Record<string, unknown>> }> };
    rec.results[0]!.stats = { add_memory: { ok: '1' } };
    writeFileSync(s1, JSON.stringify(rec));
    expectOneLine(() => reportMergeCommand([join(dir, 's1'), join(dir, 's2')], join(dir, 'merged')), /s1\/shard\.json: not a shard record of schema version 1 \(results\[0\]\.stats\.add_memory\.ok: Invalid input: expected number, received string\)$/);
  });
});
