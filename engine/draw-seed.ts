/**
 * The one place a seed comes from outside the run: MEMHP_SEED=random, an
 * explicit opt-in for exploring at a desk. Entry points (the memhp CLI, the
 * vitest setup) pass it to resolveRunSettings(); the run prints the seed it
 * drew, CI refuses it (properties/settings.ts), and everything below the entry
 * point stays a function of the seed.
 */
export function drawSeed(): number {
  return (Math.random() * 2 ** 32) | 0;
}
