/**
 * `memhp run --generation state-aware`: a failure it finds re-runs from the
 * line it prints, and the generation travels with it into the failure
 * database, the shard record and the merged report's re-run command.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memhp } from '../helpers/cli.ts';

/** The arguments of a printed `npx memhp …` line, its double-quoted tokens unquoted. */
function argsOf(line: string): string[] {
  return [...line.replace(/^.*npx memhp /, '').matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `memhp-gen-${name}-`));

describe('memhp run --generation', () => {
  it('state-aware: finds a bug, prints a re-run line that reproduces it, and records the generation wherever the run is kept', () => {
    const out = tmp('out');
    const failures = tmp('db');
    // with the state-aware generation, seed 7's first run fails already: the test stays short
    const base = ['run', '--seed', '7', '--runs', '30', '--steps', '30', '--profile', 'v5.5', '--property', 'differential', '--inject', 'valid-after-empty'];
    const r = memhp([...base, '--generation', 'state-aware', '--shard', '1/1', '--out', out, '--failures-dir', failures]);
    expect(r.code, r.stderr).toBe(1);
    const rerun = /^ {2}re-run: (.*)$/m.exec(r.stdout)?.[1];
    expect(rerun).toMatch(/ --inject valid-after-empty --generation state-aware$/);
    const counterexample = readFileSync(join(out, 'counterexamples', 'v5.5-differential.scn'), 'utf8');
    const printed = counterexample.trimEnd().split('\n').map((l) => `    ${l}`).join('\n');
    expect(r.stdout).toContain(printed);

    const again = memhp([...argsOf(rerun!), '--out', tmp('again')]);
    expect(again.code, again.stderr).toBe(1);
    expect(again.stdout).toContain(printed);

    const saved = readdirSync(failures).filter((f) => f.endsWith('.scn'));
    expect(saved).toHaveLength(1);
    expect(readFileSync(join(failures, saved[0]!), 'utf8')).toMatch(/^# generation: state-aware$/m);
    expect(memhp(['failures', 'list', '--failures-dir', failures]).stdout).toMatch(/ {2}generation state-aware$/m);

    const shard = JSON.parse(readFileSync(join(out, 'shard.json'), 'utf8')) as { generation?: string };
    expect(shard.generation).toBe('state-aware');
    const merged = tmp('merged');
    expect(memhp(['report', 'merge', out, '--out', merged]).code).toBe(1);
    const report = JSON.parse(readFileSync(join(merged, 'report.json'), 'utf8')) as { counterexamples: Array<{ replay: { commands: string[] } }> };
    expect(report.counterexamples[0]!.replay.commands[1]).toBe(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).counterexamples[0].replay.commands[1]);
    expect(report.counterexamples[0]!.replay.commands[1]).toMatch(/ --generation state-aware$/);
  });

  it('an unknown kind is one line and exit 2', () => {
    const r = memhp(['run', '--generation', 'smart', '--profile', 'v5.5', '--runs', '1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('memhp: --generation "smart" is not one of plain, state-aware\n');
  });
});
