/**
 * Interesting states a run should reach, named so a summary can say how
 * often each was reached: a generator that never builds them tests nothing
 * about them. Each is a predicate over one observation.
 *
 * A run asks every state it has not reached yet after every step. A state
 * whose predicate reads only some parts of the observation may say so with
 * `reachedSince`: its answer after a step, given that it answered no on the
 * observation before the step. An observation built on top of the previous
 * one shares the records a step did not touch (model/observe-on-top.ts), so
 * such a state reads only the records that are new, or nothing when the
 * parts it reads are the previous ones.
 */
import type { MachineSetup } from '../model/implementation.ts';
import type { Answer } from '../model/outcome.ts';
import type { Step } from '../model/step.ts';
import { maskBits, type BlockObservation, type Observation, type SectionObservation } from '../model/observation.ts';
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
  /** What reached(setup, o) answers when reached(setup, before) answered no; reads only what changed since `before`. */
  reachedSince?(setup: MachineSetup, o: Observation, before: Observation): boolean;
}

/**
 * The records of `now` that are not records of `was` (by identity, looked
 * for at the same key in an ascending list): the ones a predicate that
 * judges each record alone has not judged yet. A record found at another
 * place is judged again, which costs time and changes no answer.
 */
function newRecords<T>(now: readonly T[], was: readonly T[], key: (x: T) => number): T[] {
  if (now === was) return [];
  const out: T[] = [];
  let j = 0;
  for (const x of now) {
    const k = key(x);
    while (j < was.length && key(was[j]!) < k) j++;
    if (was[j] !== x) out.push(x);
  }
  return out;
}

const sameResources = (a: Observation['resources'], b: Observation['resources']): boolean =>
  a === b || (a.length === b.length && a.every((r, i) => r.start === b[i]!.start && r.end === b[i]!.end && r.kind === b[i]!.kind));

/** Whether an early section has a sub-section outside boot RAM (hot-added into its hole). */
function earlyPartlyHotplugged(setup: MachineSetup, s: SectionObservation): boolean {
  return s.early && maskBits(s.subsectionMap).some((i) => !bootSubsection(setup, s.nr, i));
}

const onlineMovable = (b: BlockObservation): boolean => b.state === 'online' && b.zone === 'Movable';
const onlineMovableWithVmemmap = (b: BlockObservation): boolean => onlineMovable(b) && (b.vmemmap ?? 0) > 0;

/** Whether a section holding System RAM (a resource of at most 64 sections) has device memmap. */
function ramAndDeviceInOneSection(setup: MachineSetup, o: Observation): boolean {
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
    reached: ramAndDeviceInOneSection,
    // reads the resources and the memmap runs only
    reachedSince: (setup, o, before) => !(o.memmap === before.memmap && sameResources(o.resources, before.resources)) && ramAndDeviceInOneSection(setup, o),
  },
  {
    name: 'early-section-partly-hotplugged',
    describe: 'an early section has a sub-section that was hot-added into its hole',
    reached: (setup, o) => o.sections.some((s) => earlyPartlyHotplugged(setup, s)),
    reachedSince: (setup, o, before) => newRecords(o.sections, before.sections, (s) => s.nr).some((s) => earlyPartlyHotplugged(setup, s)),
  },
  {
    name: 'block-online-movable',
    describe: 'a hot-added block is online in ZONE_MOVABLE',
    reached: (_s, o) => o.blocks.some(onlineMovable),
    reachedSince: (_s, o, before) => newRecords(o.blocks, before.blocks, (b) => b.id).some(onlineMovable),
  },
  {
    name: 'block-online-movable-with-vmemmap',
    describe: 'a block online in ZONE_MOVABLE hosts its own memmap (memmap_on_memory vmemmap pages)',
    reached: (_s, o) => o.blocks.some(onlineMovableWithVmemmap),
    reachedSince: (_s, o, before) => newRecords(o.blocks, before.blocks, (b) => b.id).some(onlineMovableWithVmemmap),
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
    // reads the block list only (its neighbours too, so a new record alone does not settle it)
    reachedSince(setup, o, before) {
      return o.blocks !== before.blocks && this.reached(setup, o);
    },
  },
  {
    name: 'second-node-online',
    describe: 'a node without boot memory was onlined by hot-add',
    reached: (setup, o) => o.nodes.some((n) => n.online && !setup.boot.some((r) => r.nid === n.nid)),
  },
];
