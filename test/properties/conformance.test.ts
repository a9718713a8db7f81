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

/** Profiles that shrink spans at hot-remove, reading never-onlined memmaps (B-5, B-7, B-29); v4.10 initialises them at hot-add. */
const SHRINK_AT_REMOVE = new Set(
  PROFILES.filter((p) => p.hotplug.shrinkAt.value === 'remove' && p.hotplug.zoneAtAdd.value === 'none').map((p) => p.name),
);

/**
 * Many profiles share most of their rules: npm test gives the full budget to
 * v4.19, v5.3, v5.5 and latest (v7.3, which has every modern rule but the
 * v5.12/v6.6 memmap_on_memory limits) and a tenth of it (at least 10 runs) to
 * the others. `memhp run` (npm run conformance) and MEMHP_NUM_RUNS give every
 * profile the full budget.
 */
const FULL_BUDGET = new Set(['v4.19', 'v5.3', 'v5.5', 'v7.3']);
const budgetOf = (name: string): { numRuns?: number } =>
  FULL_BUDGET.has(name) ? {} : { numRuns: Math.max(10, Math.ceil(resolveRunSettings(process.env, () => 0).numRuns / 10)) };

/** Interesting states reached by the runs above, across profiles. */
const reached = new Set<string>();

describe.each(PROFILES.map((p) => [p.name, p] as const))('profile %s', (_name, profile) => {
  it.each(DEFAULT_PROPERTIES.map((p) => [p.name, p] as const))('%s holds', (_prop, property) => {
    const r = runFor(profile, property, budgetOf(profile.name));
    for (const name of Object.keys(r.reached)) reached.add(name);
    expect(r.status, explain(r)).toBe('passed');
    expect(r.numRuns).toBeGreaterThan(0);
    if (property.name === 'invariants' && SHRINK_AT_REMOVE.has(profile.name)) {
      // The bugs of seed 001 (docs/seeds.md) live in these profiles: the run must show them, not hide them.
      expect(r.findings['no-uninit-memmap-read'] ?? 0).toBeGreaterThan(0);
    }
  });
});

describe('the default run reaches every interesting state', () => {
  it.each(INTERESTING_STATES.map((st) => [st.name] as const))('%s', (name) => {
    expect(reached.has(name), `no run of the default suite reached ${name}`).toBe(true);
  });
});
