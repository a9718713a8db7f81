/**
 * Run settings shared by `npm test` and `memhp run`: the seed and the size of
 * a run, from the environment, with fixed defaults so that every run is
 * reproducible unless someone asks otherwise.
 */
export const DEFAULT_SEED = 42;
export const DEFAULT_NUM_RUNS = 100;
export const DEFAULT_MAX_STEPS = 120;

export interface RunSettings {
  readonly seed: number;
  /** MEMHP_SEED=random: a seed drawn for this run, for exploring at a desk; CI refuses it. */
  readonly randomSeed: boolean;
  /** MEMHP_SWARM=1: swarm testing (properties/swarm.ts). */
  readonly swarm: boolean;
  readonly numRuns: number;
  readonly maxSteps: number;
}

import { excerpt } from '../base/error-line.ts';

export class SettingsError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new SettingsError(`${name}=${excerpt(raw)} is not an integer`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new SettingsError(`${name}=${excerpt(raw)} is outside ${min}..${max}`);
  return n;
}

/**
 * Reads MEMHP_SEED (an integer or `random`), MEMHP_NUM_RUNS and MEMHP_MAX_STEPS;
 * throws SettingsError on a malformed value. `drawSeed` answers MEMHP_SEED=random:
 * the entry point passes engine/draw-seed.ts, so nothing here reads entropy.
 */
export function resolveRunSettings(env: NodeJS.ProcessEnv, drawSeed: () => number): RunSettings {
  const randomSeed = env.MEMHP_SEED?.trim() === 'random';
  return {
    seed: randomSeed ? drawSeed() : intFrom(env, 'MEMHP_SEED', DEFAULT_SEED, -(2 ** 31), 2 ** 31 - 1),
    randomSeed,
    swarm: /^(1|true|yes)$/i.test(env.MEMHP_SWARM?.trim() ?? ''),
    numRuns: intFrom(env, 'MEMHP_NUM_RUNS', DEFAULT_NUM_RUNS, 1, 10_000_000),
    maxSteps: intFrom(env, 'MEMHP_MAX_STEPS', DEFAULT_MAX_STEPS, 1, 100_000),
  };
}

/** Whether the environment says it is a CI system (CI set, and not to false or 0). */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * Like fast-check's test/e2e/seed.ts: a CI run must be reproducible from its
 * log, so it refuses a seed drawn at random. Without MEMHP_SEED the suite
 * runs from the fixed default, which is what CI should do.
 */
export function ciSeedRefusal(env: NodeJS.ProcessEnv, settings: RunSettings): string | undefined {
  if (!inCi(env) || !settings.randomSeed) return undefined;
  return 'CI refuses to run with MEMHP_SEED=random: set MEMHP_SEED to an integer, or leave it unset for the default seed 42';
}

/** resolveRunSettings() for a command that runs properties: a random seed under CI is bad input. */
export function resolveFixedRunSettings(env: NodeJS.ProcessEnv, drawSeed: () => number): RunSettings {
  const settings = resolveRunSettings(env, drawSeed);
  const refusal = ciSeedRefusal(env, settings);
  if (refusal !== undefined) throw new SettingsError(refusal);
  return settings;
}
