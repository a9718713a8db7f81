/**
 * The property half of the mutation kill set (npm run mutation,
 * docs/mutation.md): every profile's default properties, plain and swarm (the
 * invariants property is a swarm run by definition, so once), at a small fixed budget and without shrinking, because a
 * mutant is killed by the first failing run and a surviving mutant reruns
 * every test that covers it. Not part of npm test: these are the same
 * properties test/properties/ runs at full budget.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../model/profiles/index.ts';
import { DEFAULT_PROPERTIES } from '../../properties/catalogue.ts';
import { runProperty } from '../../properties/run-property.ts';
import { deriveSeed, seedName } from '../../properties/seeds.ts';
import { globalSeed, explain } from '../helpers/property.ts';

const BUDGET = { numRuns: 3, maxSteps: 60 } as const;

// A property that is a swarm run by definition (invariants) runs once; the others plain and swarm.
const CASES = DEFAULT_PROPERTIES.flatMap((p) => (p.swarm === true ? [[p, true] as const] : [[p, false] as const, [p, true] as const]));

describe.each(PROFILES.map((p) => [p.name, p] as const))('profile %s', (_name, profile) => {
  for (const swarm of [false, true]) {
    it.each(CASES.filter(([, s]) => s === swarm).map(([p]) => [p.name, p] as const))(`%s holds${swarm ? ' (swarm)' : ''}`, (_prop, property) => {
      const r = runProperty({
        profile,
        property,
        seed: deriveSeed(globalSeed(), `mutation/${seedName(profile)}/${property.name}/${swarm ? 'swarm' : 'plain'}`),
        ...BUDGET,
        shrink: false,
        swarm,
      });
      expect(r.status, explain(r)).toBe('passed');
    });
  }
});
