/**
 * memmap_on_memory in the reference model: how many pages of each new block
 * hold its own memmap, written as the plain rules of docs/modern-profiles.md.
 */
import { memmapPagesPerBlock, pageblockPages, pmdPages } from '../../vmemmap-geometry.ts';
import type { RefMachine } from '../state.ts';

/**
 * The parameter as the kernel of the profile reads it: before v5.12 there is
 * none; before v6.6 it is a bool, so `force` does not parse and it stays N [I].
 */
function mode(m: RefMachine): 'N' | 'Y' | 'force' {
  if (m.rules.memmapOnMemory === 'none') return 'N';
  if (m.config.memmapOnMemory === 'force' && m.rules.memmapOnMemory === 'one-block') return 'N';
  return m.config.memmapOnMemory;
}

/**
 * Memmap pages at the start of each block of an add of `blocks` blocks that
 * asked for memmap_on_memory; 0 when the request is not supported (every
 * profile then adds with an ordinary memmap: ACPI checks first up to v6.5,
 * the core falls back from v6.6).
 */
// mirrors mhp_supports_memmap_on_memory(), mm/memory_hotplug.c, v5.12 / v6.6 / v6.7
export function selfHostedPages(m: RefMachine, blocks: number): number {
  const which = mode(m);
  if (which === 'N') return 0;
  const g = m.geometry;
  const block = g.pagesPerBlock;
  const exact = memmapPagesPerBlock(g);
  const pageblock = pageblockPages(g);
  // Unless every block hosts its own memmap, only an add of exactly one block qualifies.
  if (m.rules.memmapOnMemory !== 'per-block' && blocks !== 1) return 0;
  // The architecture wants the memmap itself to be PMD-mapped (x86_64, s390 default).
  if (exact % pmdPages(g) !== 0) return 0;
  if (m.rules.memmapOnMemory === 'one-block') {
    return (block - exact) % pageblock === 0 ? exact : 0;
  }
  const pages = which === 'force' ? Math.ceil(exact / pageblock) * pageblock : exact;
  if (pages % pageblock !== 0 || pages >= block) return 0;
  return pages;
}
