/**
 * The optimized implementation: the kernel's own data structures (a two-level
 * mem_section table, per-section flag words, sub-section bitmaps, zones and
 * pgdats, memory block devices, a per-sub-section memmap) and functions, one
 * file per job. See docs/sparse-layer.md and docs/blocks-and-zones.md.
 */
import type { ImplementationFactory } from '../implementation.ts';
import type { Answer } from '../outcome.ts';
import type { Step } from '../step.ts';
import { addMemory } from './add-memory.ts';
import { sparseBoot } from './boot.ts';
import { hotplugBoot } from './boot-zones.ts';
import { ERRNO_VALUE, errToOutcome } from './errno.ts';
import { createHotplugContext } from './hotplug-context.ts';
import { hotAddPages, hotRemovePages } from './hotplug-pages.ts';
import { memremapPages, memunmapPages } from './memremap.ts';
import { onlineStore, stateStore } from './memory-sysfs.ts';
import { observeMachine } from './observe-hotplug.ts';
import { memoryFailure } from './memory-failure.ts';
import { pinPage, unpinPage } from './pin.ts';
import { answerQuery } from './query-step.ts';
import { removeMemory } from './remove-memory.ts';
import { blockShow, nodeShow, validZonesShow, zoneShow } from './sysfs-show.ts';

export const createOptimized: ImplementationFactory = (setup, bugs) => {
  const ctx = createHotplugContext(setup, bugs);
  sparseBoot(ctx, setup.boot);
  hotplugBoot(ctx, setup.boot);
  const pageSize = setup.geometry.pageSize;
  const pfn = (addr: number): number => Math.floor(addr / pageSize);
  return {
    kind: 'optimized',
    apply(step: Step): Answer {
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
          return addMemory(ctx, step.nid, step.start, step.size, step.memmapOnMemory === true, step.inaccessible === true);
        case 'remove_memory':
          return removeMemory(ctx, step.start, step.size);
        case 'memremap_pages':
          return memremapPages(ctx, step.nid, step.start, step.size);
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
          return mem === undefined ? '-ENOENT' : validZonesShow(ctx, mem);
        }
        case 'block': {
          const mem = ctx.blocks.get(step.block);
          return mem === undefined ? '-ENOENT' : blockShow(ctx, mem);
        }
        case 'zone':
          return zoneShow(ctx, step.zone, step.nid);
        case 'node':
          return nodeShow(ctx, step.nid);
      }
    },
    observe() {
      return observeMachine(ctx);
    },
  };
};
