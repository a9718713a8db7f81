/**
 * Node lifetime (v5.5 on, 2c91f8fc6c99; docs/blocks-and-zones.md): try_offline_node()
 * takes a node offline only when it spans nothing and owns no memory block.
 * Before that fix the node could go while a memory block still named it
 * (B-9): the later remove of that block then dereferences the gone node.
 */
import type { BlockObservation, NodeObservation, Observation } from '../../model/observation.ts';
import { ZONE_NAMES } from '../../model/step.ts';
import type { Invariant } from '../invariant.ts';
import { always } from './profile-facts.ts';

export const nodeOnlineWhileUsed: Invariant = {
  name: 'node-online-while-used',
  describe: 'a node that owns a memory block stays online, and a node that spans pages is not taken offline',
  appliesTo: always,
  check({ before, after }) {
    const orphan = blockOnOfflineNode(after);
    if (orphan !== undefined) return orphan;
    // memremap_pages() may put device memory on a node that is already offline: only going offline counts
    for (const n of after.nodes) {
      if (!n.online && n.spanned > 0 && before.nodes.some((m) => m.nid === n.nid && m.online)) return `node ${n.nid} went offline while it spans ${n.spanned} pages`;
    }
    return undefined;
  },
};

/** blockOnOfflineNode()'s answer per block list, with the node list it was read beside. */
const orphans = new WeakMap<readonly BlockObservation[], { readonly nodes: readonly NodeObservation[]; readonly message: string | undefined }>();

/**
 * The first memory block whose node is offline, as a message. It reads only
 * the blocks and the nodes, so an observation that shares both lists with an
 * earlier one (a step that changed neither) has its answer.
 */
function blockOnOfflineNode(o: Observation): string | undefined {
  const known = orphans.get(o.blocks);
  if (known !== undefined && known.nodes === o.nodes) return known.message;
  let message: string | undefined;
  // a machine has a few nodes and its blocks come in runs of one node: look a node up when the nid changes
  let nid = Number.NaN;
  let online = false;
  for (const b of o.blocks) {
    if (b.nid !== nid) {
      nid = b.nid;
      online = o.nodes.find((n) => n.nid === nid)?.online === true;
    }
    if (!online) {
      message = `node ${b.nid} is offline but memory block ${b.id} belongs to it`;
      break;
    }
  }
  orphans.set(o.blocks, { nodes: o.nodes, message });
  return message;
}

/** pgdat->nr_zones bounds the zones reclaim and the allocator look at (8f416836c0d5, B-19). */
export const nrZonesCovers: Invariant = {
  name: 'nr-zones-covers',
  describe: "a node's nr_zones is above the index of every zone that spans pages",
  appliesTo: always,
  scope: 'state',
  reads: ['nodes'],
  check({ after }) {
    for (const n of after.nodes) {
      if (n.nrZones === undefined || !n.online) continue;
      for (const z of n.zones) {
        const idx = ZONE_NAMES.indexOf(z.name);
        if (z.spanned > 0 && idx >= n.nrZones) return `node ${n.nid}: ${z.name} spans pages but nr_zones is ${n.nrZones}`;
      }
    }
    return undefined;
  },
};
