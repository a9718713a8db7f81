/**
 * The conformance properties as vitest tests: every default property under
 * every profile, from the global seed (names carry no seed, so they are
 * stable across runs).
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../model/profiles/index.ts';
import { DEFAULT_PROPERTIES } from '../../properties/catalogue.ts';
import { INTERESTING_STATES } from '../../properties/coverage.ts';
import { resolveRunSettings } from '../../properties/settings.ts';
import { explain, runFor } from '../helpers/property.ts';

/** Profiles that shrink spans at hot-remove, reading never-onlined memmaps (B-5, B-7, B-29); v4.11 initialises them at hot-add. */
const SHRINK_AT_REMOVE = new Set(
  PROFILES.filter((p) => p.hotplug.shrinkAt.value === 'remove' && p.hotplug.zoneAtAdd.value === 'none').map((p) => p.name),
);

/**
 * The historical profiles (v4.11-v4.13) get a fifth of the run budget in npm
 * test to keep it short; `memhp run` and MEMHP_NUM_RUNS give them the full one.
 */
const HISTORICAL = new Set(['v4.11', 'v4.12', 'v4.13']);
const budget = (name: string): { numRuns?: number } =>
  HISTORICAL.has(name) ? { numRuns: Math.max(10, Math.ceil(resolveRunSettings(process.env).numRuns / 5)) } : {};

/** Interesting states reached by the runs above, across profiles. */
const reached = new Set<string>();

describe.each(PROFILES.map((p) => [p.name, p] as const))('profile %s', (_name, profile) => {
  it.each(DEFAULT_PROPERTIES.map((p) => [p.name, p] as const))('%s holds', (_prop, property) => {
    const r = runFor(profile, property, budget(profile.name));
    for (const name of Object.keys(r.reached)) reached.add(name);
    expect(r.status, explain(r)).toBe('passed');
    expect(r.numRuns).toBeGreaterThan(0);
    if (property.name === 'invariants' && SHRINK_AT_REMOVE.has(profile.name)) {
      // The bugs of seed 001 live in these profiles: the run must show them, not hide them.
      expect(r.findings['no-uninit-memmap-read'] ?? 0).toBeGreaterThan(0);
    }
  });
});

describe('the default run reaches every interesting state', () => {
  it.each(INTERESTING_STATES.map((st) => [st.name] as const))('%s', (name) => {
    expect(reached.has(name), `no run of the default suite reached ${name}`).toBe(true);
  });
});
