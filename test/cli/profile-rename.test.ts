/** The renamed historical profiles at the command line and in a failure database (docs/historical-profiles.md "Names"). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memhp } from '../helpers/cli.ts';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'memhp-rename-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SCENARIO = (profile: string): string => `profile ${profile}\nadd_memory 0x100000000 128M\n`;
const HEADER = ['# memhp failure: found by memhp run, replayed first by every later run', '# property: differential', '# seed: 1', '# path: ', '# replayPath: ', '# inject: '];

describe('renamed profiles', () => {
  it('a former name still works, with one note line', () => {
    const r = memhp(['profiles', '--explain', 'v4.12']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('memhp: note: profile v4.12 is now called v4.13, after the first kernel release with its semantics\n');
    expect(r.stdout.split('\n')[0]).toMatch(/^v4\.13: kernel v4\.13 \(f1dd2cd13c4b\)/);
  });

  it('v4.13 is the kernel-v4.13 profile, and says where the former v4.13 went', () => {
    const r = memhp(['profiles', '--explain', 'v4.13']);
    expect(r.stderr).toBe('memhp: note: profile v4.13 now names the semantics first released in v4.13 (formerly profile v4.12); the former profile v4.13 is v4.14\n');
    expect(r.stdout.split('\n')[0]).toMatch(/^v4\.13: /);
    expect(memhp(['profiles', '--explain', 'v4.14']).stderr).toBe('');
  });

  it('a run names no renaming the user did not type: none over every profile, one for a typed v4.13', () => {
    const all = memhp(['run', '--runs', '1', '--steps', '2', '--workers', '2', '--out', tmp(), '--failures-dir', tmp()]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).not.toContain('memhp: note: profile');
    const typed = memhp(['run', '--runs', '1', '--steps', '2', '--workers', '2', '--profile', 'v4.13', '--profile', 'v4.14', '--out', tmp(), '--failures-dir', tmp()]);
    expect(typed.code, typed.stderr).toBe(0);
    expect(typed.stderr.split('\n').filter((l) => l.startsWith('memhp: note: profile'))).toEqual([
      'memhp: note: profile v4.13 now names the semantics first released in v4.13 (formerly profile v4.12); the former profile v4.13 is v4.14',
    ]);
  });

  it('a scenario naming a former profile replays under the renamed one', () => {
    const dir = tmp();
    const file = join(dir, 'old.scn');
    writeFileSync(file, SCENARIO('v4.11'));
    const r = memhp(['replay', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('memhp: note: profile v4.11 is now called v4.10');
  });

  it('a saved failure written before the rename keeps its meaning; one written after it means the new name', () => {
    const db = tmp();
    writeFileSync(join(db, 'v4.13--differential--0123456789ab.scn'), `${HEADER.join('\n')}\n${SCENARIO('v4.13')}`);
    writeFileSync(join(db, 'v4.13--differential--ba9876543210.scn'), `${[...HEADER, '# profiles: named after their first kernel release'].join('\n')}\n${SCENARIO('v4.13')}`);
    const r = memhp(['failures', 'list', '--failures-dir', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('v4.13--differential--0123456789ab.scn  v4.14 › differential');
    expect(r.stdout).toContain('v4.13--differential--ba9876543210.scn  v4.13 › differential');
  });
});
