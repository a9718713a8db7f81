/**
 * The campaign's random steps, one generator per surface, each drawing what
 * that configuration's guest can express (oracle/expressible.ts) plus the
 * sysfs reads and writes. All randomness comes from the rng the caller seeds.
 */
import type { Step } from '../model/step.ts';
import { KMEM_NAMESPACE, KMEM_RANGE, PMEM_NAMESPACES, type CampaignConfig } from './campaign-configs.ts';

const M = 2 ** 20;
const BLOCK = 128 * M;
const HOTPLUG_BASE = 4 * 1024 * M;
const STATE_WORDS = ['online', 'online_kernel', 'online_movable', 'offline', 'offline', 'online_movable', 'bogus', 'Online', ''];
const ONLINE_WORDS = ['0', '1', 'y', 'n', 'on', 'off', '2', 'yes'];
/** Boot blocks a sequence writes to now and then (1 GiB of boot RAM: blocks 0..7; 31 and 40 do not exist). */
const OTHER_BLOCKS = [1, 5, 7, 31, 40];

type Rng = () => number;
const pickFrom =
  (rng: Rng) =>
  <T>(xs: readonly T[]): T =>
    xs[Math.floor(rng() * xs.length)] as T;

/**
 * The campaign keeps virtio-mem memory in ZONE_MOVABLE. A shrink that
 * reaches a kernel-zone (Normal) block fails for the sub-blocks holding
 * unmovable pages (alloc_contig_range() in virtio_mem_fake_offline(),
 * drivers/virtio/virtio_mem.c) and the driver retries on its own later: an
 * outcome that depends on the kernel's allocations and shows only in the
 * state after an `ok`, which oracle/nondeterminism.ts cannot declare (its
 * outcomes are per answer). So requests stay within the blocks that go
 * Movable (CampaignConfig.virtioMaxBlocks), online_policy=auto-movable runs
 * only on kernels that have it, and the device's blocks get no
 * `online_kernel` or `online` (default zone) write: these words instead.
 * The corpus keeps the Normal blocks (virtio-mem-auto-movable.scn).
 */
const MOVABLE_STATE_WORDS = ['online_movable', 'offline', 'offline', 'online_movable', 'bogus', 'Online', ''];

/** A `state` or `online` write to one of `blocks` (mostly) or another block. */
function sysfsWrite(rng: Rng, blocks: readonly number[], stateWords: readonly string[] = STATE_WORDS): Step {
  const pick = pickFrom(rng);
  const own = blocks.length > 0 && rng() < 0.85;
  const block = own ? pick(blocks) : pick(OTHER_BLOCKS);
  return rng() < 0.67 ? { op: 'state', block, word: pick(own ? stateWords : STATE_WORDS) || 'offline' } : { op: 'online', block, word: pick(ONLINE_WORDS) };
}

interface Dimm {
  start: number;
  size: number;
}

/** pc-dimm: DIMM add and eject in the hotplug window, sysfs writes to their blocks. `dimms` is what the generator believes is plugged. */
export function generateSequence(rng: Rng, n: number): Step[] {
  const pick = pickFrom(rng);
  const dimms: Dimm[] = [];
  const steps: Step[] = [];
  const blocksOf = (d: Dimm): number[] => Array.from({ length: d.size / BLOCK }, (_, i) => d.start / BLOCK + i);
  const anyBlock = (): number => {
    const own = dimms.flatMap(blocksOf);
    if (own.length > 0 && rng() < 0.85) return pick(own);
    return pick(OTHER_BLOCKS);
  };
  for (let i = 0; i < n; i++) {
    const r = rng();
    if (r < 0.25 && dimms.length < 6) {
      const size = rng() < 0.05 ? 64 * M : (1 + Math.floor(rng() * 4)) * BLOCK;
      const slot = Math.floor(rng() * 24);
      const start = HOTPLUG_BASE + slot * BLOCK;
      steps.push({ op: 'add_memory', start, size, nid: 0 });
      if (size % BLOCK === 0 && !dimms.some((d) => start < d.start + d.size && d.start < start + size)) dimms.push({ start, size });
    } else if (r < 0.35 && dimms.length > 0) {
      const d = pick(dimms);
      steps.push({ op: 'eject_memory', start: d.start, size: d.size });
      if (rng() < 0.7) dimms.splice(dimms.indexOf(d), 1);
    } else if (r < 0.65) {
      steps.push({ op: 'state', block: anyBlock(), word: pick(STATE_WORDS) || 'offline' });
    } else if (r < 0.8) {
      steps.push({ op: 'online', block: anyBlock(), word: pick(ONLINE_WORDS) });
    } else if (r < 0.9) {
      steps.push({ op: 'valid_zones', block: anyBlock() });
    } else {
      steps.push({ op: 'zone', zone: pick(['DMA32', 'Normal', 'Movable'] as const), nid: 0 });
    }
  }
  return steps;
}

