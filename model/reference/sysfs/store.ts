// mirrors state_store() and online_store(), drivers/base/memory.c, v5.5; memory_subsys_online()'s use of mem->online_type
import type { Outcome } from '../../outcome.ts';
import { offlineBlock } from '../online-offline/offline-pages.ts';
import { onlineBlock } from '../online-offline/online-pages.ts';
import type { RefBlock, RefMachine } from '../state.ts';
import type { OnlineType } from '../../online-type.ts';

type Request = OnlineType | 'offline';

const STATE_WORDS: Readonly<Record<string, Request>> = {
  online: 'online',
  online_kernel: 'online_kernel',
  online_movable: 'online_movable',
  offline: 'offline',
};

/** kstrtobool(): the first character decides ("yes", "1000" are true), after an 'o' the second ("on", "off"). */
function onlineWord(word: string): Request | undefined {
  if (/^([yY1]|[oO][nN])/.test(word)) return 'online';
  if (/^([nN0]|[oO][fF])/.test(word)) return 'offline';
  return undefined;
}

function lookup(table: Readonly<Record<string, Request>>, word: string): Request | undefined {
  return Object.prototype.hasOwnProperty.call(table, word) ? table[word] : undefined;
}

/**
 * Onlines an offline block with `type`, or, when the request names none
 * (memoryN/online, an eject putting a block back), with the type a failed
 * `state` write left on it, else the default. Whatever the outcome, nothing
 * is left afterwards.
 */
export function onlineWithType(m: RefMachine, b: number, block: RefBlock, type: OnlineType | undefined): Outcome {
  const chosen = type ?? block.leftType ?? 'online';
  if (block.leftType !== undefined) m.touched.block(b);
  delete block.leftType;
  return onlineBlock(m, b, block, chosen);
}

/** memoryN/state: device_online()/device_offline() answer 1 when nothing is to do, which is -EINVAL. */
export function writeState(m: RefMachine, b: number, word: string): Outcome {
  const block = m.blocks.get(b);
  if (block === undefined) return '-ENOENT';
  const request = lookup(STATE_WORDS, word);
  if (request === undefined) return '-EINVAL';
  if (request === 'offline') return block.online ? offlineBlock(m, b, block) : '-EINVAL';
  if (!block.online) return onlineWithType(m, b, block, request);
  // The type is stored before the kernel finds the block already online; it stays (fa2be40fe7c0).
  block.leftType = request;
  m.touched.block(b);
  return '-EINVAL';
}

/** memoryN/online: a request for the state the block is in succeeds and does nothing. */
export function writeOnline(m: RefMachine, b: number, word: string): Outcome {
  const block = m.blocks.get(b);
  if (block === undefined) return '-ENOENT';
  const request = onlineWord(word);
  if (request === undefined) return '-EINVAL';
  if (request === 'offline') return block.online ? offlineBlock(m, b, block) : 'ok';
  return block.online ? 'ok' : onlineWithType(m, b, block, undefined);
}
