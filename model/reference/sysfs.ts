// mirrors state_store() and online_store(), drivers/base/memory.c, v5.5
import type { Outcome } from '../outcome.ts';
import { offlineBlock } from './offline.ts';
import { onlineBlock } from './online.ts';
import type { RefMachine } from './state.ts';
import type { OnlineType } from './zone-choice.ts';

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

/** Performs an online or offline request on an existing block, whatever its state. */
function perform(m: RefMachine, b: number, request: Request, alreadyThere: Outcome): Outcome {
  const block = m.blocks.get(b);
  if (block === undefined) return '-ENOENT';
  if (request === 'offline') return block.online ? offlineBlock(m, b, block) : alreadyThere;
  return block.online ? alreadyThere : onlineBlock(m, b, block, request);
}

/** memoryN/state: device_online()/device_offline() answer 1 when nothing is to do, which is -EINVAL. */
export function writeState(m: RefMachine, b: number, word: string): Outcome {
  if (!m.blocks.has(b)) return '-ENOENT';
  const request = lookup(STATE_WORDS, word);
  if (request === undefined) return '-EINVAL';
  return perform(m, b, request, '-EINVAL');
}

/** memoryN/online: a request for the state the block is in succeeds and does nothing. */
export function writeOnline(m: RefMachine, b: number, word: string): Outcome {
  if (!m.blocks.has(b)) return '-ENOENT';
  const request = onlineWord(word);
  if (request === undefined) return '-EINVAL';
  return perform(m, b, request, 'ok');
}
