/**
 * `poison`: memory_failure() on one page, as a write to
 * /sys/devices/system/memory/hard_offline_page does it (mm/memory-failure.c).
 */
import type { Outcome } from '../../outcome.ts';
import { sectionOfPfn } from '../sparse/pfn.ts';
import { peekMemmap, readMemmap, subsectionOfPfn } from '../memmap/memmap.ts';
import { pfnValid } from '../sparse/queries.ts';
import { peekSection, type RefMachine } from '../state.ts';

/**
 * Only an online page (pfn_to_online_page()) of a non-device zone is the
 * kernel's to poison; any other pfn is "memory outside kernel control",
 * -ENXIO. A page poisoned before is counted once and answers -EHWPOISON from
 * v5.14, 0 before.
 */
export function poison(m: RefMachine, addr: number): Outcome {
  const g = m.geometry;
  const pfn = Math.floor(addr / g.pageSize);
  const s = peekSection(m, sectionOfPfn(g, pfn));
  if (s === undefined || !s.online) {
    // Before 96c804a6ae8c any pfn_valid() pfn gets its struct page read (B-10): a never-onlined one is
    // garbage with every flag set, so it reads as poisoned already and nothing changes.
    if (m.rules.memoryFailure === 'online-page' || !pfnValid(m, pfn)) return '-ENXIO';
    const seen = readMemmap(m, pfn);
    if (seen === 'uninit') return 'ok';
    if (seen.zone === 'Device') return '-ENXIO';
  }
  const state = peekMemmap(m, subsectionOfPfn(g, pfn));
  if (state === undefined || state === 'uninit' || state.zone === 'Device') return '-ENXIO';
  if (m.poisoned.has(pfn)) return m.rules.hwpoisonAgain === 'ehwpoison' ? '-EHWPOISON' : 'ok';
  m.poisoned.add(pfn);
  m.touched.block(Math.floor(pfn / g.pagesPerBlock));
  return 'ok';
}

/** Poisoned pages of block `b` (the v6.5 per-block counter; before, the pages' PG_hwpoison flags). */
export function poisonedInBlock(m: RefMachine, b: number): number {
  const first = b * m.geometry.pagesPerBlock;
  let n = 0;
  for (const p of m.poisoned) if (p >= first && p < first + m.geometry.pagesPerBlock) n++;
  return n;
}
