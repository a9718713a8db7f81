/** The second layer's part of the Observation: blocks, nodes, memmap runs, resources, pins. */
import { poisonedInBlock } from '../faults/memory-failure.ts';
import type {
  BlockObservation,
  MemmapRun,
  NodeObservation,
  ResourceObservation,
} from '../../observation.ts';
import { ZONE_NAMES } from '../../step.ts';
import { onlineBlockZone } from '../sysfs/memory-blocks.ts';
import { firstPfnOfSubsection, sameState, stateText, subsectionsWithMemmap } from '../memmap/memmap.ts';
import type { MemmapState, RefMachine } from '../state.ts';
import { validZonesText } from '../zone-policy/select.ts';

export function observeBlocks(m: RefMachine): BlockObservation[] {
  return [...m.blocks.keys()].sort((a, b) => a - b).map((id) => observeBlock(m, id)!);
}

/** One block's record; undefined when there is no block `id`. */
export function observeBlock(m: RefMachine, id: number): BlockObservation | undefined {
  const block = m.blocks.get(id);
  if (block === undefined) return undefined;
  const online = block.online;
  const seen: BlockObservation = {
    id,
    nid: block.nid,
    state: online ? 'online' : 'offline',
    zone: online ? onlineBlockZone(m, id) : '-',
    validZones: validZonesText(m, id),
  };
  const vmemmap = block.vmemmap;
  const poisoned = poisonedInBlock(m, id);
  const withVmemmap = vmemmap > 0 ? { ...seen, vmemmap } : seen;
  const withPoison = poisoned > 0 ? { ...withVmemmap, poisoned } : withVmemmap;
  const withType = block.leftType === undefined ? withPoison : { ...withPoison, onlineType: block.leftType };
  const unit = block.group === undefined ? undefined : m.groups.get(block.group)?.unitPages;
  return unit === undefined ? withType : { ...withType, dynamicUnit: unit };
}

export function observeNodes(m: RefMachine): NodeObservation[] {
  return [...m.nodes.entries()]
    .filter(([, n]) => n.everOnline)
    .sort((a, b) => a[0] - b[0])
    .map(([nid, n]) => ({
      nid,
      online: n.online,
      startPfn: n.start,
      spanned: n.spanned,
      present: n.present,
      nrZones: n.nrZones,
      zones: ZONE_NAMES.map((name) => ({
        name,
        startPfn: n.zones[name].start,
        spanned: n.zones[name].spanned,
        present: n.zones[name].present,
        managed: n.zones[name].managed,
      })),
    }));
}

/** Adjacent sub-sections with the same state merge into one run. */
export function observeMemmap(m: RefMachine): MemmapRun[] {
  return memmapRuns(m, subsectionsWithMemmap(m));
}

/** The runs of one section's sub-sections, cut at its bounds (an incremental observation's part). */
export function observeMemmapOf(m: RefMachine, nr: number): MemmapRun[] {
  // only a present section's pfns have a memmap: one look at the section answers for all its sub-sections
  if (m.sections.get(nr)?.present !== true) return [];
  const sps = m.geometry.subsectionsPerSection;
  return memmapRuns(m, Array.from({ length: sps }, (_, i) => nr * sps + i));
}

/** `subsections` (ascending, each with a memmap: its section is present) as runs: adjacent ones of one state merge. */
function memmapRuns(m: RefMachine, subsections: readonly number[]): MemmapRun[] {
  const g = m.geometry;
  const runs: MemmapRun[] = [];
  let open: { first: number; last: number; state: MemmapState } | undefined;
  const close = (): void => {
    if (open === undefined) return;
    runs.push({
      startPfn: firstPfnOfSubsection(g, open.first),
      endPfn: firstPfnOfSubsection(g, open.last + 1),
      state: stateText(open.state),
    });
  };
  for (const ss of subsections) {
    const state = m.memmap.get(ss) ?? 'uninit';
    if (open !== undefined && open.last + 1 === ss && sameState(open.state, state)) {
      open.last = ss;
      continue;
    }
    close();
    open = { first: ss, last: ss, state };
  }
  close();
  return runs;
}

export function observeResources(m: RefMachine): ResourceObservation[] {
  return [...m.resources]
    .sort((a, b) => a.start - b.start || parentFirst(a.kind) - parentFirst(b.kind))
    .map((r) => ({ start: r.start, end: r.end, kind: r.driverManaged === true ? 'System RAM (kmem)' : r.kind }));
}

/** A PMEM range before a device range starting with it: the kernel's tree prints a parent first. */
function parentFirst(kind: RefMachine['resources'][number]['kind']): number {
  return kind === 'Persistent Memory (legacy)' ? 0 : 1;
}

export function observePins(m: RefMachine): number[] {
  return [...m.pins].sort((a, b) => a - b);
}
