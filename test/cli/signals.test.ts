/**
 * Clean ends: a `memhp run` stopped by a signal after its first failure has
 * printed and saved that failure, says in one line what was stopped and what
 * is on disk, exits 128 + the signal number, and leaves no temporary file
 * and no half-written report. A SIGKILL can leave temporary files: the next
 * start removes them, and no reader takes one meanwhile.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memhp, repoRoot } from '../helpers/cli.ts';

const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `memhp-${name}-`));

interface Ended {
  readonly pid: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts memhp, sends `signal` once `ready` matches its stdout, and resolves when it has ended. */
function stopWhen(args: readonly string[], ready: RegExp, signal: NodeJS.Signals): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/memhp.js', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (!sent && ready.test(stdout)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, sig) => resolve({ pid: child.pid!, code, signal: sig, stdout, stderr }));
  });
}

/** Every temporary file of an atomic write (base/atomic-file.ts) under dir. */
function temps(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('.memhp-tmp-'));
}

// v5.3 fails at its first step; v4.19 (section hotplug, where the switch changes nothing) would pass after minutes.
const LONG_RUN = ['run', '--seed', '7', '--profile', 'v5.3', '--profile', 'v4.19', '--property', 'differential', '--inject', 'swallow-eexist', '--runs', '100000', '--steps', '40'];

describe('memhp run stopped by a signal', () => {
  it('SIGINT after the first failure: printed, saved, one stopped line, exit 130, nothing half-written', async () => {
    const [out, db] = [tmp('out'), tmp('db')];
    const r = await stopWhen([...LONG_RUN, '--workers', '1', '--out', out, '--failures-dir', db], /^ {2}replay: .*\n/m, 'SIGINT');
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toMatch(/^memhp: v5\.3 › differential › step \d+: differential$/m);
    const saved = readdirSync(db);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^v5\.3--differential--[0-9a-f]{12}\.scn$/);
    expect(r.stdout).toContain(`replay: npx memhp replay ${join(db, saved[0]!)} --impl both --inject swallow-eexist`);
    expect(r.stderr).toMatch(
      new RegExp(`^memhp: stopped by SIGINT after 1 of 2 profile × property items; 1 failure saved in ${db}; no report written\\n$`),
    );
    expect(existsSync(join(out, 'report.json'))).toBe(false);
    expect(temps(out)).toEqual([]);
    expect(temps(db)).toEqual([]);
    // the saved failure is a whole scenario the next run and `failures list` read
    const list = memhp(['failures', 'list', '--failures-dir', db]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^1 saved failure in /m);
    // and the printed replay command reproduces it
    const replay = memhp(['replay', join(db, saved[0]!), '--impl', 'both', '--inject', 'swallow-eexist', '--out', tmp('rp')]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/implementations disagree/);
  });

  it('SIGTERM with worker threads: the same clean end, exit 143', async () => {
    const [out, db] = [tmp('out'), tmp('db')];
    const r = await stopWhen([...LONG_RUN, '--workers', '2', '--out', out, '--failures-dir', db], /^ {2}replay: .*\n/m, 'SIGTERM');
    expect(r.code, r.stderr).toBe(143);
    // a slow first item lets the plain 10-second progress line come first: the stop line is then the only other one
    const stop = r.stderr.replace(/^memhp run: \d+\/\d+ profile × property items done.*\n/gm, '');
    expect(stop).toMatch(/^memhp: stopped by SIGTERM after 1 of 2 profile × property items; 1 failure saved in .*; no report written\n$/);
    expect(readdirSync(db)).toHaveLength(1);
    expect(existsSync(join(out, 'report.json'))).toBe(false);
    expect(temps(out)).toEqual([]);
    expect(temps(db)).toEqual([]);
  });

  it('after a SIGKILL the database is whole, and the next start removes dead runs\' temporary files', async () => {
    const [out, db] = [tmp('out'), tmp('db')];
    const r = await stopWhen([...LONG_RUN, '--workers', '2', '--out', out, '--failures-dir', db], /^ {2}replay: .*\n/m, 'SIGKILL');
    expect(r.signal).toBe('SIGKILL');
    // its worker threads were threads of that process: nothing of it is left running
    expect(existsSync(`/proc/${r.pid}`)).toBe(false);
    const saved = readdirSync(db).filter((f) => f.endsWith('.scn'));
    expect(saved.length).toBeGreaterThanOrEqual(1);
    // what a run killed in the middle of a write leaves: temporary files of a pid that is gone
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = `.v5.3--differential--0123456789ab.scn.memhp-tmp-${dead}-0a1b2c3d`;
    writeFileSync(join(db, stale), '# property: differ');
    mkdirSync(join(out, 'counterexamples'), { recursive: true });
    writeFileSync(join(out, 'counterexamples', `.v5.3-differential.scn.memhp-tmp-${dead}-0a1b2c3d`), 'profile v5');
    writeFileSync(join(out, `.report.json.memhp-tmp-${dead}-00000000`), '{');
    // readers never take one
    const list = memhp(['failures', 'list', '--failures-dir', db]);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe('');
    expect(list.stdout).toMatch(new RegExp(`^${saved.length} saved failures? in `, 'm'));
    // the next run clears them before its work
    const next = memhp(['run', '--runs', '2', '--steps', '10', '--profile', 'v5.3', '--property', 'differential', '--workers', '1', '--out', out, '--failures-dir', db]);
    expect(next.code, next.stderr).toBe(0);
    expect(temps(out)).toEqual([]);
    expect(temps(db)).toEqual([]);
    expect(readdirSync(db).filter((f) => f.endsWith('.scn')).sort()).toEqual(saved.sort());
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toMatchObject({ status: 'passed' });
  });
});
