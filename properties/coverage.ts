/**
 * Interesting states a run should reach, named so a summary can say how
 * often each was reached: a generator that never builds them tests nothing
 * about them. Each is a predicate over one observation.
 */
import type { MachineSetup } from '../model/implementation.ts';
import { maskBits, type Observation } from '../model/observation.ts';
import { zoneEnd, zoneOf } from '../checks/zone-view.ts';

export interface InterestingState {
  readonly name: string;
  readonly describe: string;
  reached(setup: MachineSetup, o: Observation): boolean;
}

/** Whether boot RAM touches sub-section `i` of section `nr`. */
function bootSubsection(setup: MachineSetup, nr: number, i: number): boolean {
  const g = setup.geometry;
  const start = (nr * g.pagesPerSection + i * g.pagesPerSubsection) * g.pageSize;
  const end = start + g.pagesPerSubsection * g.pageSize;
  return setup.boot.some((r) => r.start < end && start < r.start + r.size);
}

export const INTERESTING_STATES: readonly InterestingState[] = [
  {
    name: 'zones-interleaved',
    describe: 'Normal and Movable spans of one node overlap',
    reached: (_s, o) =>
      o.nodes.some((n) => {
        const a = zoneOf(n, 'Normal');
        const b = zoneOf(n, 'Movable');
        return !!a && !!b && a.spanned > 0 && b.spanned > 0 && a.startPfn < zoneEnd(b) && b.startPfn < zoneEnd(a);
      }),
  },
  {
    name: 'movable-below-normal',
    describe: 'a node has Movable memory below its Normal zone',
    reached: (_s, o) =>
      o.nodes.some((n) => {
        const a = zoneOf(n, 'Normal');
        const b = zoneOf(n, 'Movable');
        return !!a && !!b && a.spanned > 0 && b.spanned > 0 && b.startPfn < a.startPfn;
      }),
  },
  {
    name: 'ram-and-device-in-one-section',
    describe: 'one section holds both System RAM and ZONE_DEVICE sub-sections (seed 002)',
    reached: (setup, o) => {
      const pps = setup.geometry.pagesPerSection;
      const ramSections = new Set(
        o.resources
          .filter((r) => r.kind === 'System RAM')
          .flatMap((r) => {
            const first = Math.floor(r.start / setup.geometry.pageSize / pps);
            const last = Math.floor((r.end / setup.geometry.pageSize - 1) / pps);
            return last - first > 64 ? [] : Array.from({ length: last - first + 1 }, (_, i) => first + i);
          }),
      );
      return o.memmap.some((m) => m.state.startsWith('Device/') && ramSections.has(Math.floor(m.startPfn / pps)));
    },
  },
  {
    name: 'early-section-partly-hotplugged',
    describe: 'an early section has a sub-section that was hot-added into its hole',
    reached: (setup, o) => o.sections.some((s) => s.early && maskBits(s.subsectionMap).some((i) => !bootSubsection(setup, s.nr, i))),
  },
  {
    name: 'block-online-movable',
    describe: 'a hot-added block is online in ZONE_MOVABLE',
    reached: (_s, o) => o.blocks.some((b) => b.state === 'online' && b.zone === 'Movable'),
  },
  {
    name: 'offline-block-between-online',
    describe: 'an offline block lies between two online blocks of one node',
    reached: (_s, o) =>
      o.blocks.some(
        (b, i) => b.state === 'offline' && o.blocks[i - 1]?.state === 'online' && o.blocks[i + 1]?.state === 'online' && o.blocks[i - 1]?.id === b.id - 1 && o.blocks[i + 1]?.id === b.id + 1,
      ),
  },
  {
    name: 'second-node-online',
    describe: 'a node other than 0 was onlined by hot-add',
    reached: (_s, o) => o.nodes.some((n) => n.nid !== 0 && n.online),
  },
];
