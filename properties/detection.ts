/**
 * How the default `memhp run` (every profile × the default properties, the
 * default seed and budget) catches a bug switch: its items are independent
 * (properties/seeds.ts), so the run fails exactly when one item fails, and
 * an item's first failing run does not depend on the others. The search
 * tries the switch's own profile first, then the rest in run order, and
 * stops at the first failing item, without shrinking.
 */
import type { BugName, BugSwitch } from '../model/bugs.ts';
import type { Profile } from '../model/profile.ts';
import { PROFILES } from '../model/profiles/index.ts';
import { DEFAULT_PROPERTIES, type PropertyDefinition } from './catalogue.ts';
import { runProperty } from './run-property.ts';
import { deriveSeed, seedName } from './seeds.ts';
import { DEFAULT_MAX_STEPS, DEFAULT_NUM_RUNS, DEFAULT_SEED } from './settings.ts';

export interface Detection {
  readonly bug: string;
  /** The item of the default run that fails first in the search, or null: no item of the searched profiles fails. */
  readonly profile: string | null;
  readonly property: string | null;
  /** Runs of that item up to and including the failing one. */
  readonly runs: number;
  /** Steps of the failing run up to the failing step. */
  readonly steps: number;
  /** What caught it. */
  readonly checks: readonly string[];
}

export interface DetectionOptions {
  /** Search only these profiles (default: every profile of the run, the switch's own first). */
  readonly profiles?: readonly Profile[];
}

function searchOrder(bug: BugSwitch, opts: DetectionOptions): Profile[] {
  const own = bug.profile ?? 'v7.3';
  const all = opts.profiles ?? PROFILES;
  return [...all.filter((p) => p.name === own), ...all.filter((p) => p.name !== own)];
}

export function detect(bug: BugSwitch, opts: DetectionOptions = {}): Detection {
  for (const profile of searchOrder(bug, opts)) {
    for (const property of DEFAULT_PROPERTIES) {
      const d = detectIn(bug, profile, property);
      if (d !== undefined) return d;
    }
  }
  return { bug: bug.name, profile: null, property: null, runs: 0, steps: 0, checks: [] };
}

/** One item of the default run with the switch on: where it fails first, or undefined when it passes. */
export function detectIn(bug: BugSwitch, profile: Profile, property: PropertyDefinition): Detection | undefined {
  const r = runProperty({
    profile,
    property,
    seed: deriveSeed(DEFAULT_SEED, `${seedName(profile)}/${property.name}`),
    numRuns: DEFAULT_NUM_RUNS,
    maxSteps: DEFAULT_MAX_STEPS,
    bugs: new Set([bug.name as BugName]),
    shrink: false,
  });
  if (r.status !== 'failed') return undefined;
  const cx = r.counterexample;
  return {
    bug: bug.name,
    profile: profile.name,
    property: property.name,
    runs: r.numRuns,
    steps: cx !== undefined ? cx.failingStep + 1 : 0,
    checks: cx !== undefined ? [...new Set(cx.violations.map((v) => v.check))].sort() : [`crash`],
  };
}
