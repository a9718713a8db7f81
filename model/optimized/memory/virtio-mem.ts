/**
 * The virtio-mem driver in Sub Block Mode, the kernel's way: one state byte
 * per memory block of the device (mb_states) with a count per state, one bit
 * per sub-block (sb_states), next_mb_id for the blocks prepared so far, and
 * the plug/unplug requests walking the state lists.
 * mirrors virtio_mem_sbm_plug_request() / virtio_mem_sbm_unplug_request(), drivers/virtio/virtio_mem.c, v5.10 and v6.1
 */
import { formatMask } from '../../observation.ts';
import type { VirtioMemObservation } from '../../observation.ts';
import type { Outcome } from '../../outcome.ts';
import type { VirtioMemDevice } from '../../step.ts';
import { mergedRanges, OFFLINE_THRESHOLD, unmanagedKey } from '../../virtio-mem.ts';
import { addMemory } from './add-memory.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import { stateStore } from '../sysfs/store.ts';
import { removeMemory } from './remove-memory.ts';
import { onlineBlockZone } from '../sysfs/show.ts';

// enum virtio_mem_sbm_mb_state (v6.1; v5.10 has ONLINE / ONLINE_PARTIAL where KERNEL / KERNEL_PARTIAL are)
const UNUSED = 0;
const OFFLINE = 2;
const OFFLINE_PARTIAL = 3;
const KERNEL = 4;
const KERNEL_PARTIAL = 5;
const MOVABLE = 6;
const MOVABLE_PARTIAL = 7;
const STATE_COUNT = 8;

export class VirtioMemSbm {
  readonly sbsPerMb: number;
  readonly firstMbId: number;
  readonly lastUsableMbId: number;
  nextMbId: number;
  requestedSize = 0;
  pluggedSize = 0;
  readonly mbStates: Uint8Array;
  readonly mbCount = new Array<number>(STATE_COUNT).fill(0);
  readonly sbStates: Uint8Array;

  constructor(
    readonly device: VirtioMemDevice,
    readonly sbSize: number,
    readonly mbSize: number,
  ) {
    this.sbsPerMb = mbSize / sbSize;
    this.firstMbId = device.start / mbSize;
    this.lastUsableMbId = (device.start + device.size) / mbSize - 1;
    this.nextMbId = this.firstMbId;
    const blocks = this.lastUsableMbId - this.firstMbId + 1;
    this.mbStates = new Uint8Array(blocks);
    this.sbStates = new Uint8Array(blocks * this.sbsPerMb);
  }

  getMbState(mbId: number): number {
    return this.mbStates[mbId - this.firstMbId] ?? UNUSED;
  }

  setMbState(mbId: number, state: number): void {
    const old = this.getMbState(mbId);
    this.mbStates[mbId - this.firstMbId] = state;
    this.mbCount[old] = (this.mbCount[old] ?? 0) - 1;
    this.mbCount[state] = (this.mbCount[state] ?? 0) + 1;
  }

  private bit(mbId: number, sbId: number): number {
    return (mbId - this.firstMbId) * this.sbsPerMb + sbId;
  }

  setSb(mbId: number, sbId: number, count: number, plugged: boolean): void {
    this.sbStates.fill(plugged ? 1 : 0, this.bit(mbId, sbId), this.bit(mbId, sbId) + count);
  }

  testSbPlugged(mbId: number, sbId: number, count: number): boolean {
    return this.sbStates.subarray(this.bit(mbId, sbId), this.bit(mbId, sbId) + count).every((b) => b === 1);
  }

  testSbUnplugged(mbId: number, sbId: number, count: number): boolean {
    return this.sbStates.subarray(this.bit(mbId, sbId), this.bit(mbId, sbId) + count).every((b) => b === 0);
  }

  firstUnpluggedSb(mbId: number): number {
    for (let sb = 0; sb < this.sbsPerMb; sb++) if (!this.testSbPlugged(mbId, sb, 1)) return sb;
    return this.sbsPerMb;
  }

  /** virtio_mem_sbm_for_each_mb(_rev): the blocks in `state`, as the macro finds them while it walks. */
  *eachMb(state: number, reverse: boolean): Generator<number> {
    if (reverse) {
      for (let id = this.nextMbId - 1; id >= this.firstMbId && (this.mbCount[state] ?? 0) > 0; id--) if (this.getMbState(id) === state) yield id;
    } else {
      for (let id = this.firstMbId; id < this.nextMbId && (this.mbCount[state] ?? 0) > 0; id++) if (this.getMbState(id) === state) yield id;
    }
  }
}

