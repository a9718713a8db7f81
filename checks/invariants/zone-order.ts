/**
 * Which zone an online lands in (docs/historical-profiles.md): the online type
 * is honoured in every profile; before zone restrictions were removed Normal
 * lies wholly below Movable; and v4.10 zone shifting only moves a block at the
 * edge of its zone.
 */
import type { MachineSetup } from '../../model/implementation.ts';
import type { Observation } from '../../model/observation.ts';
import { ZONE_NAMES, type Step, type ZoneName } from '../../model/step.ts';
import type { Invariant } from '../invariant.ts';
import { blockAt, blockRange, memmapAt, overlap, zoneEnd, zoneOf } from '../zone-view.ts';
import { always } from './profile-facts.ts';

const KERNEL_ZONES: readonly string[] = ['DMA', 'DMA32', 'Normal'];

/** The steps onlinedBlock() can answer for. */
const SYSFS_WRITES: ReadonlyArray<Step['op']> = ['state', 'online'];

const hasZoneRestrictions = (s: MachineSetup): boolean => s.profile.hotplug.onlineZone.value !== 'zone-for-pfn-range';

/** The block a successful sysfs write took from offline to online, if this step did that. */
function onlinedBlock(step: Step, outcome: string, before: Observation, after: Observation): number | undefined {
  if ((step.op !== 'state' && step.op !== 'online') || outcome !== 'ok') return undefined;
  const was = blockAt(before, step.block);
  const now = blockAt(after, step.block);
  return was?.state === 'offline' && now?.state === 'online' ? step.block : undefined;
}

export const onlineTypeHonoured: Invariant = {
  name: 'online-type-honoured',
  describe: 'a successful online_movable puts the block in Movable, a successful online_kernel in a kernel zone',
  appliesTo: always,
  ops: SYSFS_WRITES,
  check({ step, outcome, before, after }) {
    const b = onlinedBlock(step, outcome, before, after);
    if (b === undefined || step.op !== 'state') return undefined;
    const zone = blockAt(after, b)?.zone ?? 'none';
    if (step.word === 'online_movable' && zone !== 'Movable') return `online_movable of block ${b} landed in ${zone}`;
    if (step.word === 'online_kernel' && !KERNEL_ZONES.includes(zone)) return `online_kernel of block ${b} landed in ${zone}`;
    return undefined;
  },
};

export const normalBeforeMovable: Invariant = {
  name: 'normal-before-movable',
  describe: 'before zone restrictions were removed (v4.10, v4.13) the Normal and Movable spans of a node never overlap and Normal lies below Movable',
  appliesTo: hasZoneRestrictions,
  scope: 'state',
  reads: ['nodes'],
  check({ after }) {
    for (const n of after.nodes) {
      const normal = zoneOf(n, 'Normal');
      const movable = zoneOf(n, 'Movable');
      if (normal === undefined || movable === undefined || normal.spanned === 0 || movable.spanned === 0) continue;
      if (zoneEnd(normal) > movable.startPfn) {
        return `node ${n.nid}: Normal ${normal.startPfn}+${normal.spanned} reaches past the start of Movable ${movable.startPfn}+${movable.spanned}`;
      }
    }
    return undefined;
  },
};

const zoneIndex = (name: string): number => (ZONE_NAMES as readonly string[]).indexOf(name);

export const shiftAtEdge: Invariant = {
  name: 'shift-at-edge',
  describe: 'v4.10: an online that changes a block\'s zone moves the last block of a zone up or the first block down, and the old zone no longer spans it',
  appliesTo: (s) => s.profile.hotplug.onlineZone.value === 'shift',
  ops: SYSFS_WRITES,
  check({ setup, step, outcome, before, after }) {
    const b = onlinedBlock(step, outcome, before, after);
    if (b === undefined) return undefined;
    const g = setup.geometry;
    const range = blockRange(g, b);
    const nid = blockAt(after, b)?.nid ?? 0;
    const old = memmapAt(before, range.start)?.split('/')[0];
    const now = blockAt(after, b)?.zone;
    if (old === undefined || now === undefined || old === now || old === 'uninit' || now === 'none') return undefined;
    const span = (o: Observation) => {
      const node = o.nodes.find((n) => n.nid === nid);
      return node && zoneOf(node, old as ZoneName);
    };
    const was = span(before);
    if (was === undefined) return `block ${b} moved out of ${old}, which node ${nid} does not have`;
    const up = zoneIndex(now) > zoneIndex(old);
    if (up ? range.end !== zoneEnd(was) : range.start !== was.startPfn) {
      return `block ${b} moved ${up ? 'up' : 'down'} from ${old} to ${now} but was not at ${old}'s ${up ? 'end' : 'start'} (${was.startPfn}+${was.spanned})`;
    }
    const is = span(after);
    if (is !== undefined && is.spanned > 0 && overlap(range, { start: is.startPfn, end: zoneEnd(is) }) !== undefined) {
      return `block ${b} moved to ${now} but ${old} still spans it (${is.startPfn}+${is.spanned})`;
    }
    return undefined;
  },
};
