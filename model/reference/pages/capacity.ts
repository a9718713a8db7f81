/**
 * The model's bound on what the machine holds (model/capacity.ts), counted
 * on the reference's own records. Not a kernel check.
 */
import { beyondCapacity } from '../../capacity.ts';
import type { RefMachine } from '../state.ts';

/** Throws when adding sections first..last would leave more sections present than the bound. */
export function refuseBeyondCapacity(m: RefMachine, first: number, last: number): void {
  if (last < first || !Number.isFinite(m.heldSectionLimit)) return;
  let held = 0;
  let heldInRange = 0;
  for (const [nr, s] of m.sections) {
    if (!s.present && !s.hasMemMap) continue;
    held++;
    if (nr >= first && nr <= last) heldInRange++;
  }
  const after = held + (last - first + 1) - heldInRange;
  if (after > m.heldSectionLimit) throw beyondCapacity('the add', after, m.heldSectionLimit);
}
