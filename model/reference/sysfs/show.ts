/** Observation steps: the text a read of sysfs or /proc/zoneinfo shows. They change nothing. */
import type { Answer } from '../../outcome.ts';
import type { ZoneName } from '../../step.ts';
import { onlineBlockZone } from './memory-blocks.ts';
import type { RefMachine } from '../state.ts';
import { validZonesText } from '../zone-policy/select.ts';

// mirrors valid_zones_show(), drivers/base/memory.c, v5.5 (no such file: -ENOENT)
export function readValidZones(m: RefMachine, b: number): Answer {
  if (!m.blocks.has(b)) return '-ENOENT';
  return validZonesText(m, b);
}

// mirrors state_show() + the zone of the block, drivers/base/memory.c, v5.5
export function readBlock(m: RefMachine, b: number): Answer {
  const block = m.blocks.get(b);
  if (block === undefined) return '-ENOENT';
  return block.online ? `online ${onlineBlockZone(m, b)}` : 'offline';
}

// mirrors zoneinfo_show_print(), mm/vmstat.c, v5.5 (an offline node has no entry: -ENOENT)
export function readZone(m: RefMachine, zone: ZoneName, nid: number): Answer {
  const node = m.nodes.get(nid);
  if (node === undefined || !node.online) return '-ENOENT';
  const z = node.zones[zone];
  return `start_pfn=${z.start} spanned=${z.spanned} present=${z.present} managed=${z.managed}`;
}

// mirrors the node's N_ONLINE state and pgdat span, drivers/base/node.c, v5.5
export function readNode(m: RefMachine, nid: number): Answer {
  const node = m.nodes.get(nid);
  if (node === undefined || !node.online) return 'offline';
  return `online start_pfn=${node.start} spanned=${node.spanned} present=${node.present}`;
}
