// mirrors add_memory() + add_memory_resource(), mm/memory_hotplug.c, v5.5
import type { Outcome } from '../../outcome.ts';
import { blocksOfRange } from '../sysfs/memory-blocks.ts';
import { addPagesOrNothing } from '../pages/hotplug-pages.ts';
import { pruneMemmap, subsectionsOfRange } from '../memmap/memmap.ts';
import { allocationFails } from '../faults/faults.ts';
import { removePages } from '../pages/remove-pages.ts';
import { shrinkAtRemove } from './remove-memory.ts';
import { selfHostedPages } from '../memmap/memmap-on-memory.ts';
import { addResource, overlapsResource, overlapsOutsidePmem } from './resources.ts';
import { refuseBeyondCapacity } from '../pages/capacity.ts';
import type { RefMachine } from '../state.ts';
import { writeState } from '../sysfs/store.ts';
import { onlineNodeIfNeeded } from '../zones/zone.ts';
import { addRangeToZoneAtHotAdd } from '../zone-policy/shift.ts';

/**
 * `driverManaged`: a driver's add (dax kmem): its resource sits inside the
 * device range the driver requested first, so a PMEM range holding it whole
 * is no conflict; from v5.8 (add_memory_driver_managed()) it is named "System
 * RAM (kmem)", before that the driver's call is add_memory() itself.
 */
export function addMemory(
  m: RefMachine,
  start: number,
  size: number,
  nid: number,
  memmapOnMemory = false,
  inaccessible = false,
  dynamicUnit?: number,
  driverManaged = false,
): Outcome {
  const kmem = driverManaged && m.rules.driverManaged === 'system-ram-kmem';
  const g = m.geometry;
  const blockBytes = g.pagesPerBlock * g.pageSize;
  // From v5.15 a virtio-mem driver registers its dynamic group (a power-of-two unit of whole blocks) before adding.
  const dynamic = dynamicUnit !== undefined && m.rules.onlinePolicy === 'policies';
  const unitPages = (dynamicUnit ?? 0) / g.pageSize;
  if (dynamic && !(unitPages >= g.pagesPerBlock && Number.isInteger(Math.log2(unitPages)))) return '-EINVAL';
  // register_memory_resource(): a double hot-add is caught here, before any sparse code.
  if (driverManaged ? overlapsOutsidePmem(m, start, start + size) : overlapsResource(m, start, start + size)) return '-EEXIST';
  // check_hotplug_memory_range()
  if (size === 0 || start % blockBytes !== 0 || size % blockBytes !== 0) return '-EINVAL';

  const pfn = start / g.pageSize;
  const end = pfn + size / g.pageSize;
  // whole blocks (checked above); the list of them is made only once the add worked
  const blockCount = (end - pfn) / g.pagesPerBlock;
  // memmap_on_memory: the first `vmemmap` pages of every block hold its memmap.
  const vmemmap = memmapOnMemory ? selfHostedPages(m, blockCount) : 0;
  // Seed 004's s390 design: standby memory hosting its memmap is not accessible yet; __add_pages() waits for MEM_PHYS_ONLINE (docs/seeds.md).
  const deferred = vmemmap > 0 && inaccessible && m.rules.s390Online === 'phys-online-rfc';

  // deferred memory still gets its block devices and RAM now: the model's bound counts it (model/capacity.ts)
  if (deferred) refuseBeyondCapacity(m, Math.floor(pfn / g.pagesPerSection), Math.floor((end - 1) / g.pagesPerSection));
  const undoNode = onlineNodeIfNeeded(m, nid);
  const answer = deferred ? 'ok' : addPagesOrNothing(m, start, size, nid);
  if (answer !== 'ok') {
    undoNode();
    return answer;
  }

  // create_memory_block_devices() after arch_add_memory(): when a block device cannot be
  // made, the memory goes again (its memmap back to the altmap) and the add answers the errno.
  const blockFailed = m.rules.blockDevices === 'after-arch-add' ? allocationFails(m, 'memory_block') : undefined;
  if (blockFailed !== undefined) {
    if (!deferred) {
      // Before v5.5 arch_remove_memory() shrinks the zone its first (never initialised) page names.
      if (m.rules.shrinkAt === 'remove') shrinkAtRemove(m, pfn, end);
      removePages(m, start, size);
      pruneMemmap(m);
    }
    undoNode();
    return `-${blockFailed}`;
  }
  const created = blocksOfRange(g, pfn, end);
  // Hot-added System RAM covers its sub-sections whole.
  for (const ss of subsectionsOfRange(g, pfn, end)) m.ram.set(ss, g.pagesPerSubsection);
  // [zoneAtAdd=zone-for-memory]: the zone is chosen and spans grow now (v4.10).
  if (m.rules.zoneAtAdd === 'zone-for-memory') addRangeToZoneAtHotAdd(m, nid, pfn, end - pfn);
  // From v5.15 the DIMM is one static memory group (ACPI registers it before adding); a driver's
  // adds on one node with one unit share their dynamic group.
  let group: number | undefined;
  if (dynamic) {
    group = [...m.groups].find(([, x]) => x.nid === nid && x.unitPages === unitPages)?.[0];
    if (group === undefined) {
      group = m.nextGroup++;
      m.groups.set(group, { nid, maxPages: 0, unitPages });
    }
  } else if (m.rules.onlinePolicy === 'policies') {
    group = m.nextGroup++;
    m.groups.set(group, { nid, maxPages: size / g.pageSize });
  }
  for (const b of created) m.touched.block(b);
  for (const b of created) m.blocks.set(b, group === undefined ? { nid, online: false, vmemmap } : { nid, online: false, vmemmap, group });
  if (vmemmap > 0) {
    // One altmap for the whole add until v6.7, one per block from v6.7 (one block before v6.7 anyway).
    for (const b of created) {
      const first = b * g.pagesPerBlock;
      // MHP_OFFLINE_INACCESSIBLE exists from v6.9 to v6.18 only (and in seed 004's design; docs/seeds.md).
      const standby = inaccessible && (m.rules.s390Online === 'prepare-online' || m.rules.s390Online === 'phys-online-rfc');
      m.touched.part('altmaps');
      m.altmaps.push({ start: first, end: first + g.pagesPerBlock, pages: vmemmap, standby, inaccessible: standby });
    }
  }
  addResource(m, kmem ? { start, end: start + size, kind: 'System RAM', driverManaged: true, boot: false, nid } : { start, end: start + size, kind: 'System RAM', boot: false, nid });

  // Auto-online: errors are not the answer of add_memory.
  // A word the profile's memhp_default_state= does not know leaves the blocks offline [I].
  const word = m.config.autoOnlineBlocks;
  const known = m.rules.defaultOnlineStates === 'offline online' ? ['online'] : ['online', 'online_kernel', 'online_movable'];
  const autoOnline = known.includes(word);
  if (autoOnline) {
    for (const b of created) writeState(m, b, word);
  }
  return 'ok';
}
