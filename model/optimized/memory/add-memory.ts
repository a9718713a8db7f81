/**
 * System RAM hot-add: add_memory() → add_memory_resource() (mm/memory_hotplug.c,
 * v5.5): resource, range check, arch_add_memory(), memory block devices,
 * node, auto-online.
 */
import type { Outcome } from '../../outcome.ts';
import { allocAltmap, freeAltmap, mhpSupportsMemmapOnMemory } from '../memmap/memmap-on-memory.ts';
import type { VmemAltmap } from '../memmap/vmem-altmap.ts';
import { EEXIST, EINVAL, errToOutcome } from '../errno.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import { refuseBeyondCapacity } from '../pages/add-pages.ts';
import { archAddMemory, hotRemovePages } from '../pages/hotplug-pages.ts';
import { pfnToSectionNr } from '../sparse/pfn.ts';
import { memoryBlockOnline } from '../online-offline/online-pages.ts';
import type { OnlineType } from '../../online-type.ts';
import type { MemoryGroup } from '../sysfs/memory-block.ts';
import { tryOnlineNode } from '../zones/node-hotplug.ts';
import { addZoneAtHotAdd } from '../zone-policy/shift.ts';
import { shrinkSpansAtRemove } from './remove-memory.ts';

// mirrors check_hotplug_memory_range(), mm/memory_hotplug.c, v5.5
function checkHotplugMemoryRange(ctx: HotplugContext, start: number, size: number): number {
  const blockSize = ctx.geometry.pagesPerBlock * ctx.geometry.pageSize;
  if (size === 0 || start % blockSize !== 0 || size % blockSize !== 0) return EINVAL;
  return 0;
}

// mirrors create_memory_block_devices(), drivers/base/memory.c, v5.5; with memmap_on_memory
// create_altmaps_and_memory_blocks(), mm/memory_hotplug.c, v6.7 (an altmap per block; before v6.7 there is one block)
function createMemoryBlockDevices(
  ctx: HotplugContext,
  nid: number,
  pfn: number,
  nrPages: number,
  selfHosted: boolean,
  standby: boolean,
  dynamic: MemoryGroup | undefined,
): BlockDeviceFailure | undefined {
  const ppb = ctx.geometry.pagesPerBlock;
  // memory_group_register_static(): ACPI makes each DIMM a group from v5.15, unless a driver gave its dynamic one
  const group = dynamic ?? (ctx.rules.onlinePolicy === 'policies' ? { nid, maxPages: nrPages, presentKernelPages: 0, presentMovablePages: 0 } : undefined);
  const created: number[] = [];
  for (let id = pfn / ppb; id < (pfn + nrPages) / ppb; id++) {
    if (ctx.blocks.has(id)) continue;
    // the altmap comes first: add_memory_resource() / create_altmaps_and_memory_blocks() kmalloc it before arch_add_memory()
    const altmap = selfHosted ? allocAltmap(ctx, id * ppb, standby) : undefined;
    // add_memory_block(): its kzalloc or device registration
    const err = ctx.faults.take('memory_block');
    if (err !== 0) {
      // the blocks created so far go (remove_memory_block_devices() / remove_memory_blocks_and_altmaps())
      for (const done of created) {
        const a = ctx.blocks.get(done)?.altmap;
        if (a !== undefined) freeAltmap(ctx, a);
        ctx.blocks.delete(done);
      }
      return { err, altmap };
    }
    const mem = group === undefined ? { id, nid, state: 'offline' as const, nrHwpoison: 0 } : { id, nid, state: 'offline' as const, nrHwpoison: 0, group };
    ctx.blocks.set(id, altmap === undefined ? mem : { ...mem, altmap });
    created.push(id);
  }
  return undefined;
}

/** A failed block device creation: its errno, and the altmap that block's memmap came from. */
interface BlockDeviceFailure {
  readonly err: number;
  readonly altmap: VmemAltmap | undefined;
}

/**
 * The error path after a failed block device creation: arch_remove_memory()
 * with the failing block's altmap, then kfree() of it. Without the altmap
 * (B-24 before v6.7 single-altmap adds, B-25 per-block altmaps from v6.7)
 * vmemmap_free() hands the self-hosted memmap pages to the buddy allocator.
 */
// mirrors the create_memory_block_devices() error path of add_memory_resource(), mm/memory_hotplug.c, v6.7 / create_altmaps_and_memory_blocks(), v7.3
function undoArchAddMemory(ctx: HotplugContext, pfn: number, nrPages: number, altmap: VmemAltmap | undefined, deferred: boolean): void {
  if (altmap !== undefined) {
    const dropped = ctx.bugs.has(ctx.rules.memmapOnMemory === 'per-block' ? 'block-error-drops-altmap' : 'add-error-drops-altmap');
    if (dropped) ctx.buddy.vmemmapPages += altmap.free;
    freeAltmap(ctx, altmap);
  }
  // seed 004's deferred standby memory: nothing was added yet (docs/seeds.md)
  if (deferred) return;
  // before v5.5 arch_remove_memory() shrinks the zone its first (never initialised) page names
  if (ctx.rules.shrinkAt === 'remove') shrinkSpansAtRemove(ctx, pfn, nrPages);
  hotRemovePages(ctx, pfn, nrPages);
}

