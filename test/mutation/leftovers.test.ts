/**
 * npm run mutation leaves nothing behind (mutation/leftovers.ts, mutation/run.ts):
 * the sandboxes that appeared under .stryker-tmp/ during the run and the
 * run's own TMPDIR go, whatever ended it; another run's sandbox stays. The
 * signal path runs mutation/run.ts for real in a scratch project, with a fake
 * `npx` first in PATH standing in for Stryker: it makes a sandbox and a
 * temporary directory, then only sleeps.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareRun, removeRunLeftovers } from '../../mutation/leftovers.ts';
import { repoRoot } from '../helpers/cli.ts';
import { running } from '../helpers/processes.ts';

const base = mkdtempSync(join(tmpdir(), 'memhp-leftovers-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let serial = 0;
const project = (): string => {
  const dir = join(base, `p${serial++}`);
  mkdirSync(dir);
  return dir;
};

describe('removeRunLeftovers', () => {
  it("takes the run's sandboxes and TMPDIR and keeps a sandbox that was there before", () => {
    const root = project();
    mkdirSync(join(root, '.stryker-tmp/sandbox-old'), { recursive: true });
    const run = prepareRun(root, '.stryker-tmp');
    mkdirSync(join(root, '.stryker-tmp/sandbox-new/model'), { recursive: true });
    writeFileSync(join(run.tmpRoot, 'memhp-t-x'), '');
    expect(removeRunLeftovers(run)).toEqual([join(root, '.stryker-tmp/sandbox-new'), run.tmpRoot]);
    expect(readdirSync(join(root, '.stryker-tmp'))).toEqual(['sandbox-old']);
    expect(existsSync(run.tmpRoot)).toBe(false);
  });

  it('takes .stryker-tmp itself when the run made it and nothing else is in it', () => {
    const root = project();
    const run = prepareRun(root, '.stryker-tmp');
    mkdirSync(join(root, '.stryker-tmp/sandbox-new'), { recursive: true });
    removeRunLeftovers(run);
    expect(existsSync(join(root, '.stryker-tmp'))).toBe(false);
  });
});


const FAKE_NPX = `#!/bin/sh
mkdir -p .stryker-tmp/sandbox-fake/model
mkdir -p "$TMPDIR/memhp-t-fake"
echo "$TMPDIR" > seen-tmpdir
echo $$ > seen-pid
echo "fake stryker ready"
exec sleep 60
`;

describe('mutation/run.ts stopped by a signal', () => {
  // SIGINT takes the same handler; one signal keeps this spawn (seconds under load) single
  it('SIGTERM: exit 130, the fake Stryker gone, its sandbox and TMPDIR removed, an older sandbox kept', async () => {
    const root = project();
    symlinkSync(join(repoRoot, 'model'), join(root, 'model'));
    mkdirSync(join(root, '.stryker-tmp/sandbox-old'), { recursive: true });
    const bin = join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'npx'), FAKE_NPX);
    chmodSync(join(bin, 'npx'), 0o755);
    const tsx = import.meta.resolve('tsx');
    const child = spawn(process.execPath, ['--import', tsx, join(repoRoot, 'mutation/run.ts'), '--files', 'model/optimized/errno.ts', '--force'], {
      cwd: root,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('fake stryker ready')) child.kill('SIGTERM');
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(out).toContain('memhp mutation: interrupted');
    expect(code).toBe(130);
    const fake = Number(readFileSync(join(root, 'seen-pid'), 'utf8'));
    expect(running(fake)).toBe(false);
    expect(readdirSync(join(root, '.stryker-tmp'))).toEqual(['sandbox-old']);
    const seen = readFileSync(join(root, 'seen-tmpdir'), 'utf8').trim();
    expect(seen).toMatch(/memhp-mut-/);
    expect(existsSync(seen)).toBe(false);
  });
});
