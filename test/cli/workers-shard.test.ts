/**
 * A run gives the same bytes whatever the number of workers, and its shards
 * merged give the report of the whole run.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShard, shardItems } from '../../engine/shard.ts';
import { memhp } from '../helpers/cli.ts';

/** Every file under a report directory, by relative path, as bytes. */
function tree(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name).slice(dir.length + 1)] = readFileSync(join(e.parentPath, e.name));
  }
  return out;
}

const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `memhp-${name}-`));

// Two profiles, both default properties, a switch that fails some of them: counterexamples in the report.
const RUN = ['run', '--runs', '10', '--steps', '20', '--seed', '11', '--profile', 'v5.3', '--profile', 'v5.5', '--inject', 'swallow-eexist'];

describe('memhp run --workers and --shard', () => {
  it('writes the same report and prints the same text with 1 and 2 workers, and its shards merge into that report', () => {
    const one = tmp('w1');
    const two = tmp('w2');
    // Each run its own failure database, named after its report so that the texts compare.
    const r1 = memhp([...RUN, '--workers', '1', '--out', one, '--failures-dir', `${one}-failures`]);
    const r2 = memhp([...RUN, '--workers', '2', '--out', two, '--failures-dir', `${two}-failures`]);
    expect(r1.code, r1.stderr).toBe(1);
    expect(r2.code, r2.stderr).toBe(1);
    expect(r2.stdout.replaceAll(two, 'OUT')).toBe(r1.stdout.replaceAll(one, 'OUT'));
    const whole = tree(one);
    expect(Object.keys(whole)).toContain('report.json');
    expect(Object.keys(whole).some((f) => f.startsWith('counterexamples/'))).toBe(true);
    expect(tree(two)).toEqual(whole);

    const s1 = tmp('s1');
    const s2 = tmp('s2');
    expect(memhp([...RUN, '--workers', '1', '--shard', '1/2', '--out', s1]).code).toBe(1);
    expect(memhp([...RUN, '--workers', '1', '--shard', '2/2', '--out', s2]).code).toBe(1);
    const merged = tmp('merged');
    const m = memhp(['report', 'merge', s2, s1, '--out', merged]);
    expect(m.code, m.stderr).toBe(1);
    expect(m.stdout).toMatch(/2 shard\(s\), \d+ passed, \d+ failed/);
    expect(tree(merged)).toEqual(whole);
  });

  it('merges the shards of a swarm run into the swarm run\'s report, re-run lines with --swarm', () => {
    const SWARM = ['run', '--runs', '6', '--steps', '20', '--seed', '11', '--profile', 'v5.5', '--inject', 'swallow-eexist', '--swarm', '--workers', '1'];
    const whole = tmp('swarm');
    expect(memhp([...SWARM, '--out', whole, '--failures-dir', `${whole}-failures`]).code).toBe(1);
    const report = readFileSync(join(whole, 'report.json'), 'utf8');
    expect(report).toContain('--swarm');
    const s1 = tmp('sw1');
    const s2 = tmp('sw2');
    expect(memhp([...SWARM, '--shard', '1/2', '--out', s1, '--failures-dir', `${s1}-failures`]).code).not.toBe(2);
    expect(memhp([...SWARM, '--shard', '2/2', '--out', s2, '--failures-dir', `${s2}-failures`]).code).not.toBe(2);
    const merged = tmp('swm');
    const m = memhp(['report', 'merge', s1, s2, '--out', merged]);
    expect(m.code, m.stderr).toBe(1);
    expect(tree(merged)).toEqual(tree(whole));
  });

  it('refuses a malformed --shard and an incomplete merge with one line and exit 2', () => {
    const bad = memhp(['run', '--shard', '3/2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^memhp: --shard "3\/2" is not <index>\/<count>.*\n$/);
    const s1 = tmp('only');
    memhp(['run', '--runs', '1', '--steps', '5', '--profile', 'v5.5', '--workers', '1', '--shard', '1/2', '--out', s1]);
    const m = memhp(['report', 'merge', s1, '--out', tmp('m')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toBe('memhp: report merge: shard(s) 2/2 missing\n');
  });

  it('cuts the work into disjoint shards that cover it', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.integer({ min: 1, max: 20 }), (n, count) => {
        const items = Array.from({ length: n }, (_, i) => i);
        const slices = Array.from({ length: count }, (_, i) => shardItems(items, parseShard(`${i + 1}/${count}`)));
        expect(slices.flat()).toEqual(items);
      }),
    );
  });
});
