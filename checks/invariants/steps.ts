/** Invariants about steps that must not change state at all. */
import { canonicalObservation } from '../../model/observation.ts';
import type { Invariant } from '../invariant.ts';
import { always } from './profile-facts.ts';

export const queriesChangeNothing: Invariant = {
  name: 'queries-change-nothing',
  describe: 'queries, fault arming and dumps leave the observable state as it was',
  appliesTo: always,
  check({ step, before, after }) {
    if (step.op !== 'query' && step.op !== 'fail' && step.op !== 'dump') return undefined;
    return canonicalObservation(before) === canonicalObservation(after) ? undefined : `${step.op} changed the state`;
  },
};
