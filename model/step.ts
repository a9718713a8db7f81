/**
 * One operation on the simulated machine. The scenario parser, the fast-check
 * command generators and the regression files all produce these values, and
 * the scenario printer turns them back into text: a counterexample, a
 * regression and a kernel run are the same kind of thing.
 *
 * Addresses and sizes are in bytes, like the scenario language and like what
 * a real kernel's interfaces (ACPI, QMP, sysfs phys_index) take.
 */
import type { Errno } from './outcome.ts';

/** Allocation points where `-ENOMEM` can be injected. */
export const ALLOC_POINTS = ['root', 'usage', 'memmap'] as const;
export type AllocPoint = (typeof ALLOC_POINTS)[number];

/** Sparse-layer queries, named after the kernel helpers they answer. */
export const QUERIES = [
  'pfn_valid',
  'valid_section',
  'present_section',
  'online_section',
  'pfn_to_online_page',
] as const;
export type QueryName = (typeof QUERIES)[number];

export type Step =
  /** __add_pages(nid, pfn, nr): the device / arch path below add_memory(). */
  | { readonly op: 'add_pages'; readonly start: number; readonly size: number; readonly nid: number }
  /** __remove_pages(pfn, nr). */
  | { readonly op: 'remove_pages'; readonly start: number; readonly size: number }
  /** Make the next allocation at `alloc` fail with `errno`. */
  | { readonly op: 'fail'; readonly alloc: AllocPoint; readonly errno: Errno }
  /** A sparse-layer query on the pfn of `addr`. */
  | { readonly op: 'query'; readonly query: QueryName; readonly addr: number }
  /** Prints the observable state (replay output and reports); changes nothing. */
  | { readonly op: 'dump' };

export type StepOp = Step['op'];

/** A boot RAM range (memblock.memory at boot), creating early sections. */
export interface BootRange {
  readonly start: number;
  readonly size: number;
  readonly nid: number;
}
