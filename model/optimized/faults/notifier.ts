/**
 * The memory notifier chain, reduced to one-shot failures armed by `veto`
 * steps (include/linux/memory.h MEM_GOING_ONLINE / MEM_GOING_OFFLINE).
 */
import type { NotifierEvent } from '../../step.ts';

export class MemoryNotifier {
  private readonly armed = new Map<NotifierEvent, number>();

  arm(event: NotifierEvent, err: number): void {
    this.armed.set(event, err);
  }

  // mirrors memory_notify(), drivers/base/memory.c, v5.5 (notifier_to_errno() of the chain's answer)
  notify(event: NotifierEvent): number {
    const err = this.armed.get(event);
    if (err === undefined) return 0;
    this.armed.delete(event);
    return err;
  }
}
