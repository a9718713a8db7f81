/**
 * The observation above the sparse layer, read off the kernel-shaped
 * structures: blocks from the Map, nodes and zones from the pgdats, memmap
 * runs by merging equal neighbouring stretches of present sections.
 */
import type { EarlyPagesObservation } from '../observation.ts';
import type { BlockObservation, MemmapRun, NodeObservation, Observation, ResourceObservation } from '../observation.ts';
import type { HotplugContext } from './hotplug-context.ts';
import type { PageLinks } from './memmap.ts';
import { observeSparse } from './observe.ts';
import { presentSection } from './queries.ts';
import { onlineBlockZone, validZonesShow } from './sysfs-show.ts';
import { zoneName } from './zone.ts';

function observeBlocks(ctx: HotplugContext): BlockObservation[] {
  return [...ctx.blocks.values()]
    .sort((a, b) => a.id - b.id)
    .map((mem) => {
      // an online block's valid_zones is its zone (v4.13 on): read the memmap once
      const zone = mem.state === 'online' ? onlineBlockZone(ctx, mem) : '-';
      const onlyZone = mem.state === 'online' && ctx.rules.onlineZone !== 'shift';
      const seen = { id: mem.id, nid: mem.nid, state: mem.state, zone, validZones: onlyZone ? zone : validZonesShow(ctx, mem) };
      const withVmemmap = mem.altmap === undefined ? seen : { ...seen, vmemmap: mem.altmap.free };
      const withPoison = mem.nrHwpoison > 0 ? { ...withVmemmap, poisoned: mem.nrHwpoison } : withVmemmap;
      const withType = mem.onlineType === undefined ? withPoison : { ...withPoison, onlineType: mem.onlineType };
      return mem.group?.unitPages === undefined ? withType : { ...withType, dynamicUnit: mem.group.unitPages };
    });
}

function observeEarlyPages(ctx: HotplugContext): EarlyPagesObservation[] {
  return [...ctx.pgdats.values()]
    .filter((p) => p.everOnline)
    .sort((a, b) => a.nodeId - b.nodeId)
    .flatMap((p) => p.nodeZones.filter((z) => z.presentEarlyPages !== 0).map((z) => ({ nid: p.nodeId, zone: z.name, pages: z.presentEarlyPages })));
}

function observeNodes(ctx: HotplugContext): NodeObservation[] {
  return [...ctx.pgdats.values()]
    .filter((p) => p.everOnline)
    .sort((a, b) => a.nodeId - b.nodeId)
    .map((p) => ({
      nid: p.nodeId,
      online: p.online,
      startPfn: p.nodeStartPfn,
      spanned: p.nodeSpannedPages,
      present: p.nodePresentPages,
      nrZones: p.nrZones,
      zones: p.nodeZones.map((z) => ({
        name: z.name,
        startPfn: z.zoneStartPfn,
        spanned: z.spannedPages,
        present: z.presentPages,
        managed: z.managedPages,
      })),
    }));
}

function observeMemmap(ctx: HotplugContext): MemmapRun[] {
  const g = ctx.geometry;
  const { table } = ctx;
  const runs: MemmapRun[] = [];
  let runStart = 0;
  let runEnd = -1;
  let runState = '';
  const push = (start: number, end: number, state: string): void => {
    if (start === runEnd && state === runState) {
      runEnd = end;
      return;
    }
    if (runEnd >= 0) runs.push({ startPfn: runStart, endPfn: runEnd, state: runState });
    runStart = start;
    runEnd = end;
    runState = state;
  };
  const visit = (start: number, pages: number, links: PageLinks | undefined): void => {
    push(start, start + pages, links === undefined ? 'uninit' : `${zoneName(links.zone)}/${links.nid}`);
  };
  for (const ms of table.liveSections()) {
    if (presentSection(ms)) ctx.memmap.forEachState(ms.nr * g.pagesPerSection, g.pagesPerSection, visit);
  }
  if (runEnd >= 0) runs.push({ startPfn: runStart, endPfn: runEnd, state: runState });
  return runs;
}

function observeResources(ctx: HotplugContext): ResourceObservation[] {
  const pageSize = ctx.geometry.pageSize;
  const pmem = ctx.iomem.firmwareRanges().map((f): ResourceObservation => ({ start: f.start * pageSize, end: f.end * pageSize, kind: 'Persistent Memory (legacy)' }));
  const rest = ctx.iomem.all().map((r): ResourceObservation => ({ start: r.start * pageSize, end: r.end * pageSize, kind: r.driverManaged === true ? 'System RAM (kmem)' : r.kind }));
  // a parent before the child that starts where it does, as the kernel's tree walk prints them
  return [...pmem, ...rest].sort((a, b) => a.start - b.start || parentFirst(a) - parentFirst(b));
}

function parentFirst(r: ResourceObservation): number {
  return r.kind === 'Persistent Memory (legacy)' ? 0 : 1;
}

export function observeMachine(ctx: HotplugContext): Observation {
  return {
    ...observeSparse(ctx),
    blocks: observeBlocks(ctx),
    nodes: observeNodes(ctx),
    memmap: observeMemmap(ctx),
    resources: observeResources(ctx),
    pins: [...ctx.pins.all()],
    uninitReads: ctx.memmap.uninitReads,
    orderingHazards: ctx.ordering.hazards,
    usageRaces: ctx.ordering.usageRaces,
    vmemmapToBuddy: ctx.buddy.vmemmapPages,
    earlyPages: ctx.rules.onlinePolicy === 'policies' ? observeEarlyPages(ctx) : [],
    altmaps: [...ctx.altmaps].map((a) => (a.inaccessible ? { basePfn: a.basePfn, endPfn: a.endPfn, pages: a.free, inaccessible: true as const } : { basePfn: a.basePfn, endPfn: a.endPfn, pages: a.free })).sort((x, y) => x.basePfn - y.basePfn),
  };
}
