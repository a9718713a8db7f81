/**
 * virtio-mem (drivers/virtio/virtio_mem.c): the driver moves the plugged
 * size toward the host's request in whole sub-blocks and never past it, and
 * what it plugged is exactly the memory blocks it added.
 */
import type { Invariant } from '../invariant.ts';
import { mergedRanges } from '../../model/virtio-mem.ts';
import { maskBits } from '../../model/observation.ts';

const withDevice = (setup: { readonly virtioMem?: unknown }): boolean => setup.virtioMem !== undefined;

export const virtioMemTowardRequest: Invariant = {
  name: 'virtio-mem-toward-request',
  describe:
    'a virtio_mem_resize leaves the plugged size between the one before and the requested size: the driver plugs or unplugs whole sub-blocks toward the request and never past it',
  appliesTo: withDevice,
  ops: ['virtio_mem_resize'],
  check({ step, before, after }) {
    if (step.op !== 'virtio_mem_resize' || before.virtioMem === undefined || after.virtioMem === undefined) return undefined;
    const from = before.virtioMem.plugged;
    const to = after.virtioMem.plugged;
    const low = Math.min(from, step.size);
    const high = Math.max(from, step.size);
    if (to < low || to > high) return `plugged ${to} bytes after a request of ${step.size}: outside [${low}, ${high}]`;
    return undefined;
  },
};

export const virtioMemPluggedAdded: Invariant = {
  name: 'virtio-mem-plugged-added',
  describe:
    'the virtio-mem plugged size is the plugged sub-blocks of the blocks the driver added; each such block is a memory block with a plugged sub-block, and "System RAM (virtio_mem)" covers exactly them',
  appliesTo: withDevice,
  scope: 'state',
  reads: ['blocks', 'virtioMem'],
  check({ setup, after }) {
    const vm = after.virtioMem;
    if (vm === undefined) return undefined;
    const blockBytes = setup.geometry.pagesPerBlock * setup.geometry.pageSize;
    let sum = 0;
    const ids: number[] = [];
    for (const entry of vm.plugMap) {
      const [idText, mask = '0x0'] = entry.split(':');
      const id = Number(idText);
      const bits = maskBits(mask).length;
      if (bits === 0) return `memory${id}: added by the driver with no plugged sub-block (an emptied block is removed)`;
      if (!after.blocks.some((b) => b.id === id)) return `memory${id}: plugged by the driver but no memory block`;
      sum += bits * vm.subBlock;
      ids.push(id);
    }
    if (sum !== vm.plugged) return `plugged size ${vm.plugged}, plugged sub-blocks hold ${sum}`;
    const ranges = mergedRanges(ids, blockBytes);
    if (JSON.stringify(ranges) !== JSON.stringify(vm.ranges)) return `System RAM (virtio_mem) ${vm.ranges.join(' ')}, added blocks make ${ranges.join(' ')}`;
    return undefined;
  },
};
