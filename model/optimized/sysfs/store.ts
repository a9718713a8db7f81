/**
 * The writable sysfs files of a memory block: memoryN/state and
 * memoryN/online (drivers/base/memory.c, v5.5), down to device_online() /
 * device_offline() and memory_subsys_online() / memory_subsys_offline().
 */
import { EINVAL, ENOENT } from '../errno.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import type { MemoryBlock } from './memory-block.ts';
import { memoryBlockOffline } from '../online-offline/offline-pages.ts';
import { memoryBlockOnline } from '../online-offline/online-pages.ts';
import type { OnlineType } from '../../online-type.ts';

/** device_online()/device_offline() answer 1 when the device already is in that state. */
const ALREADY = 1;

// mirrors memory_subsys_online(), drivers/base/memory.c, v5.10 (via device_online())
export function deviceOnline(ctx: HotplugContext, mem: MemoryBlock): number {
  if (mem.state === 'online') return ALREADY;
  const type: OnlineType = mem.onlineType ?? 'online';
  const ret = memoryBlockOnline(ctx, mem, type);
  delete mem.onlineType;
  ctx.blocks.markDirty(mem.id);
  return ret;
}

// mirrors memory_subsys_offline(), drivers/base/memory.c, v5.5 (via device_offline())
function deviceOffline(ctx: HotplugContext, mem: MemoryBlock): number {
  if (mem.state === 'offline') return ALREADY;
  return memoryBlockOffline(ctx, mem);
}

// mirrors state_store(), drivers/base/memory.c, v5.5
export function stateStore(ctx: HotplugContext, block: number, word: string): number {
  const mem = ctx.blocks.get(block);
  if (mem === undefined) return ENOENT;
  let ret: number;
  switch (word) {
    case 'online':
    case 'online_kernel':
    case 'online_movable':
      mem.onlineType = word;
      ctx.blocks.markDirty(mem.id);
      ret = deviceOnline(ctx, mem);
      break;
    case 'offline':
      ret = deviceOffline(ctx, mem);
      break;
    default:
      return EINVAL;
  }
  // "already in that state" is an error through this file
  return ret > 0 ? EINVAL : ret;
}

// mirrors kstrtobool(), lib/kstrtox.c, v5.10: only the first character (or two, after 'o') decides,
// so "yes" and "1000" are true; the real kernels answered so (oracle/recorded)
function strtobool(word: string): boolean | undefined {
  switch (word[0]) {
    case 'y':
    case 'Y':
    case '1':
      return true;
    case 'n':
    case 'N':
    case '0':
      return false;
    case 'o':
    case 'O':
      switch (word[1]) {
        case 'n':
        case 'N':
          return true;
        case 'f':
        case 'F':
          return false;
      }
  }
  return undefined;
}

// mirrors online_store(), drivers/base/core.c, v5.5 (the generic device file: no online type of its own)
export function onlineStore(ctx: HotplugContext, block: number, word: string): number {
  const mem = ctx.blocks.get(block);
  if (mem === undefined) return ENOENT;
  const val = strtobool(word);
  if (val === undefined) return EINVAL;
  const ret = val ? deviceOnline(ctx, mem) : deviceOffline(ctx, mem);
  // device_online() answering "already" is success here
  return ret > 0 ? 0 : ret;
}
