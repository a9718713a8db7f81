/**
 * pfn_to_online_page(): the one question both the `pfn_to_online_page`
 * query and the span-shrinking walkers ask before touching a struct page.
 */
import type { HotplugContext } from '../hotplug-context.ts';
import { SECTION_TAINT_ZONE_DEVICE, type MemSection } from './mem-section.ts';
import { onlineSection, pfnSectionValid, pfnToSection } from './queries.ts';

// mirrors online_device_section(), include/linux/mmzone.h, v5.12
function onlineDeviceSection(ms: MemSection): boolean {
  return (ms.sectionMemMap & SECTION_TAINT_ZONE_DEVICE) !== 0 && onlineSection(ms);
}

// mirrors get_dev_pagemap(), kernel/memremap.c, v5.12: the pgmap ranges are the device resources
function devPagemapOwns(ctx: HotplugContext, pfn: number): boolean {
  return ctx.iomem.overlapping(pfn, pfn + 1).some((r) => r.kind === 'device');
}

// mirrors pfn_to_online_page(), mm/memory_hotplug.c, v5.12 (before: online_section() alone)
export function pfnToOnlinePage(ctx: HotplugContext, ms: MemSection | undefined, pfn: number): boolean {
  if (ms === undefined || !onlineSection(ms)) return false;
  if (ctx.rules.onlinePage === 'online-section') return true;
  if (!ctx.bugs.has('online-page-any-subsection') && !pfnSectionValid(ctx, ms, pfn)) return false;
  if (!onlineDeviceSection(ms) || ctx.bugs.has('online-page-device')) return true;
  return !devPagemapOwns(ctx, pfn);
}

/**
 * A ZONE_DEVICE range can share a section with System RAM only at an end
 * that is not section-aligned, so only those sections are tainted.
 */
// mirrors section_taint_zone_device() as move_pfn_range_to_zone() calls it, mm/memory_hotplug.c, v5.12
export function taintZoneDeviceEnds(ctx: HotplugContext, startPfn: number, nrPages: number): void {
  if (ctx.rules.onlinePage === 'online-section') return;
  const perSection = ctx.geometry.pagesPerSection;
  for (const pfn of [startPfn, startPfn + nrPages]) {
    if (pfn % perSection === 0) continue;
    const ms = pfnToSection(ctx, pfn);
    if (ms !== undefined) ms.sectionMemMap |= SECTION_TAINT_ZONE_DEVICE;
  }
}
