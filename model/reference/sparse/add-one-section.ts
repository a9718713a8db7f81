// mirrors __add_section() + sparse_add_one_section(), mm/memory_hotplug.c and mm/sparse.c, v4.19
import type { Errno } from '../../outcome.ts';
import { allSubsections } from './pfn.ts';
import { allocationFails } from '../faults/faults.ts';
import { ensureRoot } from './roots.ts';
import { peekSection, sectionAt, type RefMachine } from '../state.ts';

/**
 * Adds section `nr` whole. 'EEXIST' means it was already valid (the caller
 * swallows it); any other errno means an allocation failed and nothing of
 * this section changed (a root allocated before the failure stays: roots are
 * never freed).
 */
export function addWholeSection(m: RefMachine, nr: number, nid: number): Errno | undefined {
  const g = m.geometry;
  // Section granularity: pfn_valid() of the first pfn is valid_section().
  if (peekSection(m, nr)?.hasMemMap === true) return 'EEXIST';

  const rootFailed = ensureRoot(m, nr);
  if (rootFailed !== undefined) return rootFailed;

  const memmapFailed = allocationFails(m, 'memmap');
  if (memmapFailed !== undefined) return memmapFailed;

  // The memmap allocated just above is freed again on this failure, so nothing is left.
  const usageFailed = allocationFails(m, 'usage');
  if (usageFailed !== undefined) return usageFailed;

  // written only now: a refused or failed add leaves the section untouched (RefMachine.touched)
  const s = sectionAt(m, nr);
  s.present = true;
  s.hasMemMap = true;
  s.nid = nid;
  s.usage = 'hotplug';
  s.subsectionMap = allSubsections(g);
  s.memmapHotplug = allSubsections(g);
  return undefined;
}
