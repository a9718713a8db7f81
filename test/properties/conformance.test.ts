/**
 * The conformance properties as vitest tests: every default property under
 * every profile, from the global seed (names carry no seed, so they are
 * stable across runs).
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../model/profiles/index.ts';
import { DEFAULT_PROPERTIES } from '../../properties/catalogue.ts';
import { explain, runFor } from '../helpers/property.ts';

describe.each(PROFILES.map((p) => [p.name, p] as const))('profile %s', (_name, profile) => {
  it.each(DEFAULT_PROPERTIES.map((p) => [p.name, p] as const))('%s holds', (_prop, property) => {
    const r = runFor(profile, property);
    expect(r.status, explain(r)).toBe('passed');
    expect(r.numRuns).toBeGreaterThan(0);
  });
});