/**
 * Legacy PMEM: bind and unbind of either namespace in any order (bound twice
 * and unbound twice included), a DIMM now and then in the same section
 * (over a namespace: refused) and the sysfs writes.
 */
function pmemSequence(rng: Rng, n: number): Step[] {
  const pick = pickFrom(rng);
  const steps: Step[] = [];
  const dimms: Dimm[] = [];
  for (let i = 0; i < n; i++) {
    const r = rng();
    const ns = pick(PMEM_NAMESPACES);
    if (r < 0.25) steps.push({ op: 'memremap_pages', start: ns.start, size: ns.size, nid: 0 });
    else if (r < 0.45) steps.push({ op: 'memunmap_pages', start: ns.start, size: ns.size });
    else if (r < 0.55) steps.push({ op: 'zone', zone: 'Device', nid: 0 });
    else if (r < 0.63 && dimms.length < 2) {
      const start = HOTPLUG_BASE + Math.floor(rng() * 4) * BLOCK;
      steps.push({ op: 'add_memory', start, size: BLOCK, nid: 0 });
      if (!dimms.some((d) => d.start === start)) dimms.push({ start, size: BLOCK });
    } else if (r < 0.68 && dimms.length > 0) {
      const d = dimms.splice(Math.floor(rng() * dimms.length), 1)[0] as Dimm;
      steps.push({ op: 'eject_memory', start: d.start, size: d.size });
    } else if (r < 0.9) steps.push(sysfsWrite(rng, dimms.map((d) => d.start / BLOCK)));
    else steps.push({ op: 'valid_zones', block: pick([...dimms.map((d) => d.start / BLOCK), 7]) });
  }
  return steps;
}

const ONLINE_BY_STATE: ReadonlySet<string> = new Set(['online', 'online_kernel', 'online_movable']);
const ONLINE_BY_ONLINE: ReadonlySet<string> = new Set(['1', 'y', 'on', 'yes']);

/**
 * dax kmem: the namespace's map/unmap (device_dax), kmem's bind and unbind,
 * and writes to the three blocks kmem adds. A remove_memory comes after an
 * offline of every kmem block the sequence onlined (extra steps, no extra
 * draw: the rng stream, and so every later sequence, is as without them).
 * kmem's unbind cannot be refused: when remove_memory() fails in
 * dev_dax_kmem_remove() (drivers/dax/kmem.c) the driver lets go of the
 * device and the memory stays, with no driver to remove it, until reboot —
 * a state the model's remove_memory() (-EBUSY, nothing changed) does not
 * have. The step's own answer agrees (-EBUSY, oracle/dax-kmem.ts); what
 * follows would not.
 */
function kmemSequence(rng: Rng, n: number): Step[] {
  const pick = pickFrom(rng);
  const steps: Step[] = [];
  const first = KMEM_RANGE.start / BLOCK;
  const blocks = Array.from({ length: KMEM_RANGE.size / BLOCK }, (_, i) => first + i);
  const online = new Set<number>();
  for (let i = 0; i < n; i++) {
    const r = rng();
    if (r < 0.08) steps.push({ op: 'memremap_pages', start: KMEM_NAMESPACE.start, size: KMEM_NAMESPACE.size, nid: 0 });
    else if (r < 0.16) steps.push({ op: 'memunmap_pages', start: KMEM_NAMESPACE.start, size: KMEM_NAMESPACE.size });
    else if (r < 0.3) steps.push({ op: 'add_memory_driver_managed', start: KMEM_RANGE.start, size: KMEM_RANGE.size, nid: 0 });
    else if (r < 0.4) {
      for (const b of [...online].sort((x, y) => x - y)) steps.push({ op: 'state', block: b, word: 'offline' });
      online.clear();
      steps.push({ op: 'remove_memory', start: KMEM_RANGE.start, size: KMEM_RANGE.size });
    } else if (r < 0.8) {
      const w = sysfsWrite(rng, blocks);
      steps.push(w);
      if (w.op === 'state' || w.op === 'online') {
        const goesOnline = w.op === 'state' ? ONLINE_BY_STATE.has(w.word) : ONLINE_BY_ONLINE.has(w.word);
        const goesOffline = w.op === 'state' ? w.word === 'offline' : ['0', 'n', 'off'].includes(w.word);
        if (goesOnline && blocks.includes(w.block)) online.add(w.block);
        if (goesOffline) online.delete(w.block);
      }
    } else if (r < 0.9) steps.push({ op: 'valid_zones', block: pick(blocks) });
    else steps.push({ op: 'zone', zone: pick(['DMA32', 'Movable', 'Device'] as const), nid: 0 });
  }
  return steps;
}

