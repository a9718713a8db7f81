/**
 * Builds the machine a scenario describes: its profile (or one named on the
 * command line), geometry, configuration and boot memory.
 */
import { configKey, DEFAULT_CONFIG, type Config } from '../model/config.ts';
import { deriveGeometry, presetGeometry, DEFAULT_GEOMETRY } from '../model/geometry.ts';
import type { MachineSetup } from '../model/implementation.ts';
import type { Profile } from '../model/profile.ts';
import { DEFAULT_PROFILE, findProfile, PROFILES, profileNames, renamedProfileNote } from '../model/profiles/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { excerpt } from '../base/error-line.ts';
import { note } from '../base/note.ts';
import { UsageError } from '../base/usage-error.ts';

export function resolveProfile(name: string): Profile {
  const p = findProfile(name);
  if (p === undefined) throw new UsageError(`unknown profile ${excerpt(name)} (known: ${profileNames().join(', ')})`);
  const renamed = renamedProfileNote(name);
  if (renamed !== undefined) note(renamed);
  return p;
}

/**
 * The profile this program named itself (a worker's request, a shard record's
 * results): the canonical name only, with no renaming note, which is for
 * names a user typed or a saved file carries.
 */
export function profileNamed(name: string): Profile {
  const p = PROFILES.find((q) => q.name === name);
  if (p === undefined) throw new UsageError(`unknown profile ${excerpt(name)} (known: ${PROFILES.map((q) => q.name).join(', ')})`);
  return p;
}

export function machineFor(scenario: Scenario, profileOverride?: string): MachineSetup {
  const profile = resolveProfile(profileOverride ?? scenario.profile ?? DEFAULT_PROFILE);
  refuseUnmodelledFaults(profile, scenario);
  const geometry = scenario.geometry !== undefined ? deriveGeometry(scenario.geometry) : presetGeometry(DEFAULT_GEOMETRY)!;
  let config: Config = DEFAULT_CONFIG;
  for (const line of scenario.config) {
    const key = configKey(line.key);
    if (key !== undefined) config = key.apply(config, line.value);
  }
    refuseWithoutDriver(profile, scenario);
  return {
    profile,
    geometry,
    config,
    boot: scenario.boot,
    ...(scenario.pmem === undefined ? {} : { pmem: scenario.pmem }),
    ...(scenario.virtioMem === undefined ? {} : { virtioMem: scenario.virtioMem }),
  };
}

/**
 * Before db051a0dac13 memory block devices were registered inside
 * __add_section(), and a failure there leaves a half-added range that no
 * implementation models: refused rather than answered wrongly.
 */
function refuseUnmodelledFaults(profile: Profile, scenario: Scenario): void {
  if (profile.hotplug.blockDevices.value === 'after-arch-add') return;
  const at = scenario.steps.find(({ step }) => step.op === 'fail' && step.alloc === 'memory_block');
  if (at === undefined) return;
  throw new UsageError(
    `line ${at.line}: fault point memory_block is not modelled for ${profile.name}, which registers memory blocks inside __add_section(); use a profile from v5.3 on`,
  );
}

/** virtio-mem arrives in v5.8 (5f1f79bbc9e2): a profile without the driver cannot answer for a device. */
function refuseWithoutDriver(profile: Profile, scenario: Scenario): void {
  if (scenario.virtioMem === undefined || profile.modern.virtioMemSubBlock.value !== 'none') return;
  throw new UsageError(`config virtio_mem needs a profile with the virtio-mem driver (v5.10 on): ${profile.name} has none`);
}
