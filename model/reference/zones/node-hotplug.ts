// mirrors try_offline_node(), mm/memory_hotplug.c: v5.3 (section scan) and v5.5 (2c91f8fc6c99: spans and blocks)
import { firstPfnOfSection, sectionOfPfn } from '../sparse/pfn.ts';
import { readMemmap } from '../memmap/memmap.ts';
import type { RefMachine } from '../state.ts';

/**
 * [offlineNode=scan]: the present sections of the node span, ascending; the
 * nid of each one's first pfn is read until one is this node's (the kernel
 * returns there). An uninitialised memmap counts a read and is taken as this
 * node.
 */
function someSectionOfNode(m: RefMachine, nid: number, start: number, end: number): boolean {
  if (end <= start) return false;
  const g = m.geometry;
  const first = sectionOfPfn(g, start);
  const last = sectionOfPfn(g, end - 1);
  const nrs = [...m.sections.keys()].filter((nr) => nr >= first && nr <= last).sort((a, b) => a - b);
  for (const nr of nrs) {
    const s = m.sections.get(nr);
    if (s === undefined || !s.present) continue;
    const state = readMemmap(m, firstPfnOfSection(g, nr));
    if (state === 'uninit' || state.nid === nid) return true;
  }
  return false;
}

/** Called after remove_memory for a node other than 0 (node 0 has CPUs). */
export function tryOfflineNode(m: RefMachine, nid: number): void {
  const node = m.nodes.get(nid);
  if (node === undefined || !node.online) return;
  if (m.rules.offlineNode === 'scan') {
    if (someSectionOfNode(m, nid, node.start, node.start + node.spanned)) return;
  } else {
    if (node.spanned !== 0) return;
    for (const block of m.blocks.values()) if (block.nid === nid) return;
  }
  node.online = false;
  m.touched.part('nodes');
}
