/**
 * The observation above the sparse layer, read off the kernel-shaped
 * structures: blocks from the Map, nodes and zones from the pgdats, memmap
 * runs by merging equal neighbouring stretches of present sections.
 */
import type { AltmapObservation, EarlyPagesObservation } from '../../observation.ts';
import type { BlockObservation, MemmapRun, NodeObservation, Observation, ResourceObservation, SectionObservation } from '../../observation.ts';
import { observeOnTop, type Counters, type MachineObserver, type PartObserver, type RebuiltParts } from '../../observe-on-top.ts';
import type { MachinePart, Touched } from '../../touched.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import type { MemSection } from '../sparse/mem-section.ts';
import type { MemoryBlock } from '../sysfs/memory-block.ts';
import type { PageLinks } from '../memmap/memmap.ts';
import { observeOneSection, observeSparse } from './sparse.ts';
import { presentSection } from '../sparse/queries.ts';
import { onlineBlockZone, validZonesShow } from '../sysfs/show.ts';
import { zoneName } from '../zones/zone.ts';

function observeBlocks(ctx: HotplugContext): BlockObservation[] {
  return [...ctx.blocks.values()].sort((a, b) => a.id - b.id).map((mem) => observeBlock(ctx, mem));
}

/** An online block's valid_zones is its zone (v4.14 on), read off its own memmap: no zone of the machine is read. */
function showsOwnZone(ctx: HotplugContext, mem: MemoryBlock): boolean {
  return mem.state === 'online' && ctx.rules.onlineZone !== 'shift';
}

// mirrors valid_zones_show(), drivers/base/memory.c, v5.5, given the block's zone (`zone`) when it is online
function validZonesOf(ctx: HotplugContext, mem: MemoryBlock, zone: string): string {
  return showsOwnZone(ctx, mem) ? zone : validZonesShow(ctx, mem);
}

function observeBlock(ctx: HotplugContext, mem: MemoryBlock): BlockObservation {
  // read the memmap once: an online block's zone is also its valid_zones
  const zone = mem.state === 'online' ? onlineBlockZone(ctx, mem) : '-';
  const seen = { id: mem.id, nid: mem.nid, state: mem.state, zone, validZones: validZonesOf(ctx, mem, zone) };
  const withVmemmap = mem.altmap === undefined ? seen : { ...seen, vmemmap: mem.altmap.free };
  const withPoison = mem.nrHwpoison > 0 ? { ...withVmemmap, poisoned: mem.nrHwpoison } : withVmemmap;
  const withType = mem.onlineType === undefined ? withPoison : { ...withPoison, onlineType: mem.onlineType };
  return mem.group?.unitPages === undefined ? withType : { ...withType, dynamicUnit: mem.group.unitPages };
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
  return memmapRuns(ctx, ctx.table.liveSections());
}

/** The runs of one section's struct pages, cut at its bounds (an incremental observation's part). */
function observeMemmapOf(ctx: HotplugContext, nr: number): MemmapRun[] {
  const ms = ctx.table.nrToSection(nr);
  return ms === undefined ? [] : memmapRuns(ctx, [ms]);
}

