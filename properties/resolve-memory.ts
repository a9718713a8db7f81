/**
 * Resolution of the memory-block intents against the current state: hot-adds
 * land next to boot memory, above 4 GiB or at the top of the address space;
 * removes, sysfs writes and pins pick existing resources and blocks, so that
 * onlines, offlines, removes and collisions all happen often.
 */
import type { MachineSetup } from '../model/implementation.ts';
import type { Observation } from '../model/observation.ts';
import type { Step } from '../model/step.ts';
import type { Intent } from './intent.ts';
import { placeAddress } from './place.ts';
import { WINDOW_SECTIONS } from './window.ts';
import { hotAdded, nextFreeBlock, otherNodeInUse } from './state-aware.ts';

type MemoryIntent = Exclude<Intent, { kind: 'add_pages' | 'remove_pages' | 'query' | 'fail' }>;

/** Boot memory and bare sub-section work live in the window sections: the first block after them. */
function firstFreeBlock(setup: MachineSetup): number {
  return Math.ceil(WINDOW_SECTIONS / setup.geometry.sectionsPerBlock);
}

function blockBase(setup: MachineSetup, pick: 'low' | 'high' | 'far', sel: number): number {
  const g = setup.geometry;
  const lastBlock = Math.floor(g.maxPfn / g.pagesPerBlock) - 1;
  if (pick === 'far') return [lastBlock - 1, lastBlock, lastBlock + 1][sel % 3]!;
  const high = Math.max(firstFreeBlock(setup) + 8, Math.ceil((4 * 2 ** 30) / (g.pagesPerBlock * g.pageSize)));
  return (pick === 'low' ? firstFreeBlock(setup) : high) + (sel % 6);
}

/** `stateAware`: the next-slot, same-node and removable biases of properties/state-aware.ts. */
export function resolveMemoryIntent(setup: MachineSetup, obs: Observation, intent: MemoryIntent, stateAware = false): Step {
  const g = setup.geometry;
  const blockBytes = g.pagesPerBlock * g.pageSize;
  const blocks = obs.blocks;
  const pickBlock = (sel: number): number => blocks[sel % Math.max(1, blocks.length)]?.id ?? firstFreeBlock(setup);
  switch (intent.kind) {
    case 'add_memory':
    {
      let base = blockBase(setup, intent.pick, intent.sel);
      let nid = intent.nid;
      if (stateAware && intent.sel % 2 === 1) {
        if (intent.pick === 'low') base = nextFreeBlock(obs, firstFreeBlock(setup), blockBase(setup, 'high', 0)) ?? base;
        if (nid === 0) nid = otherNodeInUse(obs, firstFreeBlock(setup)) ?? 0;
      }
      const plain = { op: 'add_memory' as const, start: base * blockBytes, size: intent.count * blockBytes, nid };
      const step = intent.unitBlocks === undefined ? plain : { ...plain, dynamicUnit: intent.unitBlocks * blockBytes };
      const withMemmap = intent.memmapOnMemory === true ? { ...step, memmapOnMemory: true as const } : step;
      return intent.memmapOnMemory === true && intent.inaccessible === true ? { ...withMemmap, inaccessible: true as const } : withMemmap;
    }
    case 'memremap_pages': {
      const p = placeAddress(setup, obs, intent.where, stateAware);
      return { op: 'memremap_pages', start: p.addr, size: intent.count * g.pagesPerSubsection * g.pageSize, nid: intent.nid };
    }
    case 'remove_memory':
    case 'eject_memory':
    case 'memunmap_pages': {
      const kind = intent.kind === 'memunmap_pages' ? 'device' : 'System RAM';
      const all = obs.resources.filter((r) => r.kind === kind);
      const removable = stateAware && kind === 'System RAM' && intent.sel % 2 === 1 ? hotAdded(all, firstFreeBlock(setup) * blockBytes) : [];
      const candidates = removable.length > 0 ? removable : all;
      const r = candidates[intent.sel % Math.max(1, candidates.length)];
      const start = r?.start ?? blockBase(setup, 'low', intent.sel) * blockBytes;
      const size = r !== undefined ? r.end - r.start : blockBytes;
      // A wrong range: one unit more than the resource.
      const unit = intent.kind === 'memunmap_pages' ? g.pagesPerSubsection * g.pageSize : blockBytes;
      return { op: intent.kind, start, size: intent.exact ? size : size + unit };
    }
    case 'state':
    case 'online': {
      const block = intent.missing ? (blocks.at(-1)?.id ?? 0) + 1 + (intent.sel % 3) : pickBlock(intent.sel);
      return { op: intent.kind, block, word: intent.word };
    }
    case 'pin':
    case 'unpin':
    case 'poison': {
      const online = blocks.filter((b) => b.state === 'online');
      const b = online[intent.sel % Math.max(1, online.length)]?.id ?? pickBlock(intent.sel);
      const pfn = b * g.pagesPerBlock + (intent.offset % g.pagesPerBlock);
      if (intent.kind === 'unpin' && obs.pins.length > 0) return { op: 'unpin', addr: obs.pins[intent.sel % obs.pins.length]! * g.pageSize };
      return { op: intent.kind, addr: pfn * g.pageSize };
    }
    case 'veto':
      return { op: 'veto', event: intent.event, errno: intent.errno };
    case 'valid_zones':
    case 'block':
      return { op: intent.kind, block: pickBlock(intent.sel) };
    case 'zone':
      return { op: 'zone', zone: intent.zone, nid: intent.nid };
    case 'node':
      return { op: 'node', nid: intent.nid };
  }
}
