/**
 * One-shot allocation failures, in the spirit of the kernel's fault-injection
 * knobs (failslab, fail_page_alloc) but aimed at one named call site.
 */
import type { AllocPoint } from '../../step.ts';

export class FaultInjector {
  /** Armed point → the negative errno its next allocation returns. */
  private readonly armed = new Map<AllocPoint, number>();

  /** Arming an armed point again only refreshes the errno: still one failure. */
  arm(point: AllocPoint, err: number): void {
    this.armed.set(point, err);
  }

  /** Called exactly where the allocation happens: 0 lets it succeed, else the fault is spent. */
  take(point: AllocPoint): number {
    const err = this.armed.get(point);
    if (err === undefined) return 0;
    this.armed.delete(point);
    return err;
  }
}
