/**
 * The reference implementation of the sparse layer (docs/sparse-layer.md)
 * and of memory blocks, zones and nodes (docs/blocks-and-zones.md): written
 * plainly, one record per section, per node, per zone and per block, sets for
 * bitmaps and per-sub-section facts, so that it can be checked by reading.
 * The optimized implementation is written independently and compared against it.
 */
import { maxHeldSections } from '../capacity.ts';
import { ruleValues } from '../profile.ts';
import type { Implementation, ImplementationFactory, MachineSetup } from '../implementation.ts';
import type { Observation } from '../observation.ts';
import type { Answer, Outcome } from '../outcome.ts';
import type { Step } from '../step.ts';
import { addMemory } from './memory/add-memory.ts';
import { addPagesPoisoning } from './pages/hotplug-pages.ts';
import { bootRange } from './sparse/boot.ts';
import { bootHotplugState } from './zones/boot.ts';
import { armFault } from './faults/faults.ts';
import { addResource } from './memory/resources.ts';
import { memremapPages, memunmapPages } from './memory/memremap.ts';
import { pfnDeviceRefusal } from './memory/pfn-device.ts';
import { pfnNamespace } from '../namespace-mode.ts';
import { pruneMemmap } from './memmap/memmap.ts';
import { armVeto } from './faults/notifier.ts';
import { observe, observeChanges } from './observe/sparse.ts';
import { TouchLog } from '../touched.ts';
import { pin, unpin } from './faults/pin.ts';
import { poison } from './faults/memory-failure.ts';
import { query } from './sparse/queries.ts';
import { readBlock, readNode, readValidZones, readZone } from './sysfs/show.ts';
import { ejectMemory } from './memory/acpi-eject.ts';
import { removeMemory } from './memory/remove-memory.ts';
import { removePages } from './pages/remove-pages.ts';
import type { RefMachine } from './state.ts';
import { writeOnline, writeState } from './sysfs/store.ts';
import { newVirtioMem, observeVirtioMem, unpluggedOnlinePages, virtioMemResize, type RefVirtioMem } from './memory/virtio-mem.ts';
import { subBlockBytes, unmanagedKey, withoutUnplugged, zoneTextWithoutUnplugged } from '../virtio-mem.ts';

function newMachine(setup: MachineSetup): RefMachine {
  return {
    geometry: setup.geometry,
    config: setup.config,
    rules: ruleValues(setup.profile),
    sections: new Map(),
    roots: new Set(),
    faults: new Map(),
    nodes: new Map(),
    blocks: new Map(),
    resources: [],
    memmap: new Map(),
    ram: new Map(),
    pins: new Set(),
    vetoes: new Map(),
    uninitReads: 0,
    usageRaces: 0,
    initializedZones: new Set(),
    altmaps: [],
    poisoned: new Set(),
    groups: new Map(),
    nextGroup: 0,
    heldSectionLimit: setup.heldSectionLimit ?? maxHeldSections(setup.geometry),
    touched: new TouchLog(),
  };
}

function removePagesStep(m: RefMachine, start: number, size: number): Outcome {
  const answer = removePages(m, start, size);
  pruneMemmap(m);
  return answer;
}

/**
 * Operations whose every write goes through a function that records what it
 * touched (RefMachine.touched). Any other operation, such as one added
 * later, counts as touching everything until it is listed here.
 */