export function createVirtioMem(ctx: HotplugContext, device: VirtioMemDevice, sbSize: number): VirtioMemSbm {
  const vm = new VirtioMemSbm(device, sbSize, ctx.geometry.pagesPerBlock * ctx.geometry.pageSize);
  vm.mbCount[UNUSED] = 0;
  return vm;
}

const online = (state: number): boolean => state >= KERNEL;

/**
 * The memory notifier's view: MEM_ONLINE / MEM_OFFLINE of a device block move it between the
 * offline and online states (KERNEL or MOVABLE by its zone); the model applies them when the
 * driver next runs, which is when the kernel's driver would first read them.
 */
function syncNotifications(ctx: HotplugContext, vm: VirtioMemSbm): void {
  for (let id = vm.firstMbId; id < vm.nextMbId; id++) {
    const state = vm.getMbState(id);
    if (state === UNUSED) continue;
    const mem = ctx.blocks.get(id);
    const partial = !vm.testSbPlugged(id, 0, vm.sbsPerMb);
    let now: number;
    if (mem === undefined || mem.state === 'offline') now = partial ? OFFLINE_PARTIAL : OFFLINE;
    else {
      const movable = ctx.rules.virtioMemUnplug === 'offline-then-movable' && onlineBlockZone(ctx, mem) === 'Movable';
      now = (movable ? MOVABLE : KERNEL) + (partial ? 1 : 0);
    }
    if (now !== state) vm.setMbState(id, now);
  }
}

/** offline_size: added device memory that is offline (MEM_ONLINE subtracts, MEM_OFFLINE adds back). */
function offlineSize(vm: VirtioMemSbm): number {
  return ((vm.mbCount[OFFLINE] ?? 0) + (vm.mbCount[OFFLINE_PARTIAL] ?? 0)) * vm.mbSize;
}

export function virtioMemResize(ctx: HotplugContext, vm: VirtioMemSbm, size: number): Outcome {
  vm.requestedSize = size;
  syncNotifications(ctx, vm);
  // the `virtio-mem-round-up` switch: a request off the sub-block grid plugs one sub-block too many
  const round = ctx.bugs.has('virtio-mem-round-up') ? Math.ceil : Math.floor;
  if (vm.requestedSize > vm.pluggedSize) plugRequest(ctx, vm, round((vm.requestedSize - vm.pluggedSize) / vm.sbSize));
  else if (vm.requestedSize < vm.pluggedSize) unplugRequest(ctx, vm, Math.floor((vm.pluggedSize - vm.requestedSize) / vm.sbSize));
  return 'ok';
}

function plugSb(vm: VirtioMemSbm, mbId: number, sbId: number, count: number): void {
  vm.setSb(mbId, sbId, count, true);
  vm.pluggedSize += count * vm.sbSize;
}

function unplugSb(vm: VirtioMemSbm, mbId: number, sbId: number, count: number): void {
  vm.setSb(mbId, sbId, count, false);
  vm.pluggedSize -= count * vm.sbSize;
}

// mirrors virtio_mem_sbm_plug_any_sb(), v6.1: lowest unplugged runs first; a full block leaves its partial state
function plugAnySb(vm: VirtioMemSbm, mbId: number, nb: { n: number }): void {
  const oldState = vm.getMbState(mbId);
  while (nb.n > 0) {
    const sbId = vm.firstUnpluggedSb(mbId);
    if (sbId >= vm.sbsPerMb) break;
    let count = 1;
    while (count < nb.n && sbId + count < vm.sbsPerMb && !vm.testSbPlugged(mbId, sbId + count, 1)) count++;
    plugSb(vm, mbId, sbId, count);
    nb.n -= count;
  }
  if (vm.testSbPlugged(mbId, 0, vm.sbsPerMb)) vm.setMbState(mbId, oldState - 1);
}

