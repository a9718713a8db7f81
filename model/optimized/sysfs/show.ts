/**
 * The read-only files the observation steps read: memoryN/valid_zones and
 * state (drivers/base/memory.c, v5.5), /proc/zoneinfo and the node's span.
 * Reads look at struct pages without counting: they are not kernel rules
 * that the uninitialised-memmap invariant watches.
 */
import type { Answer } from '../../outcome.ts';
import type { ZoneName } from '../../step.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import type { PageLinks } from '../memmap/memmap.ts';
import type { MemoryBlock } from './memory-block.ts';
import { ramZoneOf } from '../memmap/ram-zone.ts';
import { ZONE_MOVABLE, ZONE_NORMAL, zoneIndex, zoneName } from '../zones/zone.ts';
import { nodeData } from '../hotplug-context.ts';
import { presentSection } from '../sparse/queries.ts';
import { allowOnlinePfnRange, defaultZoneForPfn } from '../zone-policy/allow.ts';
import { zoneCanShift } from '../zone-policy/shift.ts';
import { zoneForPfnRange } from '../zone-policy/select.ts';

/** The zone of an online block's RAM pages when they agree, else `none` (test_pages_in_a_zone() without counting). */
export function onlineBlockZone(ctx: HotplugContext, mem: MemoryBlock): string {
  const ppb = ctx.geometry.pagesPerBlock;
  // under seed 003's rule the self-hosted memmap sits in ZONE_NORMAL: the block's zone is that of the rest (docs/seeds.md)
  const skip = ctx.rules.vmemmapZone === 'normal' ? (mem.altmap?.free ?? 0) : 0;
  const links = ramZoneOf(ctx, mem.id * ppb + skip, ppb - skip, false);
  return links === undefined ? 'none' : zoneName(links.zone);
}

/** The one zone the struct pages of a block's present sections name (no read counted), or undefined. */
function blockZoneOfPages(ctx: HotplugContext, mem: MemoryBlock): number | undefined {
  const g = ctx.geometry;
  let found: PageLinks | undefined;
  let mixed = false;
  for (let nr = mem.id * g.sectionsPerBlock; nr < (mem.id + 1) * g.sectionsPerBlock; nr++) {
    if (!presentSection(ctx.table.nrToSection(nr))) continue;
    ctx.memmap.forEachState(nr * g.pagesPerSection, g.pagesPerSection, (_s, _n, links) => {
      if (links === undefined || (found !== undefined && (links.zone !== found.zone || links.nid !== found.nid))) mixed = true;
      else found = links;
    });
  }
  return mixed ? undefined : found?.zone;
}

// mirrors show_valid_zones(), drivers/base/memory.c, v4.11 (online or not: the zone, then where a shift could take it)
function validZonesShift(ctx: HotplugContext, mem: MemoryBlock): string {
  const idx = blockZoneOfPages(ctx, mem);
  if (idx === undefined) return 'none';
  const ppb = ctx.geometry.pagesPerBlock;
  const zone = nodeData(ctx, mem.nid).zone(idx);
  const zones = [idx];
  for (const target of [ZONE_NORMAL, ZONE_MOVABLE]) {
    const { allowed, shift } = zoneCanShift(ctx, zone, mem.id * ppb, ppb, target);
    if (allowed && shift !== 0) zones.push(idx + shift);
  }
  return zones.map(zoneName).join(' ');
}

// mirrors show_valid_zones(), drivers/base/memory.c, v4.13 (each type allow_online_pfn_range() lets through)
function validZonesAllow(ctx: HotplugContext, mem: MemoryBlock): string {
  const ppb = ctx.geometry.pagesPerBlock;
  const pfn = mem.id * ppb;
  const pgdat = nodeData(ctx, mem.nid);
  const ignore = ctx.bugs.has('valid-zones-ignores-allow');
  const zones: number[] = [];
  if (ignore || allowOnlinePfnRange(ctx, pgdat, pfn, ppb, 'online_kernel')) zones.push(defaultZoneForPfn(pgdat, pfn, ppb));
  if (ignore || allowOnlinePfnRange(ctx, pgdat, pfn, ppb, 'online_movable')) zones.push(ZONE_MOVABLE);
  return zones.map(zoneName).join(' ');
}

// mirrors valid_zones_show(), drivers/base/memory.c, v5.5
export function validZonesShow(ctx: HotplugContext, mem: MemoryBlock): string {
  if (ctx.rules.onlineZone === 'shift') return validZonesShift(ctx, mem);
  if (mem.state === 'online') return onlineBlockZone(ctx, mem);
  if (ctx.rules.onlineZone === 'allow-online-pfn-range') return validZonesAllow(ctx, mem);
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
