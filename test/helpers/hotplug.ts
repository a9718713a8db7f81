/** Test helpers for the blocks-and-zones layer of the reference model. */
import type { Implementation } from '../../model/implementation.ts';
import type { Answer } from '../../model/outcome.ts';
import type { ZoneName } from '../../model/step.ts';
import { M } from './machine.ts';

/** x86_64: a 128M block b starts at b × 128M; its first pfn is b × 32768. */
export const BLOCK = 128 * M;
export const PPB = 32768;

export function addMemory(m: Implementation, start: number, size = BLOCK, nid = 0): Answer {
  return m.apply({ op: 'add_memory', start, size, nid });
}

export function removeMemory(m: Implementation, start: number, size = BLOCK): Answer {
  return m.apply({ op: 'remove_memory', start, size });
}

export function addBlock(m: Implementation, b: number, nid = 0): Answer {
  return addMemory(m, b * BLOCK, BLOCK, nid);
}

export function removeBlock(m: Implementation, b: number): Answer {
  return removeMemory(m, b * BLOCK, BLOCK);
}

export function state(m: Implementation, block: number, word: string): Answer {
  return m.apply({ op: 'state', block, word });
}

export function online(m: Implementation, block: number, word: string): Answer {
  return m.apply({ op: 'online', block, word });
}

export function validZones(m: Implementation, block: number): Answer {
  return m.apply({ op: 'valid_zones', block });
}

export function block(m: Implementation, b: number): Answer {
  return m.apply({ op: 'block', block: b });
}

export function zone(m: Implementation, name: ZoneName, nid = 0): Answer {
  return m.apply({ op: 'zone', zone: name, nid });
}

export function node(m: Implementation, nid: number): Answer {
  return m.apply({ op: 'node', nid });
}

export function zoneText(start: number, spanned: number, present: number, managed = present): string {
  return `start_pfn=${start} spanned=${spanned} present=${present} managed=${managed}`;
}

export const EMPTY_ZONE = zoneText(0, 0, 0);