// mirrors virtio_mem_sbm_plug_and_add_mb(): plug before adding, so onlining finds the plugged part
function plugAndAddMb(ctx: HotplugContext, vm: VirtioMemSbm, mbId: number, nb: { n: number }): boolean {
  const count = Math.min(nb.n, vm.sbsPerMb);
  plugSb(vm, mbId, 0, count);
  vm.setMbState(mbId, count === vm.sbsPerMb ? OFFLINE : OFFLINE_PARTIAL);
  // add_memory_driver_managed() under the driver's dynamic group (unit: one memory block, v5.15);
  // auto-online runs inside it, and its MEM_ONLINE is what syncNotifications() reads
  const rc = addMemory(ctx, 0, mbId * vm.mbSize, vm.mbSize, false, false, vm.mbSize);
  if (rc !== 'ok') {
    unplugSb(vm, mbId, 0, count);
    vm.setMbState(mbId, UNUSED);
    return false;
  }
  nb.n -= count;
  syncNotifications(ctx, vm);
  return true;
}

function plugRequest(ctx: HotplugContext, vm: VirtioMemSbm, nbSb: number): void {
  const nb = { n: nbSb };
  if (nb.n === 0) return;
  const states = ctx.rules.virtioMemUnplug === 'offline-then-movable' ? [KERNEL_PARTIAL, MOVABLE_PARTIAL, OFFLINE_PARTIAL] : [KERNEL_PARTIAL, OFFLINE_PARTIAL];
  for (const state of states) {
    for (const mbId of [...vm.eachMb(state, false)]) {
      plugAnySb(vm, mbId, nb);
      if (nb.n === 0) return;
    }
  }
  // unused blocks prepared before, then new ones: together, every block not added, lowest first
  for (const mbId of [...vm.eachMb(UNUSED, false)]) {
    if (offlineSize(vm) + vm.mbSize > OFFLINE_THRESHOLD) return;
    if (!plugAndAddMb(ctx, vm, mbId, nb) || nb.n === 0) return;
  }
  while (nb.n > 0) {
    if (offlineSize(vm) + vm.mbSize > OFFLINE_THRESHOLD) return;
    // virtio_mem_sbm_prepare_next_mb(): -ENOSPC past the device's last usable block
    if (vm.nextMbId > vm.lastUsableMbId) return;
    const mbId = vm.nextMbId++;
    vm.mbCount[UNUSED] = (vm.mbCount[UNUSED] ?? 0) + 1;
    if (!plugAndAddMb(ctx, vm, mbId, nb)) return;
  }
}

// mirrors virtio_mem_sbm_unplug_any_sb_raw(): highest plugged runs first
function unplugAnySbRaw(vm: VirtioMemSbm, mbId: number, nb: { n: number }): void {
  let sbId = vm.sbsPerMb - 1;
  while (nb.n > 0) {
    while (sbId >= 0 && vm.testSbUnplugged(mbId, sbId, 1)) sbId--;
    if (sbId < 0) break;
    let count = 1;
    while (count < nb.n && sbId > 0 && vm.testSbPlugged(mbId, sbId - 1, 1)) {
      count++;
      sbId--;
    }
    unplugSb(vm, mbId, sbId, count);
    nb.n -= count;
    sbId--;
  }
}

// mirrors virtio_mem_sbm_unplug_any_sb_offline(): an emptied block is removed from Linux
function unplugAnySbOffline(ctx: HotplugContext, vm: VirtioMemSbm, mbId: number, nb: { n: number }): void {
  unplugAnySbRaw(vm, mbId, nb);
  if (!vm.testSbPlugged(mbId, 0, vm.sbsPerMb)) vm.setMbState(mbId, OFFLINE_PARTIAL);
  // the `virtio-mem-keeps-empty-block` switch: the emptied block stays added
  if (vm.testSbUnplugged(mbId, 0, vm.sbsPerMb) && !ctx.bugs.has('virtio-mem-keeps-empty-block')) {
    vm.setMbState(mbId, UNUSED);
    removeMemory(ctx, mbId * vm.mbSize, vm.mbSize);
  }
}

// mirrors virtio_mem_fake_offline(): alloc_contig_range() fails on an unmovable page
function fakeOfflineBusy(ctx: HotplugContext, vm: VirtioMemSbm, mbId: number, sbId: number, count: number): boolean {
  const pageSize = ctx.geometry.pageSize;
  const start = (mbId * vm.mbSize + sbId * vm.sbSize) / pageSize;
  return ctx.pins.anyIn(start, start + (count * vm.sbSize) / pageSize);
}

