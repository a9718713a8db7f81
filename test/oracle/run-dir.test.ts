/** QEMU run folders record their owner; the next run removes only those whose owner is dead. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimRunDir, clearStaleRunDirs, ownerAlive } from '../../oracle/run-dir.ts';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const r = spawnSync('sh', ['-c', 'echo $$']);
  return Number(r.stdout.toString().trim());
}

describe('run folders', () => {
  it('knows this process is alive and an exited one is not', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'memhp-rundir-'));
    const mine = join(tmp, 'memhp-qemu-mine');
    mkdirSync(mine);
    claimRunDir(mine);
    expect(ownerAlive(`${process.pid} ?`)).toBe(true);
    expect(ownerAlive(`${deadPid()} 1`)).toBe(false);
    // a live pid with another start time is a reused pid: its owner is gone
    expect(ownerAlive(`${process.pid} 1`)).toBe(false);
    expect(ownerAlive('garbage')).toBe(false);
  });

  it('removes the folders of dead owners and keeps live or unclaimed ones', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'memhp-rundir-'));
    const live = join(tmp, 'memhp-qemu-live');
    const dead = join(tmp, 'memhp-qemu-dead');
    const unclaimed = join(tmp, 'memhp-qemu-new');
    const other = join(tmp, 'other-dead');
    for (const d of [live, dead, unclaimed, other]) mkdirSync(d);
    claimRunDir(live);
    writeFileSync(join(dead, 'owner'), `${deadPid()} 12345\n`);
    writeFileSync(join(dead, 'console.log'), 'x');
    writeFileSync(join(other, 'owner'), `${deadPid()} 12345\n`);
    expect(clearStaleRunDirs(tmp)).toEqual([dead]);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(unclaimed)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});
