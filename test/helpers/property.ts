/** Test-side helpers: run a property with the global seed and explain a failure readably. */
import fc from 'fast-check';
import type { BugName } from '../../model/bugs.ts';
import type { Profile } from '../../model/profile.ts';
import type { PropertyDefinition } from '../../properties/catalogue.ts';
import { runProperty, type PropertyResult } from '../../properties/run-property.ts';
import { deriveSeed, seedName } from '../../properties/seeds.ts';
import { resolveRunSettings } from '../../properties/settings.ts';
import { counterexampleText } from '../../reports/counterexample.ts';

export function globalSeed(): number {
  const seed = fc.readConfigureGlobal().seed;
  if (seed === undefined) throw new Error('no global seed: test/setup/seed.ts must run first');
  return seed;
}

export function runFor(
  profile: Profile,
  property: PropertyDefinition,
  opts: { numRuns?: number; maxSteps?: number; bugs?: ReadonlySet<BugName> } = {},
): PropertyResult {
  // only the run size is read here: the seed is the global one test/setup/seed.ts set
  const settings = resolveRunSettings(process.env, globalSeed);
  return runProperty({
    profile,
    property,
    seed: deriveSeed(globalSeed(), `${seedName(profile)}/${property.name}`),
    numRuns: opts.numRuns ?? settings.numRuns,
    maxSteps: opts.maxSteps ?? settings.maxSteps,
    ...(opts.bugs !== undefined ? { bugs: opts.bugs } : {}),
  });
}

export function explain(r: PropertyResult): string {
  if (r.status === 'passed') return `${r.profile} › ${r.property}: passed`;
  const cx = r.counterexample;
  const head = `${r.profile} › ${r.property}: failed  seed ${r.seed} path "${r.path ?? ''}" replayPath "${r.replayPath ?? ''}"`;
  if (cx === undefined) return `${head}\n${r.crash ?? ''}`;
  return `${head}\n${counterexampleText(cx)}${cx.violations.map((v) => `${v.check} (${v.impl}): ${v.message}`).join('\n')}`;
}