// mirrors virtio_mem_sbm_unplug_sb_online()
function unplugSbOnline(ctx: HotplugContext, vm: VirtioMemSbm, mbId: number, sbId: number, count: number): boolean {
  if (fakeOfflineBusy(ctx, vm, mbId, sbId, count)) return false;
  const old = vm.getMbState(mbId);
  unplugSb(vm, mbId, sbId, count);
  if (old === KERNEL || old === MOVABLE) vm.setMbState(mbId, old + 1);
  return true;
}

// mirrors virtio_mem_sbm_unplug_any_sb_online(): the whole block in one go when it can, else single sub-blocks, busy ones skipped
function unplugAnySbOnline(ctx: HotplugContext, vm: VirtioMemSbm, mbId: number, nb: { n: number }): void {
  let whole = false;
  if (nb.n >= vm.sbsPerMb && vm.testSbPlugged(mbId, 0, vm.sbsPerMb) && unplugSbOnline(ctx, vm, mbId, 0, vm.sbsPerMb)) {
    nb.n -= vm.sbsPerMb;
    whole = true;
  }
  for (let sbId = vm.sbsPerMb - 1; !whole && sbId >= 0 && nb.n > 0; sbId--) {
    while (sbId >= 0 && !vm.testSbPlugged(mbId, sbId, 1)) sbId--;
    if (sbId < 0) break;
    if (!unplugSbOnline(ctx, vm, mbId, sbId, 1)) continue;
    nb.n -= 1;
  }
  // virtio_mem_sbm_try_remove_unplugged_mb(): offline_and_remove_memory() of the emptied block
  if (vm.testSbUnplugged(mbId, 0, vm.sbsPerMb) && stateStore(ctx, mbId, 'offline') === 0 && removeMemory(ctx, mbId * vm.mbSize, vm.mbSize) === 'ok') {
    vm.setMbState(mbId, UNUSED);
  }
}

function unplugRequest(ctx: HotplugContext, vm: VirtioMemSbm, nbSb: number): void {
  const nb = { n: nbSb };
  if (nb.n === 0) return;
  // partly plugged first, to remove whole blocks; from v5.14 ZONE_MOVABLE before the kernel zones
  const states =
    ctx.rules.virtioMemUnplug === 'offline-then-movable'
      ? [OFFLINE_PARTIAL, OFFLINE, MOVABLE_PARTIAL, KERNEL_PARTIAL, MOVABLE, KERNEL]
      : [OFFLINE_PARTIAL, OFFLINE, KERNEL_PARTIAL, KERNEL];
  for (const state of states) {
    for (const mbId of vm.eachMb(state, true)) {
      if (online(state)) unplugAnySbOnline(ctx, vm, mbId, nb);
      else unplugAnySbOffline(ctx, vm, mbId, nb);
      if (nb.n === 0) return;
    }
  }
}

export function observeVirtioMem(vm: VirtioMemSbm): VirtioMemObservation {
  const added: number[] = [];
  const plugMap: string[] = [];
  for (let id = vm.firstMbId; id < vm.nextMbId; id++) {
    if (vm.getMbState(id) === UNUSED) continue;
    added.push(id);
    const bits: number[] = [];
    for (let sb = 0; sb < vm.sbsPerMb; sb++) if (vm.testSbPlugged(id, sb, 1)) bits.push(sb);
    plugMap.push(`${id}:${formatMask(bits)}`);
  }
  return { requested: vm.requestedSize, plugged: vm.pluggedSize, subBlock: vm.sbSize, ranges: mergedRanges(added, vm.mbSize), plugMap };
}

/** Unplugged pages of online device blocks by node and zone: virtio_mem_online_page_cb() never freed them. */
export function unpluggedOnlinePages(ctx: HotplugContext, vm: VirtioMemSbm): Map<string, number> {
  const out = new Map<string, number>();
  const pagesPerSb = vm.sbSize / ctx.geometry.pageSize;
  for (let id = vm.firstMbId; id < vm.nextMbId; id++) {
    const mem = ctx.blocks.get(id);
    if (vm.getMbState(id) === UNUSED || mem === undefined || mem.state !== 'online') continue;
    let missing = 0;
    for (let sb = 0; sb < vm.sbsPerMb; sb++) if (!vm.testSbPlugged(id, sb, 1)) missing++;
    if (missing === 0) continue;
    const key = unmanagedKey(mem.nid, onlineBlockZone(ctx, mem));
    out.set(key, (out.get(key) ?? 0) + missing * pagesPerSb);
  }
  return out;
}