/** The memmap of the present ones of `sections` (ascending) as runs: neighbours of one state merge. */
function memmapRuns(ctx: HotplugContext, sections: Iterable<MemSection>): MemmapRun[] {
  const g = ctx.geometry;
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
  for (const ms of sections) {
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

/** The whole observation, from scratch; the dirty bits are left as they are. */
export function observeMachine(ctx: HotplugContext): Observation {
  const { roots, sections } = observeSparse(ctx);
  return assemble(ctx, roots, { sections, blocks: observeBlocks(ctx), memmap: observeMemmap(ctx) }, observeNodes(ctx));
}

/**
 * The observation now, on top of `prev` (the one this function or
 * observeMachine() gave last): only the sections, struct pages and blocks
 * whose dirty bits are set are observed again, and the nodes, resources,
 * pins, roots and altmaps only when their own dirty bit is set (`prev`
 * itself when nothing changed), unless `everything` (an operation that sets
 * no dirty bits ran). Clears the dirty bits.
 */
export function observeMachineChanges(ctx: HotplugContext, prev: Observation | undefined, everything: boolean): Observation {
  const o = prev === undefined || everything ? observeMachine(ctx) : observeOnTop(prev, dirtyParts(ctx), ctx.geometry, new OptParts(ctx));
  ctx.table.clearDirty();
  ctx.memmap.clearDirty();
  ctx.blocks.clearDirty();
  for (const pgdat of ctx.pgdats.values()) pgdat.dirty = false;
  ctx.iomem.dirty = false;
  ctx.pins.dirty = false;
  ctx.table.rootsDirty = false;
  ctx.altmaps.dirty = false;
  return o;
}

/** What the dirty bits beside the structures say was written since the last observation. */
function dirtyParts(ctx: HotplugContext): Touched {
  const machine = new Set<MachinePart>();
  for (const pgdat of ctx.pgdats.values()) if (pgdat.dirty) machine.add('nodes');
  if (ctx.iomem.dirty) machine.add('resources');
  if (ctx.pins.dirty) machine.add('pins');
  if (ctx.table.rootsDirty) machine.add('roots');
  if (ctx.altmaps.dirty) machine.add('altmaps');
  return { all: false, sections: new Set(ctx.table.dirtySections()), memmap: new Set(ctx.memmap.dirtySections()), blocks: new Set(ctx.blocks.dirtyIds()), machine };
}

/** One part of the machine observed alone, for observeOnTop(). */
class OptParts implements PartObserver, MachineObserver {
  constructor(private readonly ctx: HotplugContext) {}

  section(nr: number): SectionObservation | undefined {
    return observeOneSection(this.ctx, nr);
  }

  memmapOf(nr: number): MemmapRun[] {
    return observeMemmapOf(this.ctx, nr);
  }

  block(id: number): BlockObservation | undefined {
    const mem = this.ctx.blocks.get(id);
    return mem === undefined ? undefined : observeBlock(this.ctx, mem);
  }

  validZones(id: number): string {
    const mem = this.ctx.blocks.get(id);
    if (mem === undefined) throw new Error(`optimized: no memory block ${id}`);
    return validZonesOf(this.ctx, mem, mem.state === 'online' ? onlineBlockZone(this.ctx, mem) : '-');
  }

  validZonesOwn(id: number): boolean {
    const mem = this.ctx.blocks.get(id);
    return mem !== undefined && showsOwnZone(this.ctx, mem);
  }

  roots(): number[] {
    return this.ctx.table.visibleRoots();
  }

  nodes(): NodeObservation[] {
    return observeNodes(this.ctx);
  }

  earlyPages(): EarlyPagesObservation[] {
    return earlyPagesOf(this.ctx);
  }

  altmaps(): AltmapObservation[] {
    return altmapsOf(this.ctx);
  }

  resources(): ResourceObservation[] {
    return observeResources(this.ctx);
  }

  pins(): number[] {
    return [...this.ctx.pins.all()];
  }

  counters(): Counters {
    return countersOf(this.ctx);
  }
}

function earlyPagesOf(ctx: HotplugContext): EarlyPagesObservation[] {
  return ctx.rules.onlinePolicy === 'policies' ? observeEarlyPages(ctx) : [];
}

function altmapsOf(ctx: HotplugContext): AltmapObservation[] {
  return [...ctx.altmaps].map((a) => (a.inaccessible ? { basePfn: a.basePfn, endPfn: a.endPfn, pages: a.free, inaccessible: true as const } : { basePfn: a.basePfn, endPfn: a.endPfn, pages: a.free })).sort((x, y) => x.basePfn - y.basePfn);
}

function countersOf(ctx: HotplugContext): Counters {
  return { uninitReads: ctx.memmap.uninitReads, orderingHazards: ctx.ordering.hazards, usageRaces: ctx.ordering.usageRaces, vmemmapToBuddy: ctx.buddy.vmemmapPages };
}

function assemble(ctx: HotplugContext, roots: readonly number[], parts: RebuiltParts, nodes: NodeObservation[]): Observation {
  return {
    roots,
    sections: parts.sections,
    blocks: parts.blocks,
    nodes,
    memmap: parts.memmap,
    resources: observeResources(ctx),
    pins: [...ctx.pins.all()],
    ...countersOf(ctx),
    earlyPages: earlyPagesOf(ctx),
    altmaps: altmapsOf(ctx),
  };
}
