/**
 * Builds the machine a scenario describes: its profile (or one named on the
 * command line), geometry, configuration and boot memory.
 */
import { configKey, DEFAULT_CONFIG, type Config } from '../model/config.ts';
import { deriveGeometry, presetGeometry, DEFAULT_GEOMETRY } from '../model/geometry.ts';
import type { MachineSetup } from '../model/implementation.ts';
import type { Profile } from '../model/profile.ts';
import { DEFAULT_PROFILE, findProfile, profileNames } from '../model/profiles/index.ts';
import type { Scenario } from '../scenario/index.ts';

/** Bad input that is not a scenario syntax error (an unknown profile on the command line, …). */
export class UsageError extends Error {}

export function resolveProfile(name: string): Profile {
  const p = findProfile(name);
  if (p === undefined) throw new UsageError(`unknown profile "${name}" (known: ${profileNames().join(', ')})`);
  return p;
}

export function machineFor(scenario: Scenario, profileOverride?: string): MachineSetup {
  const profile = resolveProfile(profileOverride ?? scenario.profile ?? DEFAULT_PROFILE);
  const geometry = scenario.geometry !== undefined ? deriveGeometry(scenario.geometry) : presetGeometry(DEFAULT_GEOMETRY)!;
  let config: Config = DEFAULT_CONFIG;
  for (const line of scenario.config) {
    const key = configKey(line.key);
    if (key !== undefined) config = key.apply(config, line.value);
  }
  return { profile, geometry, config, boot: scenario.boot };
}
