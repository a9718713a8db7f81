/**
 * The virtio-mem driver in Sub Block Mode (drivers/virtio/virtio_mem.c,
 * v5.10 and v6.1), written plainly: a set of plugged sub-blocks and a set of
 * memory blocks added to Linux; each request walks the blocks in the order
 * the profile's rules give. The host always grants a request; what the
 * driver plugs is the observation.
 */
import { formatMask } from '../../observation.ts';
import type { VirtioMemObservation } from '../../observation.ts';
import type { Outcome } from '../../outcome.ts';
import type { VirtioMemDevice } from '../../step.ts';
import { mergedRanges, OFFLINE_THRESHOLD, unmanagedKey } from '../../virtio-mem.ts';
import { addMemory } from './add-memory.ts';
import { onlineBlockZone } from '../sysfs/memory-blocks.ts';
import { removeMemory } from './remove-memory.ts';
import type { RefMachine } from '../state.ts';
import { writeState } from '../sysfs/store.ts';

export interface RefVirtioMem {
  readonly device: VirtioMemDevice;
  /** Sub-block size in bytes. */
  readonly sbSize: number;
  requested: number;
  /** Plugged sub-blocks, numbered from the device's start. */
  readonly plugged: Set<number>;
  /** Memory blocks the driver added to Linux (add_memory_driver_managed()). */
  readonly added: Set<number>;
}

export function newVirtioMem(device: VirtioMemDevice, sbSize: number): RefVirtioMem {
  return { device, sbSize, requested: 0, plugged: new Set(), added: new Set() };
}

const blockBytes = (m: RefMachine): number => m.geometry.pagesPerBlock * m.geometry.pageSize;
const sbsPerBlock = (m: RefMachine, vm: RefVirtioMem): number => blockBytes(m) / vm.sbSize;
const firstBlock = (m: RefMachine, vm: RefVirtioMem): number => vm.device.start / blockBytes(m);
const blockCount = (m: RefMachine, vm: RefVirtioMem): number => vm.device.size / blockBytes(m);

/** The device's sub-block numbers of memory block `b`, lowest first. */
function subBlocksOf(m: RefMachine, vm: RefVirtioMem, b: number): number[] {
  const n = sbsPerBlock(m, vm);
  const first = (b - firstBlock(m, vm)) * n;
  return Array.from({ length: n }, (_, i) => first + i);
}

const pluggedIn = (m: RefMachine, vm: RefVirtioMem, b: number): number[] => subBlocksOf(m, vm, b).filter((s) => vm.plugged.has(s));
const isOnline = (m: RefMachine, b: number): boolean => m.blocks.get(b)?.online === true;
const isMovable = (m: RefMachine, b: number): boolean => isOnline(m, b) && onlineBlockZone(m, b) === 'Movable';
const isPartial = (m: RefMachine, vm: RefVirtioMem, b: number): boolean => pluggedIn(m, vm, b).length < sbsPerBlock(m, vm);

/** Added blocks in a category, ascending. */
function addedWhere(vm: RefVirtioMem, test: (b: number) => boolean): number[] {
  return [...vm.added].filter(test).sort((a, b) => a - b);
}

/** The host's new requested size: the driver plugs or unplugs the difference in whole sub-blocks. */
export function virtioMemResize(m: RefMachine, vm: RefVirtioMem, size: number): Outcome {
  vm.requested = size;
  const plugged = vm.plugged.size * vm.sbSize;
  if (size > plugged) plug(m, vm, Math.floor((size - plugged) / vm.sbSize));
  if (size < plugged) unplug(m, vm, Math.floor((plugged - size) / vm.sbSize));
  return 'ok';
}

function plug(m: RefMachine, vm: RefVirtioMem, wanted: number): void {
  let left = wanted;
  const movableFirst = m.rules.virtioMemUnplug === 'offline-then-movable';
  // partly plugged blocks first: online ones (kernel zones before Movable from v5.14), then offline ones
  const partialOnline = movableFirst
    ? [...addedWhere(vm, (b) => isOnline(m, b) && !isMovable(m, b) && isPartial(m, vm, b)), ...addedWhere(vm, (b) => isMovable(m, b) && isPartial(m, vm, b))]
    : addedWhere(vm, (b) => isOnline(m, b) && isPartial(m, vm, b));
  const partialOffline = addedWhere(vm, (b) => !isOnline(m, b) && isPartial(m, vm, b));
  for (const b of [...partialOnline, ...partialOffline]) {
    for (const s of subBlocksOf(m, vm, b)) {
      if (left === 0) return;
      if (vm.plugged.has(s)) continue;
      vm.plugged.add(s);
      left--;
    }
  }
  // then blocks not added yet, lowest first, each plugged from its first sub-block before it is added
  const first = firstBlock(m, vm);
  for (let b = first; b < first + blockCount(m, vm) && left > 0; b++) {
    if (vm.added.has(b)) continue;
    const offline = [...vm.added].filter((x) => !isOnline(m, x)).length * blockBytes(m);
    if (offline + blockBytes(m) > OFFLINE_THRESHOLD) return;
    const take = subBlocksOf(m, vm, b).slice(0, Math.min(left, sbsPerBlock(m, vm)));
    for (const s of take) vm.plugged.add(s);
    const answer = addMemory(m, b * blockBytes(m), blockBytes(m), 0, false, false, blockBytes(m));
    if (answer !== 'ok') {
      for (const s of take) vm.plugged.delete(s);
      return;
    }
    vm.added.add(b);
    left -= take.length;
  }
}

