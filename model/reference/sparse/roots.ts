// mirrors sparse_index_init(), mm/sparse.c, v5.3 (an existing root is success)
import type { Errno } from '../../outcome.ts';
import { allocationFails } from '../faults/faults.ts';
import type { RefMachine } from '../state.ts';

export function rootOfSection(m: RefMachine, nr: number): number {
  return Math.floor(nr / m.geometry.sectionsPerRoot);
}

/** Makes sure the section's root exists; the errno when its allocation fails. */
export function ensureRoot(m: RefMachine, nr: number): Errno | undefined {
  // Without SPARSEMEM_EXTREME mem_section[] is static: nothing to allocate, nothing to fail.
  if (!m.config.sparsememExtreme) return undefined;
  const root = rootOfSection(m, nr);
  if (m.roots.has(root)) return undefined;
  const failed = allocationFails(m, 'root');
  if (failed !== undefined) return failed;
  m.roots.add(root);
  m.touched.part('roots');
  return undefined;
}
