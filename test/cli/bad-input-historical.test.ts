/**
 * Issue 4's bad input, tried under the historical profiles as a new user
 * would: the kernel's own answer where it has one, else one line and exit 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memhp } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'memhp-bad-hist-'));

const KERNEL_ANSWERS = `geometry x86_64
boot 0x100000 0x3fee0000
add_memory 0x100000000 0 -> -EINVAL          # size 0: check_hotplug_memory_range()
add_memory 0x100000000 128M -> ok
state 40 online -> -ENOENT                   # no memory40 directory in sysfs
online 40 1 -> -ENOENT
valid_zones 40 -> -ENOENT
state 32 onlin -> -EINVAL                    # state_store() knows no such word
block 32 -> offline
`;

describe('bad input under the historical profiles', () => {
  it.each(['v4.10', 'v4.13', 'v4.14'])('%s gives the kernel answers, both implementations agreeing', (profile) => {
    const file = join(dir, `answers-${profile}.scn`);
    writeFileSync(file, `profile ${profile}\n${KERNEL_ANSWERS}`);
    const r = memhp(['replay', file, '--impl', 'both']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/passed: 7 steps/);
  });

  it('an unknown zone name in `zone` is one line and exit 2', () => {
    const file = join(dir, 'zone.scn');
    writeFileSync(file, 'profile v4.13\nzone HighMem\n');
    const r = memhp(['replay', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/zone\.scn:2:6: unknown zone "HighMem"/)]);
  });
});
