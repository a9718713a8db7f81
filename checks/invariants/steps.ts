/** Invariants about steps that must not change state at all. */
import type { Invariant } from '../invariant.ts';
import { sameObservation } from '../observation-key.ts';
import { OBSERVATION_OPS, type Step } from '../../model/step.ts';
import { always } from './profile-facts.ts';

const READS: ReadonlyArray<Step['op']> = ['query', 'fail', 'dump', 'veto', ...OBSERVATION_OPS];
const IS_READ: ReadonlySet<Step['op']> = new Set(READS);

export const queriesChangeNothing: Invariant = {
  name: 'queries-change-nothing',
  describe: 'queries, sysfs and zoneinfo reads, fault and veto arming and dumps leave the observable state as it was',
  appliesTo: always,
  ops: READS,
  check({ step, before, after }) {
    if (!IS_READ.has(step.op)) return undefined;
    return sameObservation(before, after) ? undefined : `${step.op} changed the state`;
  },
};
