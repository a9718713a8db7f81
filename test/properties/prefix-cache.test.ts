/**
 * Shrinking with prefix replay (properties/prefix-cache.ts) must find what
 * shrinking from boot finds: the same shrunk counterexample, path and
 * replayPath, and the same counts (steps, commands, findings, reached
 * states), which the reports print.
 */
import { describe, expect, it } from 'vitest';
import type { BugName } from '../../model/bugs.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { DIFFERENTIAL } from '../../properties/catalogue.ts';
import { runProperty, type PropertyRequest } from '../../properties/run-property.ts';
import { intentKey } from '../../properties/prefix-cache.ts';

const CASES: ReadonlyArray<{ profile: string; bug: BugName; seed: number; swarm?: boolean }> = [
  { profile: 'v5.5', bug: 'node-span-not-hull', seed: 5 },
  { profile: 'v6.12', bug: 'remove-online-block', seed: 1, swarm: true },
];

describe('shrinking with prefix replay', () => {
  it.each(CASES)('$bug (seed $seed) shrinks to what shrinking from boot gives', ({ profile, bug, seed, swarm }) => {
    const req: PropertyRequest = {
      profile: findProfile(profile)!,
      property: DIFFERENTIAL,
      seed,
      numRuns: 200,
      maxSteps: 40,
      bugs: new Set([bug]),
      ...(swarm === true ? { swarm } : {}),
    };
    const fromBoot = runProperty({ ...req, replayPrefixes: false });
    const replayed = runProperty(req);
    expect(fromBoot.status).toBe('failed');
    expect(fromBoot.numShrinks).toBeGreaterThan(0);
    expect(replayed).toEqual(fromBoot);
  });

  it('tells intents apart by every field, nested ones included', () => {
    const a = { kind: 'add_pages' as const, where: { pick: 'free' as const, sel: 1, sub: 2 }, len: 3, shape: 'zero' as const };
    expect(intentKey(a)).toBe(intentKey({ ...a, where: { ...a.where } }));
    expect(intentKey(a)).not.toBe(intentKey({ ...a, where: { ...a.where, sub: 3 } }));
  });
});