// mirrors online_memory_block(), mm/memory_hotplug.c, v5.5 (memhp_auto_online; errors are not reported)
function onlineMemoryBlocks(ctx: HotplugContext, pfn: number, nrPages: number, type: OnlineType): void {
  const ppb = ctx.geometry.pagesPerBlock;
  for (let id = pfn / ppb; id < (pfn + nrPages) / ppb; id++) {
    const mem = ctx.blocks.get(id);
    if (mem !== undefined && mem.state === 'offline') memoryBlockOnline(ctx, mem, type);
  }
}

// mirrors memory_group_register_dynamic(), drivers/base/memory.c, v5.15: a unit the group can use, or undefined
function dynamicGroupFor(ctx: HotplugContext, nid: number, unitBytes: number): MemoryGroup | undefined {
  const unitPages = unitBytes / ctx.geometry.pageSize;
  if (unitPages === 0 || (unitPages & (unitPages - 1)) !== 0 || unitPages < ctx.geometry.pagesPerBlock) return undefined;
  return ctx.dynamicGroups.get(`${nid}/${unitPages}`) ?? { nid, maxPages: 0, unitPages, presentKernelPages: 0, presentMovablePages: 0 };
}

// mirrors add_memory_resource(), mm/memory_hotplug.c, v5.5 (register_memory_resource() first, as add_memory() does)
// with `driverManaged`: add_memory_driver_managed(), mm/memory_hotplug.c, v5.8 (before it, drivers call add_memory())
export function addMemory(
  ctx: HotplugContext,
  nid: number,
  start: number,
  size: number,
  memmapOnMemory = false,
  inaccessible = false,
  dynamicUnit?: number,
  driverManaged = false,
): Outcome {
  const kmem = driverManaged && ctx.rules.driverManaged === 'system-ram-kmem';
  const pageSize = ctx.geometry.pageSize;
  const pfn = Math.floor(start / pageSize);
  const nrPages = Math.floor(size / pageSize);
  // memory groups exist from v5.15: a virtio-mem driver registers its dynamic group before it adds anything
  const grouped = dynamicUnit !== undefined && ctx.rules.onlinePolicy === 'policies';
  const dynamic = grouped ? dynamicGroupFor(ctx, nid, dynamicUnit) : undefined;
  if (grouped && dynamic === undefined) return errToOutcome(EINVAL);
  // register_memory_resource(): a second add of the same memory stops here
  if (driverManaged ? ctx.iomem.conflictsOutsideFirmware(pfn, pfn + nrPages) : ctx.iomem.conflicts(pfn, pfn + nrPages)) return errToOutcome(EEXIST);
  const ret = checkHotplugMemoryRange(ctx, start, size);
  if (ret !== 0) return errToOutcome(ret);

  // an unsupported request is an ordinary add: ACPI asks first (v5.12), the core falls back (v6.6)
  const selfHosted = memmapOnMemory && mhpSupportsMemmapOnMemory(ctx, nrPages);
  // the node is only set online once everything else worked, so a failure leaves none behind;
  // v6.7 adds block by block, undoing all on a failure: the same end state as one call
  // seed 004's s390 design: standby memory that hosts its memmap is not accessible yet, so __add_pages() waits for MEM_PHYS_ONLINE (docs/seeds.md)
  const deferred = selfHosted && inaccessible && ctx.rules.s390Online === 'phys-online-rfc';
  // deferred memory still gets its block devices and RAM now: the model's bound counts it (model/capacity.ts)
  if (deferred) refuseBeyondCapacity(ctx, { first: pfnToSectionNr(ctx.geometry, pfn), last: pfnToSectionNr(ctx.geometry, pfn + nrPages - 1) });
  const added = deferred ? 'ok' : archAddMemory(ctx, nid, pfn, nrPages);
  if (added !== 'ok') return added;

  // MHP_OFFLINE_INACCESSIBLE: a flag of v6.9..v6.18 only (and of seed 004's design; docs/seeds.md)
  const standby = inaccessible && (ctx.rules.s390Online === 'prepare-online' || ctx.rules.s390Online === 'phys-online-rfc');
  const failed = createMemoryBlockDevices(ctx, nid, pfn, nrPages, selfHosted, standby, dynamic);
  if (failed !== undefined) {
    undoArchAddMemory(ctx, pfn, nrPages, failed.altmap, deferred);
    return errToOutcome(failed.err);
  }
  if (dynamic?.unitPages !== undefined) ctx.dynamicGroups.set(`${nid}/${dynamic.unitPages}`, dynamic);
  tryOnlineNode(ctx, nid);
  // v4.10: the zone is chosen now and the spans grow at hot-add
  if (ctx.rules.zoneAtAdd === 'zone-for-memory') addZoneAtHotAdd(ctx, nid, pfn, nrPages);
  ctx.iomem.insert(
    kmem && !ctx.bugs.has('kmem-plain-system-ram')
      ? { start: pfn, end: pfn + nrPages, kind: 'System RAM', boot: false, nid, driverManaged: true }
      : { start: pfn, end: pfn + nrPages, kind: 'System RAM', boot: false, nid },
  );
  // mhp_default_online_type: a word the kernel does not parse leaves the blocks offline
  const dflt = ctx.config.autoOnlineBlocks;
  if (dflt !== 'offline' && ctx.rules.defaultOnlineStates.split(' ').includes(dflt)) {
    onlineMemoryBlocks(ctx, pfn, nrPages, dflt);
  }
  return 'ok';
}
