/** `pin` / `unpin`: a test device standing for an unmovable kernel allocation on one page. */
import type { Outcome } from '../../outcome.ts';
import { sectionOfPfn } from '../sparse/pfn.ts';
import { peekMemmap, subsectionOfPfn } from '../memmap/memmap.ts';
import { peekSection, type RefMachine } from '../state.ts';
import { KERNEL_ZONES } from '../zones/zone.ts';

/** Only a page that is online (its section is online) in a kernel zone can hold a kernel allocation. */
export function pin(m: RefMachine, addr: number): Outcome {
  const g = m.geometry;
  const pfn = Math.floor(addr / g.pageSize);
  const s = peekSection(m, sectionOfPfn(g, pfn));
  if (s === undefined || !s.online) return '-EINVAL';
  const state = peekMemmap(m, subsectionOfPfn(g, pfn));
  if (state === undefined || state === 'uninit' || !KERNEL_ZONES.includes(state.zone)) return '-EINVAL';
  // A page of a block's own memmap never reaches the buddy allocator, so nothing can be allocated on it.
  const block = m.blocks.get(Math.floor(pfn / g.pagesPerBlock));
  if (block !== undefined && pfn % g.pagesPerBlock < block.vmemmap) return '-EINVAL';
  m.pins.add(pfn);
  m.touched.part('pins');
  return 'ok';
}

export function unpin(m: RefMachine, addr: number): Outcome {
  const pfn = Math.floor(addr / m.geometry.pageSize);
  if (!m.pins.has(pfn)) return '-EINVAL';
  m.pins.delete(pfn);
  m.touched.part('pins');
  return 'ok';
}
