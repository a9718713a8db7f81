/**
 * Every property in the test suite runs from one global seed so a CI run is
 * reproducible; MEMHP_SEED / MEMHP_NUM_RUNS scale it for campaigns without
 * code changes. Like fast-check's own e2e seed file, CI refuses to run
 * without a fixed seed: the default 42 is fixed, MEMHP_SEED=random is not.
 */
import fc from 'fast-check';
import { drawSeed } from '../../engine/draw-seed.ts';
import { resolveFixedRunSettings } from '../../properties/settings.ts';

const settings = resolveFixedRunSettings(process.env, drawSeed);
fc.configureGlobal({ seed: settings.seed, numRuns: settings.numRuns });
