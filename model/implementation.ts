/**
 * What every implementation of the semantics offers. The executor drives any
 * of them (reference, optimized, later the real kernel) without knowing which.
 */
import type { BugName } from './bugs.ts';
import type { Config } from './config.ts';
import type { Geometry } from './geometry.ts';
import type { Observation } from './observation.ts';
import type { Answer } from './outcome.ts';
import type { Profile } from './profile.ts';
import type { BootRange, PmemRange, Step, VirtioMemDevice } from './step.ts';

/** Everything fixed before the first step: the machine as it boots. */
export interface MachineSetup {
  readonly profile: Profile;
  readonly geometry: Geometry;
  readonly config: Config;
  /** Validated by validateSetup(): page aligned, addressable, disjoint, one node per section. */
  readonly boot: readonly BootRange[];
  /** Legacy PMEM ranges (e820 type 12): not RAM, each an iomem resource from boot; none when absent. */
  readonly pmem?: readonly PmemRange[];
  /** A virtio-mem device (`config virtio_mem`); none when absent. */
  readonly virtioMem?: VirtioMemDevice;
  /**
   * The most sections the machine may hold (model/capacity.ts); past it a
   * step throws CapacityError. Default maxHeldSections(geometry); only the
   * scale bench, which measures the optimized implementation alone far past
   * what a checked step could observe, lifts it.
   */
  readonly heldSectionLimit?: number;
}

export type ImplementationKind = 'reference' | 'optimized';

export interface Implementation {
  readonly kind: ImplementationKind;
  /** Performs one step and answers as the kernel would; never throws for a kernel error. */
  apply(step: Step): Answer;
  /**
   * The observable state now, built from the implementation's own structures:
   * on top of the observation it gave last, observing again only what the
   * steps since then touched (model/touched.ts); in full the first time.
   */
  observe(): Observation;
  /** The observable state now, built in full from scratch: what observe() must equal (the net behind it). */
  observeFull(): Observation;
}

/** Bug switches are honoured by the optimized implementation only: they model patches under test. */
export type ImplementationFactory = (setup: MachineSetup, bugs: ReadonlySet<BugName>) => Implementation;
