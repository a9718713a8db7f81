/** Run settings from the environment: fixed by default, MEMHP_SEED=random only outside CI. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED, resolveRunSettings, SettingsError } from '../../properties/settings.ts';
import { memhp } from '../helpers/cli.ts';

const draw = () => 12345;

describe('MEMHP_SEED', () => {
  it('defaults to the fixed seed, CI or not', () => {
    expect(resolveRunSettings({}, draw).seed).toBe(DEFAULT_SEED);
    expect(resolveRunSettings({ CI: 'true' }, draw).seed).toBe(DEFAULT_SEED);
  });

  it('random draws a seed outside CI', () => {
    expect(resolveRunSettings({ MEMHP_SEED: 'random' }, draw).seed).toBe(12345);
    expect(resolveRunSettings({ MEMHP_SEED: 'random', CI: 'false' }, draw).seed).toBe(12345);
  });

  it('random is refused under CI', () => {
    expect(() => resolveRunSettings({ MEMHP_SEED: 'random', CI: 'true' }, draw)).toThrow(SettingsError);
    expect(() => resolveRunSettings({ MEMHP_SEED: 'random', CI: '1' }, draw)).toThrow(/refused under CI/);
  });

  it('memhp run refuses it under CI in one line, exit 2, and prints the drawn seed otherwise', () => {
    const refused = memhp(['run', '--runs', '1', '--profile', 'v5.5'], undefined, { MEMHP_SEED: 'random', CI: 'true' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('memhp: MEMHP_SEED=random is refused under CI (CI is set): a CI run must be reproducible; give a number\n');
    const drawn = memhp(['run', '--runs', '1', '--steps', '5', '--profile', 'v5.5', '--no-failures-db', '--out', mkdtempSync(join(tmpdir(), 'memhp-random-'))], undefined, {
      MEMHP_SEED: 'random',
      CI: '',
    });
    expect(drawn.code, drawn.stderr).toBe(0);
    expect(drawn.stdout).toMatch(/memhp run: seed -?\d+, 1 profile/);
  });
});
