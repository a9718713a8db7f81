/**
 * The optimized implementation: the kernel's own data structures (a two-level
 * mem_section table, per-section flag words, sub-section bitmaps, zones and
 * pgdats, memory block devices, a per-sub-section memmap) and functions, one
 * file per job. See docs/sparse-layer.md and docs/blocks-and-zones.md.
 */
import type { ImplementationFactory } from '../implementation.ts';
import type { Answer } from '../outcome.ts';
import type { Step } from '../step.ts';
import { ejectMemory } from './memory/acpi-eject.ts';
import { addMemory } from './memory/add-memory.ts';
import { sparseBoot } from './sparse/boot.ts';
import { hotplugBoot } from './zones/boot.ts';
import { ERRNO_VALUE, errToOutcome } from './errno.ts';
import { createHotplugContext } from './hotplug-context.ts';
import { hotAddPages, hotRemovePages } from './pages/hotplug-pages.ts';
import { memremapPages, memunmapPages } from './memory/memremap.ts';
import { nvdimmSetupPfn } from './memory/pfn-device.ts';
import { pfnNamespace } from '../namespace-mode.ts';
import { onlineStore, stateStore } from './sysfs/store.ts';
import { observeMachine, observeMachineChanges } from './observe/hotplug.ts';
import type { Observation } from '../observation.ts';
import { memoryFailure } from './faults/memory-failure.ts';
import { pinPage, unpinPage } from './faults/pin.ts';
import { answerQuery } from './sparse/query-step.ts';
import { removeMemory } from './memory/remove-memory.ts';
import { blockShow, nodeShow, validZonesShow, zoneShow } from './sysfs/show.ts';
import { createVirtioMem, observeVirtioMem, unpluggedOnlinePages, virtioMemResize } from './memory/virtio-mem.ts';
import { ruleValues } from '../profile.ts';
import { subBlockBytes, unmanagedKey, withoutUnplugged, zoneTextWithoutUnplugged } from '../virtio-mem.ts';

