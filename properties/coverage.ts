/**
 * Interesting states a run should reach, named so a summary can say how
 * often each was reached: a generator that never builds them tests nothing
 * about them. Each is a predicate over one observation.
 */
import type { MachineSetup } from '../model/implementation.ts';
import type { Answer } from '../model/outcome.ts';
import type { Step } from '../model/step.ts';
import { maskBits, type Observation } from '../model/observation.ts';
import { zoneEnd, zoneOf } from '../checks/zone-view.ts';

/** The step that led to an observation, for states that are decisions rather than shapes. */
export interface StepContext {
  readonly step: Step;
  readonly answer: Answer;
  readonly before: Observation;
}

export interface InterestingState {
  readonly name: string;
  readonly describe: string;
  reached(setup: MachineSetup, o: Observation, ctx?: StepContext): boolean;
}

/** Whether a request to online a block left the zone to the kernel (`online`, or `online` file `1`). */
function genericOnline(step: Step): number | undefined {
  if (step.op === 'state' && step.word === 'online') return step.block;
  if (step.op === 'online' && step.word === '1') return step.block;
  return undefined;
}

/**
 * auto_movable_zone_for_pfn(): a generic online under online_policy=auto-movable
 * that landed in a kernel zone although no kernel zone of the node intersected
 * the block, so the ratio (auto_movable_ratio, 0 included) said no.
 */
function autoMovableRefused(setup: MachineSetup, o: Observation, ctx: StepContext | undefined): boolean {
  if (ctx === undefined || ctx.answer !== 'ok') return false;
  if (setup.profile.modern.onlinePolicy.value !== 'policies' || setup.config.onlinePolicy !== 'auto-movable') return false;
  const id = genericOnline(ctx.step);
  if (id === undefined) return false;
  const was = ctx.before.blocks.find((b) => b.id === id);
  const now = o.blocks.find((b) => b.id === id);
  if (was?.state !== 'offline' || now?.state !== 'online' || now.zone === 'Movable') return false;
  const first = id * setup.geometry.pagesPerBlock;
  const end = first + setup.geometry.pagesPerBlock;
  const node = ctx.before.nodes.find((n) => n.nid === was.nid);
  return !(node?.zones ?? []).some((z) => z.name !== 'Movable' && z.name !== 'Device' && z.spanned > 0 && z.startPfn < end && first < z.startPfn + z.spanned);
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
    // seed 002: docs/seeds.md
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
    name: 'block-online-movable-with-vmemmap',
    describe: 'a block online in ZONE_MOVABLE hosts its own memmap (memmap_on_memory vmemmap pages)',
    reached: (_s, o) => o.blocks.some((b) => b.state === 'online' && b.zone === 'Movable' && (b.vmemmap ?? 0) > 0),
  },
  {
    name: 'auto-movable-refused-by-ratio',
    describe: 'online_policy=auto-movable put a block in a kernel zone because of auto_movable_ratio',
    reached: autoMovableRefused,
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
    describe: 'a node without boot memory was onlined by hot-add',
    reached: (setup, o) => o.nodes.some((n) => n.online && !setup.boot.some((r) => r.nid === n.nid)),
  },
];
