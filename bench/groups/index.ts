/**
 * The benchmark groups, one file per group of figures. Groups that belong to
 * other parts of the project (the time-to-bug table of regressions/) are
 * files of their own here too.
 */
import type { BenchGroup } from '../types.ts';
import { scale } from './scale.ts';
import { shrink } from './shrink.ts';
import { memhpRun } from './memhp-run.ts';
import { throughput } from './throughput.ts';
import { timeToBugGroup } from './time-to-bug.ts';
import { worstStep } from './worst-step.ts';

export const GROUPS: readonly BenchGroup[] = [throughput, scale, shrink, memhpRun, timeToBugGroup, worstStep];
