/**
 * Every property in the test suite runs from one global seed so a CI run is
 * reproducible; MEMHP_SEED / MEMHP_NUM_RUNS scale it for campaigns without
 * code changes. Like fast-check's own e2e seed file, CI refuses to run
 * without a fixed seed.
 */
import fc from 'fast-check';
import { resolveRunSettings } from '../../properties/settings.ts';

const settings = resolveRunSettings(process.env);
// the seed set in each suite's logs, so that a MEMHP_SEED=random run can be repeated
if (process.env.MEMHP_SEED?.trim() === 'random') {
  process.stderr.write(`MEMHP_SEED=random: this run uses seed ${settings.seed}\n`);
  // every later reader of the settings (helpers, workers) sees the same drawn seed
  process.env.MEMHP_SEED = String(settings.seed);
}
fc.configureGlobal({ seed: settings.seed, numRuns: settings.numRuns });