export const createOptimized: ImplementationFactory = (setup, bugs) => {
  const ctx = createHotplugContext(setup, bugs);
  sparseBoot(ctx, setup.boot);
  hotplugBoot(ctx, setup.boot);
  const pageSize = setup.geometry.pageSize;
  const pfn = (addr: number): number => Math.floor(addr / pageSize);
  for (const p of setup.pmem ?? []) ctx.iomem.insertFirmware({ start: pfn(p.start), end: pfn(p.start + p.size) });
  const sb = setup.virtioMem === undefined ? undefined : subBlockBytes(ruleValues(setup.profile), setup.virtioMem);
  const vm = setup.virtioMem === undefined || sb === undefined ? undefined : createVirtioMem(ctx, setup.virtioMem, sb);
  ctx.ordering.arm();
  let last: Observation | undefined;
  // the driver's plugged state is its own: it is laid over the machine's observation, never kept in it
  const withVirtioMem = (o: Observation): Observation =>
    vm === undefined ? o : { ...o, nodes: withoutUnplugged(o.nodes, unpluggedOnlinePages(ctx, vm)), virtioMem: observeVirtioMem(vm) };
  // the device's state changes only in a virtio_mem_resize step, after which the machine's observation is a new
  // (full) one: the same machine observation stands for the same view with the device laid over it
  let shown: { of: Observation; view: Observation } | undefined;
  const view = (o: Observation): Observation => {
    if (shown?.of !== o) shown = { of: o, view: withVirtioMem(o) };
    return shown.view;
  };
  // set by an operation that sets no dirty bits (one not in SETS_DIRTY_BITS): the next observation is a full one
  let everything = true;
  return {
    kind: 'optimized',
    apply(step: Step): Answer {
      // each of these kernel entry points runs between mem_hotplug_begin() and mem_hotplug_done()
      // (online_pages(), offline_pages(), add_memory_resource(), try_remove_memory(), memremap_pages(), …)
      if (!SETS_DIRTY_BITS.has(step.op)) everything = true;
      const locked = LOCKED_OPS.has(step.op);
      if (locked) ctx.ordering.begin();
      try {
        return applyStep(step);
      } finally {
        if (locked) ctx.ordering.done();
      }
    },
    observe() {
      last = observeMachineChanges(ctx, last, everything);
      everything = false;
      return view(last);
    },
    observeFull() {
      return withVirtioMem(observeMachine(ctx));
    },
  };

  function applyStep(step: Step): Answer {
    switch (step.op) {
      case 'add_pages':
        return hotAddPages(ctx, step.nid, pfn(step.start), pfn(step.size));
      case 'remove_pages':
        return hotRemovePages(ctx, pfn(step.start), pfn(step.size));
      case 'fail':
        ctx.faults.arm(step.alloc, -ERRNO_VALUE[step.errno]);
        return 'ok';
      case 'query':
        return answerQuery(ctx, step);
      case 'dump':
        return 'ok';
      case 'add_memory':
        return addMemory(ctx, step.nid, step.start, step.size, step.memmapOnMemory === true, step.inaccessible === true, step.dynamicUnit);
      case 'add_memory_driver_managed':
        return addMemory(ctx, step.nid, step.start, step.size, false, false, undefined, true);
      case 'remove_memory':
        return removeMemory(ctx, step.start, step.size);
      case 'eject_memory':
        return ejectMemory(ctx, step.start, step.size);
      case 'memremap_pages': {
        // a namespace in fsdax or devdax mode: the pfn device is set up first (nvdimm_setup_pfn())
        const ns = pfnNamespace(setup.pmem, step.start, step.size);
        const refused = ns === undefined ? undefined : nvdimmSetupPfn(ctx.geometry, ctx.bugs, ns);
        return refused ?? memremapPages(ctx, step.nid, step.start, step.size);
      }
      case 'memunmap_pages':
        return memunmapPages(ctx, step.start, step.size);
      case 'state':
        return errToOutcome(stateStore(ctx, step.block, step.word));
      case 'online':
        return errToOutcome(onlineStore(ctx, step.block, step.word));
      case 'pin':
        return pinPage(ctx, step.addr);
      case 'unpin':
        return unpinPage(ctx, step.addr);
      case 'poison':
        return memoryFailure(ctx, step.addr);
      case 'veto':
        ctx.notifier.arm(step.event, -ERRNO_VALUE[step.errno]);
        return 'ok';
      case 'valid_zones': {
        const mem = ctx.blocks.get(step.block);
        if (mem === undefined) return '-ENOENT';
        // the `valid-zones-first-page` switch: show_valid_zones() before a96dfddbcc04 read
        // page_zone() of the block's first pfn, even when that pfn has no struct page
        if (ctx.bugs.has('valid-zones-first-page') && mem.state === 'online') ctx.memmap.readPage(mem.id * ctx.geometry.pagesPerBlock);
        return validZonesShow(ctx, mem);
      }
      case 'block': {
        const mem = ctx.blocks.get(step.block);
        return mem === undefined ? '-ENOENT' : blockShow(ctx, mem);
      }
      case 'zone': {
        const text = zoneShow(ctx, step.zone, step.nid);
        return vm === undefined ? text : zoneTextWithoutUnplugged(text, unpluggedOnlinePages(ctx, vm).get(unmanagedKey(step.nid, step.zone)) ?? 0);
      }
      case 'virtio_mem_resize':
        return vm === undefined ? '-ENODEV' : virtioMemResize(ctx, vm, step.size);
      case 'node':
        return nodeShow(ctx, step.nid);
    }
  }
};

/**
 * Operations whose every write to a section, a struct page or a memory block
 * sets the dirty bit beside it (model/touched.ts). Any other operation, such
 * as one added later, makes the next observation a full one until it is listed.
 */
const SETS_DIRTY_BITS: ReadonlySet<Step['op']> = new Set<Step['op']>([
  'add_pages',
  'remove_pages',
  'fail',
  'query',
  'dump',
  'add_memory',
  'remove_memory',
  'eject_memory',
  'memremap_pages',
  'memunmap_pages',
  'state',
  'online',
  'pin',
  'unpin',
  'poison',
  'veto',
  'valid_zones',
  'block',
  'zone',
  'node',
]);

/** Steps whose kernel entry point takes mem_hotplug_lock for writing. */
// virtio_mem_resize: each add_memory_driver_managed(), offline and remove_memory() the driver makes takes the lock in turn
const LOCKED_OPS: ReadonlySet<Step['op']> = new Set<Step['op']>(['add_memory', 'add_memory_driver_managed', 'remove_memory', 'eject_memory', 'memremap_pages', 'memunmap_pages', 'state', 'online', 'virtio_mem_resize']);