/** A sub-block holding an unmovable page cannot be taken back from an online block (alloc_contig_range() fails). */
function busy(m: RefMachine, vm: RefVirtioMem, s: number): boolean {
  const firstPfn = (vm.device.start + s * vm.sbSize) / m.geometry.pageSize;
  const pages = vm.sbSize / m.geometry.pageSize;
  return [...m.pins].some((p) => p >= firstPfn && p < firstPfn + pages);
}

function unplug(m: RefMachine, vm: RefVirtioMem, wanted: number): void {
  let left = wanted;
  const offline = (b: number): boolean => !isOnline(m, b);
  const partial = (b: number): boolean => isPartial(m, vm, b);
  const movableFirst = m.rules.virtioMemUnplug === 'offline-then-movable';
  const kernel = (b: number): boolean => isOnline(m, b) && !isMovable(m, b);
  const categories: Array<(b: number) => boolean> = movableFirst
    ? [
        (b) => offline(b) && partial(b),
        (b) => offline(b) && !partial(b),
        (b) => isMovable(m, b) && partial(b),
        (b) => kernel(b) && partial(b),
        (b) => isMovable(m, b) && !partial(b),
        (b) => kernel(b) && !partial(b),
      ]
    : [(b) => offline(b) && partial(b), (b) => offline(b) && !partial(b), (b) => isOnline(m, b) && partial(b), (b) => isOnline(m, b) && !partial(b)];
  for (const category of categories) {
    // highest block first; a block is judged when it is reached
    for (const b of [...vm.added].sort((x, y) => y - x)) {
      if (left === 0) return;
      if (!vm.added.has(b) || !category(b)) continue;
      left = isOnline(m, b) ? unplugOnline(m, vm, b, left) : unplugOffline(m, vm, b, left);
    }
  }
}

/** Highest plugged sub-blocks first; an emptied block is removed. */
function unplugOffline(m: RefMachine, vm: RefVirtioMem, b: number, wanted: number): number {
  let left = wanted;
  for (const s of pluggedIn(m, vm, b).reverse()) {
    if (left === 0) break;
    vm.plugged.delete(s);
    left--;
  }
  if (pluggedIn(m, vm, b).length === 0 && removeMemory(m, b * blockBytes(m), blockBytes(m)) === 'ok') vm.added.delete(b);
  return left;
}

/** The whole block when it may go at once, else single sub-blocks from the highest, busy ones skipped; an emptied block is offlined and removed. */
function unplugOnline(m: RefMachine, vm: RefVirtioMem, b: number, wanted: number): number {
  let left = wanted;
  const all = subBlocksOf(m, vm, b);
  const whole = left >= all.length && pluggedIn(m, vm, b).length === all.length && !all.some((s) => busy(m, vm, s));
  if (whole) {
    for (const s of all) vm.plugged.delete(s);
    left -= all.length;
  } else {
    for (const s of pluggedIn(m, vm, b).reverse()) {
      if (left === 0) break;
      if (busy(m, vm, s)) continue;
      vm.plugged.delete(s);
      left--;
    }
  }
  if (pluggedIn(m, vm, b).length === 0 && writeState(m, b, 'offline') === 'ok' && removeMemory(m, b * blockBytes(m), blockBytes(m)) === 'ok') {
    vm.added.delete(b);
  }
  return left;
}

export function observeVirtioMem(m: RefMachine, vm: RefVirtioMem): VirtioMemObservation {
  const first = firstBlock(m, vm);
  const n = sbsPerBlock(m, vm);
  return {
    requested: vm.requested,
    plugged: vm.plugged.size * vm.sbSize,
    subBlock: vm.sbSize,
    ranges: mergedRanges([...vm.added], blockBytes(m)),
    plugMap: [...vm.added]
      .sort((a, b) => a - b)
      .map((b) => `${b}:${formatMask(pluggedIn(m, vm, b).map((s) => s - (b - first) * n))}`),
  };
}

/** Pages of unplugged sub-blocks in online device blocks, by node and zone: never given to the buddy. */
export function unpluggedOnlinePages(m: RefMachine, vm: RefVirtioMem): Map<string, number> {
  const out = new Map<string, number>();
  const pagesPerSb = vm.sbSize / m.geometry.pageSize;
  for (const b of vm.added) {
    const block = m.blocks.get(b);
    if (block === undefined || !block.online) continue;
    const missing = sbsPerBlock(m, vm) - pluggedIn(m, vm, b).length;
    if (missing === 0) continue;
    const key = unmanagedKey(block.nid, onlineBlockZone(m, b));
    out.set(key, (out.get(key) ?? 0) + missing * pagesPerSb);
  }
  return out;
}
