/**
 * The read-only files the observation steps read: memoryN/valid_zones and
 * state (drivers/base/memory.c, v5.5), /proc/zoneinfo and the node's span.
 * Reads look at struct pages without counting: they are not kernel rules
 * that the uninitialised-memmap invariant watches.
 */
import type { Answer } from '../outcome.ts';
import type { ZoneName } from '../step.ts';
import type { HotplugContext } from './hotplug-context.ts';
import type { MemoryBlock } from './memory-block.ts';
import { ramZoneOf } from './ram-zone.ts';
import { ZONE_MOVABLE, zoneIndex, zoneName } from './zone.ts';
import { zoneForPfnRange } from './zone-select.ts';

/** The zone of an online block's RAM pages when they agree, else `none` (test_pages_in_a_zone() without counting). */
export function onlineBlockZone(ctx: HotplugContext, mem: MemoryBlock): string {
  const ppb = ctx.geometry.pagesPerBlock;
  const links = ramZoneOf(ctx, mem.id * ppb, ppb, false);
  return links === undefined ? 'none' : zoneName(links.zone);
}

// mirrors valid_zones_show(), drivers/base/memory.c, v5.5
export function validZonesShow(ctx: HotplugContext, mem: MemoryBlock): string {
  if (mem.state === 'online') return onlineBlockZone(ctx, mem);
  const ppb = ctx.geometry.pagesPerBlock;
  const pfn = mem.id * ppb;
  const dflt = zoneForPfnRange(ctx, 'online', mem.nid, pfn, ppb, mem.group);
  const kernel = zoneForPfnRange(ctx, 'online_kernel', mem.nid, pfn, ppb);
  const zones = [dflt];
  if (ctx.bugs.has('valid-zones-order') && dflt !== ZONE_MOVABLE) zones.unshift(ZONE_MOVABLE);
  if (kernel !== dflt) zones.push(kernel);
  if (dflt !== ZONE_MOVABLE && !ctx.bugs.has('valid-zones-order')) zones.push(ZONE_MOVABLE);
  return zones.map(zoneName).join(' ');
}

/** memoryN/state with the block's zone: `online <zone>` or `offline`. */
export function blockShow(ctx: HotplugContext, mem: MemoryBlock): string {
  return mem.state === 'online' ? `online ${onlineBlockZone(ctx, mem)}` : 'offline';
}

/** One zone as /proc/zoneinfo shows it; a node that is not online has none. */
export function zoneShow(ctx: HotplugContext, name: ZoneName, nid: number): Answer {
  const pgdat = ctx.pgdats.get(nid);
  if (pgdat === undefined || !pgdat.online) return '-ENOENT';
  const z = pgdat.zone(zoneIndex(name));
  return `start_pfn=${z.zoneStartPfn} spanned=${z.spannedPages} present=${z.presentPages} managed=${z.managedPages}`;
}

export function nodeShow(ctx: HotplugContext, nid: number): string {
  const pgdat = ctx.pgdats.get(nid);
  if (pgdat === undefined || !pgdat.online) return 'offline';
  return `online start_pfn=${pgdat.nodeStartPfn} spanned=${pgdat.nodeSpannedPages} present=${pgdat.nodePresentPages}`;
}
