// mirrors memory_notify(), drivers/base/memory.c, v5.5: a `veto` step arms one failing notifier call
import type { Errno } from '../../outcome.ts';
import type { NotifierEvent } from '../../step.ts';
import type { RefMachine } from '../state.ts';

/** Arming again replaces the errno; it stays one veto. */
export function armVeto(m: RefMachine, event: NotifierEvent, errno: Errno): void {
  m.vetoes.set(event, errno);
}

/** Called where the kernel sends `event`: the errno of an armed veto (now spent), or undefined. */
export function takeVeto(m: RefMachine, event: NotifierEvent): Errno | undefined {
  const errno = m.vetoes.get(event);
  if (errno !== undefined) m.vetoes.delete(event);
  return errno;
}
