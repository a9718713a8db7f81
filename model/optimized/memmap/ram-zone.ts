/**
 * The zone the System RAM of a range is in, read off its struct pages: the
 * test_pages_in_a_zone() walk, once per stretch of one memmap state rather
 * than once per page.
 */
import type { HotplugContext } from '../hotplug-context.ts';
import type { PageLinks } from './memmap.ts';

/** What the walk has read so far. */
interface ZoneWalk {
  readonly ctx: HotplugContext;
  readonly countReads: boolean;
  found: PageLinks | undefined;
  mixed: boolean;
}

function take(w: ZoneWalk, links: PageLinks | undefined, ramPages: number): void {
  if (links === undefined) {
    if (w.countReads) w.ctx.memmap.countUninitReads(ramPages);
    w.mixed = true;
  } else if (w.found === undefined) w.found = links;
  // zones are per node: the same zone index on another node is another zone
  else if (w.found.zone !== links.zone || w.found.nid !== links.nid) w.mixed = true;
}

/**
 * The zone and node every RAM page of [pfn, pfn + nr) names, or undefined
 * when they differ, one is poisoned, or there is no RAM. With `countReads`
 * each poisoned RAM page read counts as an uninitialised memmap read.
 */
export function ramZoneOf(ctx: HotplugContext, pfn: number, nr: number, countReads: boolean): PageLinks | undefined {
  // a state object and module-level `take` rather than a named closure per call (online/offline call this per block)
  const w: ZoneWalk = { ctx, countReads, found: undefined, mixed: false };
  ctx.ram.forEachRamRun(pfn, nr, (start, pages, ram) => {
    // the runs are whole sections or sub-sections: clip to the range (offline_pages() starts after a self-hosted memmap)
    const lo = Math.max(start, pfn);
    const hi = Math.min(start + pages, pfn + nr);
    if (hi <= lo) return;
    // a partial sub-section is one memmap state; a whole-RAM section may still hold several
    if (ram < pages) take(w, ctx.memmap.peek(lo), ram);
    else ctx.memmap.forEachState(lo, hi - lo, (_s, n, links) => take(w, links, n));
  });
  return w.mixed ? undefined : w.found;
}
