/**
 * The differential check: two implementations of the same semantics must
 * give the same answer and the same observable state after every step.
 */
import { firstDifference, type ObservationDifference, type Observation } from '../model/observation.ts';
import type { Answer } from '../model/outcome.ts';
import { sameObservation, sameObservationSince } from './observation-key.ts';

export interface Divergence {
  /** "outcome" when the answers differ, else the observation field that differs first. */
  readonly where: string;
  readonly left: string;
  readonly right: string;
}

/**
 * `agreedBefore`: the two observations before the step, when they were found
 * equal; then only what either side observed again is compared.
 */
export function compareStep(
  left: { outcome: Answer; observation: Observation },
  right: { outcome: Answer; observation: Observation },
  agreedBefore?: { readonly left: Observation; readonly right: Observation },
): Divergence | undefined {
  if (left.outcome !== right.outcome) return { where: 'outcome', left: left.outcome, right: right.outcome };
  // equal keys ⇔ equal canonical texts: the field walk below only runs to name a difference
  const same =
    agreedBefore === undefined
      ? sameObservation(left.observation, right.observation)
      : sameObservationSince(agreedBefore.left, left.observation, agreedBefore.right, right.observation);
  if (same) return undefined;
  const d: ObservationDifference | undefined = firstDifference(left.observation, right.observation);
  return d === undefined ? undefined : { where: d.where, left: d.left, right: d.right };
}
