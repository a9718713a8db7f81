/**
 * One-shot allocation faults (`fail next <point> <errno>`). An allocation
 * point only consumes its fault when the code actually reaches it.
 */
import type { Errno } from '../../outcome.ts';
import type { AllocPoint } from '../../step.ts';
import type { RefMachine } from '../state.ts';

/** Arming again replaces the errno; it stays one fault, not two. */
export function armFault(m: RefMachine, point: AllocPoint, errno: Errno): void {
  m.faults.set(point, errno);
}

/** Called at an allocation point: the errno it fails with, or undefined when it succeeds. */
export function allocationFails(m: RefMachine, point: AllocPoint): Errno | undefined {
  const errno = m.faults.get(point);
  if (errno !== undefined) m.faults.delete(point);
  return errno;
}
