/**
 * The benchmark groups, one file per group of figures. Groups that belong to
 * other parts of the project (the time-to-bug table of regressions/, the
 * real-kernel oracle under QEMU) join this list as files of their own.
 */
import type { BenchGroup } from '../types.ts';
import { scale } from './scale.ts';
import { shrink } from './shrink.ts';
import { memhpRun } from './memhp-run.ts';
import { throughput } from './throughput.ts';

export const GROUPS: readonly BenchGroup[] = [throughput, scale, shrink, memhpRun];
