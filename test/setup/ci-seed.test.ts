/** CI refuses a seed drawn at random (test/setup/seed.ts), and a fixed one, default or given, runs. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ciSeedRefusal, inCi, resolveRunSettings } from '../../properties/settings.ts';
import { memhp, repoRoot } from '../helpers/cli.ts';

describe('the seed under CI', () => {
  it.each([
    [{ CI: 'true', MEMHP_SEED: 'random' }, true],
    [{ CI: '1', MEMHP_SEED: ' random ' }, true],
    [{ CI: 'true' }, false],
    [{ CI: 'true', MEMHP_SEED: '7' }, false],
    [{ MEMHP_SEED: 'random' }, false],
    [{ CI: 'false', MEMHP_SEED: 'random' }, false],
    [{ CI: '0', MEMHP_SEED: 'random' }, false],
  ])('%j refused: %s', (env, refused) => {
    expect(ciSeedRefusal(env, resolveRunSettings(env, () => 7)) !== undefined).toBe(refused);
  });

  it('the default seed is fixed, MEMHP_SEED=random is not', () => {
    expect(resolveRunSettings({}, () => 7)).toMatchObject({ seed: 42, randomSeed: false });
    // the seed of MEMHP_SEED=random comes from the entry point's draw, nowhere else
    expect(resolveRunSettings({ MEMHP_SEED: 'random' }, () => 7)).toMatchObject({ seed: 7, randomSeed: true });
    expect(inCi({ CI: 'yes' })).toBe(true);
    expect(inCi({})).toBe(false);
  });

  it('vitest under CI stops in the setup file with MEMHP_SEED=random', () => {
    const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/checks/observation-key.test.ts', '--reporter', 'dot'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', MEMHP_SEED: 'random', NO_COLOR: '1' },
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('CI refuses to run with MEMHP_SEED=random');
  });

  it('memhp run under CI refuses MEMHP_SEED=random in one line, exit 2', () => {
    const refused = memhp(['run', '--profile', 'v5.5', '--property', 'differential', '--runs', '1', '--steps', '2', '--out', 'reports/out/ci-seed-test'], undefined, { CI: 'true', MEMHP_SEED: 'random' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('memhp: CI refuses to run with MEMHP_SEED=random: set MEMHP_SEED to an integer, or leave it unset for the default seed 42\n');
  });
});