/**
 * virtio-mem: requested sizes in whole blocks and in 4 MiB sub-blocks (5.10's
 * sub-block size, so every kernel can plug them exactly), sysfs writes to the
 * device's blocks and the zones its memory goes to.
 */
function virtioMemSequence(rng: Rng, n: number, deviceSize: number, most: number): Step[] {
  const pick = pickFrom(rng);
  const steps: Step[] = [];
  const blocks = Array.from({ length: deviceSize / BLOCK }, (_, i) => HOTPLUG_BASE / BLOCK + i);
  const maxBlocks = Math.min(blocks.length, most);
  // a sequence starts with nothing requested (the reset asks for 0)
  let requested = 0;
  for (let i = 0; i < n; i++) {
    const r = rng();
    if (r < 0.3) {
      const whole = Math.floor(rng() * (maxBlocks + 1)) * BLOCK;
      // a part of one more block only below the limit: that block too would be added
      const size = rng() < 0.25 && whole < maxBlocks * BLOCK ? whole + (1 + Math.floor(rng() * 31)) * 4 * M : whole;
      // a repeat of the size requested already only makes the driver run once more: drawn as a read instead
      if (size === requested) steps.push({ op: 'zone', zone: 'Movable', nid: 0 });
      else steps.push({ op: 'virtio_mem_resize', size });
      requested = size;
    } else if (r < 0.65) steps.push(sysfsWrite(rng, blocks.slice(0, maxBlocks), MOVABLE_STATE_WORDS));
    else if (r < 0.8) steps.push({ op: 'valid_zones', block: pick(blocks.slice(0, maxBlocks)) });
    else steps.push({ op: 'zone', zone: pick(['Normal', 'Movable'] as const), nid: 0 });
  }
  return steps;
}

/**
 * The steps every sequence of a configuration begins with, compared by
 * answer only: each namespace mapped and unmapped once, in a fixed order.
 * ZONE_DEVICE's span never shrinks after memunmap_pages() (the kernel keeps
 * it; corpus pmem-two-namespaces.scn), so after these steps the guest's
 * span is the same whether it was just booted or reset after other
 * sequences, and the model's too; the state the guest reports during them
 * depends on what ran before and is not compared. For kmem the first map
 * also binds dax_pmem, which makes the daxX.Y device kmem's steps need.
 */
export function prologue(c: CampaignConfig): Step[] {
  const ranges = c.surface === 'pmem' ? PMEM_NAMESPACES : c.surface === 'kmem' ? [KMEM_NAMESPACE] : [];
  return [
    ...ranges.map((p): Step => ({ op: 'memremap_pages', start: p.start, size: p.size, nid: 0 })),
    ...ranges.map((p): Step => ({ op: 'memunmap_pages', start: p.start, size: p.size })),
  ];
}

/** `n` random steps for a configuration's guest (the prologue not included). */
export function generateFor(c: CampaignConfig, rng: Rng, n: number, virtioMemSize = 0): Step[] {
  switch (c.surface) {
    case 'dimm':
      return generateSequence(rng, n);
    case 'pmem':
      return pmemSequence(rng, n);
    case 'kmem':
      return kmemSequence(rng, n);
    case 'virtio-mem':
      return virtioMemSequence(rng, n, virtioMemSize, c.virtioMaxBlocks ?? 8);
  }
}
