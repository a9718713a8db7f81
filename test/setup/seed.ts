/**
 * Every property in the test suite runs from one global seed so a CI run is
 * reproducible; MEMHP_SEED / MEMHP_NUM_RUNS scale it for campaigns without
 * code changes. Like fast-check's own e2e seed file, CI refuses to run
 * without a fixed seed.
 */
import fc from 'fast-check';
import { resolveRunSettings } from '../../properties/settings.ts';

const settings = resolveRunSettings(process.env);
fc.configureGlobal({ seed: settings.seed, numRuns: settings.numRuns });