const RECORDS_TOUCHES: ReadonlySet<Step['op']> = new Set<Step['op']>([
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

function apply(m: RefMachine, vm: RefVirtioMem | undefined, step: Step): Answer {
  if (!RECORDS_TOUCHES.has(step.op)) m.touched.everything();
  switch (step.op) {
    case 'add_pages':
      return addPagesPoisoning(m, step.start, step.size, step.nid);
    case 'remove_pages':
      return removePagesStep(m, step.start, step.size);
    case 'fail':
      armFault(m, step.alloc, step.errno);
      return 'ok';
    case 'query':
      return query(m, step.query, step.addr);
    case 'dump':
      return 'ok';
    case 'add_memory':
      return addMemory(m, step.start, step.size, step.nid, step.memmapOnMemory === true, step.inaccessible === true, step.dynamicUnit);
    case 'add_memory_driver_managed':
      return addMemory(m, step.start, step.size, step.nid, false, false, undefined, true);
    case 'remove_memory':
      return removeMemory(m, step.start, step.size);
    case 'eject_memory':
      return ejectMemory(m, step.start, step.size);
    case 'memremap_pages':
      return memremapPages(m, step.start, step.size, step.nid);
    case 'memunmap_pages':
      return memunmapPages(m, step.start, step.size);
    case 'state':
      return writeState(m, step.block, step.word);
    case 'online':
      return writeOnline(m, step.block, step.word);
    case 'pin':
      return pin(m, step.addr);
    case 'unpin':
      return unpin(m, step.addr);
    case 'poison':
      return poison(m, step.addr);
    case 'veto':
      armVeto(m, step.event, step.errno);
      return 'ok';
    case 'valid_zones':
      return readValidZones(m, step.block);
    case 'block':
      return readBlock(m, step.block);
    case 'zone': {
      const text = readZone(m, step.zone, step.nid);
      return vm === undefined ? text : zoneTextWithoutUnplugged(text, unpluggedOnlinePages(m, vm).get(unmanagedKey(step.nid, step.zone)) ?? 0);
    }
    case 'virtio_mem_resize':
      // without a device (a profile or machine the parser did not check) the host has nothing to resize
      return vm === undefined ? '-ENODEV' : virtioMemResize(m, vm, step.size);
    case 'node':
      return readNode(m, step.nid);
  }
}

/** Bug switches model patches to the optimized implementation; the reference has none. */
export const createReference: ImplementationFactory = (setup: MachineSetup): Implementation => {
  const m = newMachine(setup);
  for (const range of setup.boot) bootRange(m, range);
  bootHotplugState(m, setup.boot);
  // e820 type-12 ranges: resources from boot, not RAM (e820__reserve_resources(), arch/x86/kernel/e820.c)
  for (const p of setup.pmem ?? []) addResource(m, { start: p.start, end: p.start + p.size, kind: 'Persistent Memory (legacy)', boot: true, nid: -1 });
  const sb = setup.virtioMem === undefined ? undefined : subBlockBytes(m.rules, setup.virtioMem);
  const vm = setup.virtioMem === undefined || sb === undefined ? undefined : newVirtioMem(setup.virtioMem, sb);
  // the driver's plugged state is its own: it is laid over the machine's observation, never kept in it
  const withVirtioMem = (o: Observation): Observation =>
    vm === undefined ? o : { ...o, nodes: withoutUnplugged(o.nodes, unpluggedOnlinePages(m, vm)), virtioMem: observeVirtioMem(m, vm) };
  let last: Observation | undefined;
  // the device's state changes only in a virtio_mem_resize step, after which the machine's observation is a new
  // (full) one: the same machine observation stands for the same view with the device laid over it
  let shown: { of: Observation; view: Observation } | undefined;
  const view = (o: Observation): Observation => {
    if (shown?.of !== o) shown = { of: o, view: withVirtioMem(o) };
    return shown.view;
  };
  return {
    kind: 'reference',
    apply: (step: Step): Answer => {
      // a namespace in fsdax or devdax mode: libnvdimm's pfn device may refuse before memremap_pages() runs
      const ns = step.op === 'memremap_pages' ? pfnNamespace(setup.pmem, step.start, step.size) : undefined;
      return (ns === undefined ? undefined : pfnDeviceRefusal(m.geometry, ns)) ?? apply(m, vm, step);
    },
    observe: (): Observation => view((last = observeChanges(m, last))),
    observeFull: (): Observation => withVirtioMem(observe(m)),
  };
};
