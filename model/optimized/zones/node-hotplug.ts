/** Bringing a node online for hot-added memory and taking it offline again (mm/memory_hotplug.c). */
import type { HotplugContext } from '../hotplug-context.ts';
import { nodeData } from '../hotplug-context.ts';
import { pfnToSectionNr } from '../sparse/pfn.ts';
import { presentSection } from '../sparse/queries.ts';
import type { PgData } from './zone.ts';

// mirrors hotadd_new_pgdat(), mm/memory_hotplug.c, v5.5 (a reused pgdat starts with nothing spanned)
function hotaddNewPgdat(ctx: HotplugContext, nid: number): PgData {
  const pgdat = nodeData(ctx, nid);
  pgdat.nodeStartPfn = 0;
  pgdat.nodeSpannedPages = 0;
  pgdat.nodePresentPages = 0;
  pgdat.nrZones = 0;
  for (const z of pgdat.nodeZones) {
    z.zoneStartPfn = 0;
    z.spannedPages = 0;
    z.presentPages = 0;
    z.managedPages = 0;
  }
  return pgdat;
}

// mirrors __try_online_node(), mm/memory_hotplug.c, v5.5 (node_set_online() included)
export function tryOnlineNode(ctx: HotplugContext, nid: number): void {
  if (ctx.pgdats.get(nid)?.online === true) return;
  const pgdat = hotaddNewPgdat(ctx, nid);
  pgdat.online = true;
  pgdat.everOnline = true;
}

/** Before 2c91f8fc6c99: the node stays while any present section of its span reads as this node. */
function nodeStillHasMemoryByScan(ctx: HotplugContext, pgdat: PgData): boolean {
  const g = ctx.geometry;
  const { table } = ctx;
  if (pgdat.nodeSpannedPages === 0) return false;
  const last = pfnToSectionNr(g, pgdat.nodeStartPfn + pgdat.nodeSpannedPages - 1);
  for (let nr = pfnToSectionNr(g, pgdat.nodeStartPfn); nr <= last && nr < g.nrMemSections; nr++) {
    if (!table.hasRoot(nr)) {
      nr = (table.rootNr(nr) + 1) * table.sectionsPerRoot - 1;
      continue;
    }
    if (!presentSection(table.nrToSection(nr))) continue;
    // pfn_to_nid() of the section's first page: a poisoned one reads as garbage that the kernel takes as a match
    const links = ctx.memmap.readPage(nr * g.pagesPerSection);
    if (links === undefined || links.nid === pgdat.nodeId) return true;
  }
  return false;
}

/** Since 2c91f8fc6c99: the node stays while it spans anything or owns a memory block. */
function nodeStillHasMemoryByBlocks(ctx: HotplugContext, pgdat: PgData): boolean {
  if (pgdat.nodeSpannedPages !== 0) return true;
  for (const mem of ctx.blocks.values()) if (mem.nid === pgdat.nodeId) return true;
  return false;
}

// mirrors try_offline_node(), mm/memory_hotplug.c, v5.5 (v4.19's section scan as a profile rule)
export function tryOfflineNode(ctx: HotplugContext, nid: number): void {
  const pgdat = ctx.pgdats.get(nid);
  // node 0 has CPUs, which keep it online
  if (pgdat === undefined || !pgdat.online || nid === 0) return;
  const stays =
    // before 2c91f8fc6c99 the node span's sections are scanned
    ctx.rules.offlineNode === 'scan' ? nodeStillHasMemoryByScan(ctx, pgdat) : nodeStillHasMemoryByBlocks(ctx, pgdat);
  if (!stays) pgdat.online = false;
}
