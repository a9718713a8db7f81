/**
 * What both implementations share about a virtio-mem device: its validation
 * (input checking, like model/setup.ts), the driver's sub-block size under a
 * profile, its offline threshold, and the parts of the Observation that are
 * pure formatting. The driver's policy itself is written twice
 * (model/reference/memory/virtio-mem.ts, model/optimized/memory/virtio-mem.ts).
 */
import type { Geometry } from './geometry.ts';
import type { NodeObservation, VirtioMemObservation } from './observation.ts';
import type { RuleValues } from './profile.ts';
import type { BootRange, PmemRange, VirtioMemDevice, ZoneName } from './step.ts';

/** The device block size QEMU uses when none is given on x86_64 (the THP size). */
export const DEFAULT_DEVICE_BLOCK = 2 * 1024 * 1024;

/** VIRTIO_MEM_DEFAULT_OFFLINE_THRESHOLD: the driver adds no block while this much added memory is offline. */
export const OFFLINE_THRESHOLD = 1024 * 1024 * 1024;

/** Pages of a pageblock and of MAX_ORDER_NR_PAGES on x86_64 with 4 KiB pages (pageblock_order 9, MAX_ORDER 11). */
const PAGEBLOCK_BYTES = 2 * 1024 * 1024;
const MAX_ORDER_BYTES = 4 * 1024 * 1024;

const hex = (n: number): string => `0x${n.toString(16)}`;

/** Why a device cannot sit in this machine (one sentence), or undefined. */
export function virtioMemProblem(g: Geometry, boot: readonly BootRange[], pmem: readonly PmemRange[], d: VirtioMemDevice): string | undefined {
  const shown = `config virtio_mem ${hex(d.start)} ${hex(d.size)}`;
  const blockBytes = g.pagesPerBlock * g.pageSize;
  if (g.pageSize !== 4096 || blockBytes !== 128 * 1024 * 1024) return `${shown}: virtio-mem is modelled for x86_64 (4 KiB pages, 128 MiB memory blocks) only`;
  if (d.size <= 0) return `${shown}: size must be greater than 0`;
  if (d.start % blockBytes !== 0 || d.size % blockBytes !== 0) return `${shown}: start and size must be multiples of the memory block size (${hex(blockBytes)})`;
  if (d.start + d.size > 2 ** g.maxPhysmemBits) return `${shown}: ends beyond MAX_PHYSMEM_BITS (2^${g.maxPhysmemBits})`;
  if (d.block < g.pageSize || (d.block & (d.block - 1)) !== 0) return `${shown}: block=${hex(d.block)} must be a power of two of at least one page`;
  // a device block above the memory block is Big Block Mode (v5.11), which is not modelled
  if (d.block > blockBytes) return `${shown}: block=${hex(d.block)} is larger than a memory block: Big Block Mode is not modelled`;
  const ram = boot.find((b) => b.start < d.start + d.size && d.start < b.start + b.size);
  if (ram !== undefined) return `${shown} overlaps boot memory ${hex(ram.start)} ${hex(ram.size)}`;
  const p = pmem.find((x) => x.start < d.start + d.size && d.start < x.start + x.size);
  if (p !== undefined) return `${shown} overlaps config pmem ${hex(p.start)} ${hex(p.size)}`;
  return undefined;
}

/** Why a requested size cannot be set on this device (QEMU refuses it), or undefined. */
export function resizeProblem(d: VirtioMemDevice, size: number): string | undefined {
  if (size > d.size) return `virtio_mem_resize ${hex(size)} is beyond the device's size ${hex(d.size)}`;
  if (size % d.block !== 0) return `virtio_mem_resize ${hex(size)} is not a multiple of the device block size ${hex(d.block)}`;
  return undefined;
}

/** The driver's sub-block size in bytes under the profile's rule, or undefined when the profile has no driver. */
export function subBlockBytes(rules: RuleValues, d: VirtioMemDevice): number | undefined {
  switch (rules.virtioMemSubBlock) {
    case 'none':
      return undefined;
    case 'max-order':
      return Math.max(d.block, MAX_ORDER_BYTES, PAGEBLOCK_BYTES);
    case 'pageblock':
      return Math.max(d.block, PAGEBLOCK_BYTES);
  }
}

/** "System RAM (virtio_mem)" lines: MHP_MERGE_RESOURCE joins the resources of adjacent added blocks. */
export function mergedRanges(addedBlocks: readonly number[], blockBytes: number): string[] {
  const out: string[] = [];
  let first: number | undefined;
  let last = -2;
  const flush = (): void => {
    if (first !== undefined) out.push(`${hex(first * blockBytes)}-${hex((last + 1) * blockBytes - 1)}`);
  };
  for (const b of [...addedBlocks].sort((x, y) => x - y)) {
    if (b !== last + 1) {
      flush();
      first = b;
    }
    last = b;
  }
  flush();
  return out;
}

/** Unplugged pages of online device blocks, per node and zone: the buddy never got them, so `managed` leaves them out. */
export type UnmanagedPages = ReadonlyMap<string, number>;
export const unmanagedKey = (nid: number, zone: ZoneName | string): string => `${nid}/${zone}`;

/** The nodes with each zone's `managed` less the device's unplugged pages in it. */
export function withoutUnplugged(nodes: readonly NodeObservation[], unplugged: UnmanagedPages): NodeObservation[] {
  if (unplugged.size === 0) return [...nodes];
  return nodes.map((n) => ({ ...n, zones: n.zones.map((z) => ({ ...z, managed: z.managed - (unplugged.get(unmanagedKey(n.nid, z.name)) ?? 0) })) }));
}

/** A `zone` read's text with `managed` less the device's unplugged pages in that zone. */
export function zoneTextWithoutUnplugged(text: string, pages: number): string {
  if (pages === 0) return text;
  return text.replace(/managed=(\d+)/, (_, m: string) => `managed=${Number(m) - pages}`);
}

export type { VirtioMemObservation };

/**
 * Unplugged pages of online device blocks per node and zone, read back from an
 * Observation (its blocks and the device's plug map): what the checks take out of `managed`.
 */
export function unpluggedInObservation(blocks: readonly { readonly id: number; readonly nid: number; readonly state: string; readonly zone: string }[], vm: VirtioMemObservation | undefined, blockBytes: number, pageSize: number): Map<string, number> {
  const out = new Map<string, number>();
  if (vm === undefined) return out;
  const perBlock = blockBytes / vm.subBlock;
  for (const entry of vm.plugMap) {
    const [idText, mask = '0x0'] = entry.split(':');
    const b = blocks.find((x) => x.id === Number(idText));
    if (b === undefined || b.state !== 'online') continue;
    const plugged = [...mask.slice(2)].reduce((n, c) => n + [...Number.parseInt(c, 16).toString(2)].filter((d) => d === '1').length, 0);
    const key = unmanagedKey(b.nid, b.zone);
    out.set(key, (out.get(key) ?? 0) + ((perBlock - plugged) * vm.subBlock) / pageSize);
  }
  return out;
}
