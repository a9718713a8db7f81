/**
 * Memory blocks and the operations on them (docs/blocks-and-zones.md):
 * block state agrees with sections and memmap, failed
 * operations change nothing, remove needs offline blocks, valid_zones tells
 * the truth, and from v5.5 an offline shrinks the zone at once.
 */
import type { Observation } from '../../model/observation.ts';
import { sameObservation } from '../observation-key.ts';
import { MEMORY_OPERATIONS, type Step, type ZoneName } from '../../model/step.ts';
import type { Invariant, StepContext } from '../invariant.ts';
import type { Geometry } from '../../model/geometry.ts';
import type { MachineSetup } from '../../model/implementation.ts';
import { blockAt, blockRange, holdsRam, memmapAt, onlinePage, overlap, ramIn, ramOf, runsOver, sectionAt, sectionOnline, zoneEnd, zoneOf, type PfnRange } from '../zone-view.ts';
import { always } from './profile-facts.ts';

export const blockConsistency: Invariant = {
  name: 'block-consistency',
  describe: 'an online block has its System RAM sections online and its RAM memmap in its zone; an offline block has none online',
  appliesTo: always,
  // each block is judged with its own sections and memmap
  scope: 'block',
  check({ setup, after }) {
    const g = setup.geometry;
    const ram = ramOf(g, after);
    for (const b of after.blocks) {
      const first = b.id * g.sectionsPerBlock;
      for (let nr = first; nr < first + g.sectionsPerBlock; nr++) {
        const s = sectionAt(after, nr);
        // Sections without System RAM (bare or device sub-sections) are never onlined.
        if (s?.present && s.online !== (b.state === 'online') && holdsRam(ram, { start: nr * g.pagesPerSection, end: (nr + 1) * g.pagesPerSection })) {
          return `block ${b.id} is ${b.state} but section ${nr} is ${s.online ? 'online' : 'offline'}`;
        }
      }
      if (b.state === 'online' && b.zone !== 'none') {
        // Seed 003's rule (a proposal; docs/seeds.md): the self-hosted memmap pages are Normal's, not the block zone's.
        const inNormal = setup.profile.modern.vmemmapZone.value === 'normal' ? (b.vmemmap ?? 0) : 0;
        const whole = blockRange(g, b.id);
        const state = `${b.zone}/${b.nid}`;
        for (const r of ramIn(ram, { start: whole.start + inNormal, end: whole.end })) {
          for (const run of runsOver(after, r)) {
            if (run.state !== state) return `block ${b.id} online in ${b.zone} but memmap at pfn ${run.startPfn} is ${run.state}`;
          }
        }
      }
    }
    return undefined;
  },
};

const OPERATIONS: ReadonlySet<Step['op']> = new Set(MEMORY_OPERATIONS);
const SYSFS_WRITES: ReadonlyArray<Step['op']> = ['state', 'online'];

const isSysfsWrite = (step: Step): step is Extract<Step, { op: 'state' | 'online' }> =>
  step.op === 'state' || step.op === 'online';

function withoutSpans(o: Observation): Observation {
  return {
    ...o,
    // nr_zones is never lowered again: init_currently_empty_zone() has no undo.
    nodes: o.nodes.map(({ nrZones: _nrZones, ...n }) => ({ ...n, startPfn: 0, spanned: 0, zones: n.zones.map((z) => ({ ...z, startPfn: 0, spanned: 0 })) })),
    // valid_zones follows the spans.
    blocks: o.blocks.map((b) => ({ ...b, validZones: '' })),
  };
}

/** The observation without what a failed operation may legitimately leave behind. */
function comparable(ctx: StepContext, o: Observation): Observation {
  // Roots allocated before a later failure are never freed (sparse_index_init()); the read,
  // race and buddy counters are detectors, judged by no-uninit-memmap-read,
  // usage-outlives-valid and vmemmap-not-to-buddy;
  // a refused state write leaves its online type on the block (fa2be40fe7c0), the one side
  // effect of a failure the kernel has, judged by valid-zones-agree at the next online.
  const blocks = o.blocks.map(({ onlineType: _left, ...b }) => b);
  const base = { ...o, roots: [], uninitReads: 0, usageRaces: 0, vmemmapToBuddy: 0, blocks };
  if (!isSysfsWrite(ctx.step)) return base;
  if (ctx.setup.profile.hotplug.failedOnline.value === 'keep-span') {
    // Before v5.5 a vetoed online keeps the grown span and the initialised memmap.
    return { ...withoutSpans(base), memmap: [] };
  }
  // From v5.5 the span is shrunk again from the online pages, which can be tighter than before.
  return withoutSpans(base);
}

/**
 * From v5.5 a failed online shrinks the span again from the pages that look
 * online in the zone; it may end wider than before only over such pages
 * (boot holes have an initialised memmap in online sections).
 */
function spanGrew(g: Geometry, before: Observation, after: Observation): string | undefined {
  for (const n of after.nodes) {
    for (const z of n.zones) {
      const old = before.nodes.find((m) => m.nid === n.nid)?.zones.find((y) => y.name === z.name);
      if (z.spanned === 0) continue;
      const owned = (pfn: number): boolean => sectionOnline(g, after, pfn) && memmapAt(after, pfn) === `${z.name}/${n.nid}`;
      const startGrew = old === undefined || old.spanned === 0 || z.startPfn < old.startPfn;
      const endGrew = old === undefined || old.spanned === 0 || zoneEnd(z) > zoneEnd(old);
      if ((startGrew && !owned(z.startPfn)) || (endGrew && !owned(zoneEnd(z) - 1))) {
        return `node ${n.nid} ${z.name} span grew to ${z.startPfn}+${z.spanned} beyond its online pages`;
      }
    }
  }
  return undefined;
}

export const failureChangesNothing: Invariant = {
  name: 'failure-changes-nothing',
  describe: 'an operation that answers an errno (or BUG) leaves the state as it was (a vetoed online may leave its span grown before v5.5, tighter from v5.5)',
  appliesTo: always,
  ops: MEMORY_OPERATIONS,
  check(ctx) {
    if (!OPERATIONS.has(ctx.step.op) || !(ctx.outcome.startsWith('-') || ctx.outcome === 'BUG')) return undefined;
    // A refused eject onlines again what it offlined, with the default online type: the zones may differ (acpi_bus_online()).
    if (ctx.step.op === 'eject_memory' && ctx.outcome === '-EBUSY') return undefined;
    // Equal observations (the usual failure) give equal comparables and no grown span.
    if (sameObservation(ctx.before, ctx.after)) return undefined;
    if (!sameObservation(comparable(ctx, ctx.before), comparable(ctx, ctx.after))) return `${ctx.step.op} answered ${ctx.outcome} but changed the state`;
    if (isSysfsWrite(ctx.step) && ctx.setup.profile.hotplug.failedOnline.value === 'restore') return spanGrew(ctx.setup.geometry, ctx.before, ctx.after);
    return undefined;
  },
};

export const removeRequiresOffline: Invariant = {
  name: 'remove-requires-offline',
  describe: 'remove_memory of a range with an online block answers -EBUSY',
  appliesTo: always,
  ops: ['remove_memory'],
  check({ setup, step, outcome, before }) {
    if (step.op !== 'remove_memory' || outcome !== 'ok') return undefined;
    const g = setup.geometry;
    const range = { start: step.start / g.pageSize, end: (step.start + step.size) / g.pageSize };
    const online = before.blocks.find((b) => b.state === 'online' && overlap(blockRange(g, b.id), range));
    return online === undefined ? undefined : `removed a range holding block ${online.id}, which was online`;
  },
};

export const noUninitMemmapRead: Invariant = {
  name: 'no-uninit-memmap-read',
  describe: 'no operation reads the zone or nid of an uninitialised memmap (walkers go through pfn_to_online_page)',
  appliesTo: always,
  check({ step, before, after }) {
    const n = after.uninitReads - before.uninitReads;
    return n === 0 ? undefined : `${step.op} read ${n} uninitialised memmap(s)`;
  },
};

/**
 * The zone an online of `type` should land in, read from the offline block's
 * valid_zones: `online` the first name; `online_movable` Movable and
 * `online_kernel` the kernel zone (Normal with v4.10 zone shifting) only when
 * listed. `refused` when the type's zone is not listed: the online must fail.
 */
function expectedZone(setup: MachineSetup, validZones: string, type: string): string | undefined {
  const zones = validZones.split(' ').filter((z) => z !== '');
  if (type === 'online') return zones[0];
  if (type === 'online_movable') return zones.includes('Movable') ? 'Movable' : REFUSED;
  if (type === 'online_kernel') {
    if (setup.profile.hotplug.onlineZone.value === 'shift') return zones.includes('Normal') ? 'Normal' : REFUSED;
    return zones.find((z) => z !== 'Movable') ?? REFUSED;
  }
  return undefined;
}

const REFUSED = '(refused)';

function onlineType(step: Step): string | undefined {
  if (step.op === 'state') return step.word;
  // kstrtobool(): the first character decides, after an 'o' the second
  if (step.op === 'online' && /^([yY1]|[oO][nN])/.test(step.word)) return 'online';
  return undefined;
}

export const validZonesAgree: Invariant = {
  name: 'valid-zones-agree',
  describe:
    'onlining an offline block lands in the zone its valid_zones named for that online type; a type whose zone valid_zones did not list fails, and one it listed is not refused with -EINVAL',
  appliesTo: always,
  ops: SYSFS_WRITES,
  check({ setup, step, outcome, before, after }) {
    if (!isSysfsWrite(step)) return undefined;
    const was = blockAt(before, step.block);
    const now = blockAt(after, step.block);
    const written = onlineType(step);
    // memoryN/online names no type: the one a refused state write left on the block, else MMOP_ONLINE
    const type = step.op === 'online' && written !== undefined ? (was?.onlineType ?? written) : written;
    if (was?.state !== 'offline' || type === undefined) return undefined;
    const want = expectedZone(setup, was.validZones, type);
    // -EINVAL with nothing changed is a refusal (generated vetoes answer -ENOMEM or -EBUSY).
    if (outcome === '-EINVAL' && sameObservation(before, after)) {
      return want === REFUSED || want === undefined ? undefined : `${type} was refused although valid_zones was "${was.validZones}"`;
    }
    if (outcome !== 'ok' || now?.state !== 'online') return undefined;
    return now.zone === want ? undefined : `${type} landed in ${now.zone}, valid_zones was "${was.validZones}"`;
  },
};

export const exactShrink: Invariant = {
  name: 'exact-shrink',
  describe: 'from v5.5, after an offline the zone spans from its first to its last online page (holes inside allowed) or is empty',
  appliesTo: (s) => s.profile.hotplug.shrinkAt.value === 'offline',
  ops: SYSFS_WRITES,
  check({ setup, step, outcome, before, after }) {
    if (!isSysfsWrite(step) || outcome !== 'ok') return undefined;
    const was = blockAt(before, step.block);
    if (was?.state !== 'online' || blockAt(after, step.block)?.state !== 'offline' || was.zone === 'none') return undefined;
    const g = setup.geometry;
    const zoneIn = (o: Observation) => {
      const node = o.nodes.find((n) => n.nid === was.nid);
      return node && zoneOf(node, was.zone as ZoneName);
    };
    const old = zoneIn(before);
    const z = zoneIn(after);
    if (old === undefined || z === undefined) return undefined;
    const range = blockRange(g, step.block);
    // shrink_zone_span() acts only when the offlined range starts or ends the span.
    const atStart = range.start === old.startPfn;
    const atEnd = range.end === zoneEnd(old);
    if (!atStart && !atEnd) return undefined;
    const state = `${z.name}/${was.nid}`;
    const owned = (pfn: number): boolean => onlinePage(setup, after, pfn) && memmapAt(after, pfn) === state;
    if (z.spanned === 0) {
      const left = ownedIn(setup, after, state, { start: old.startPfn, end: zoneEnd(old) });
      return left === undefined ? undefined : `${z.name} became empty although pfn ${left} is still online in it`;
    }
    if (atStart && !owned(z.startPfn)) return `${z.name} starts at pfn ${z.startPfn}, which is not an online page of the zone`;
    if (atEnd && !owned(zoneEnd(z) - 1)) return `${z.name} ends at pfn ${zoneEnd(z)}, after its last online page`;
    const skipped =
      (atStart ? ownedIn(setup, after, state, { start: old.startPfn, end: z.startPfn }) : undefined) ??
      (atEnd ? ownedIn(setup, after, state, { start: zoneEnd(z), end: zoneEnd(old) }) : undefined);
    return skipped === undefined ? undefined : `${z.name} now spans ${z.startPfn}+${z.spanned} but leaves out pfn ${skipped}, still online in it`;
  },
};

/** Index of the first element of the ascending `xs` that is at least `x`. */
function firstAtOrAfter(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first pfn of `range` that pfn_to_online_page() answers for (onlinePage()) with memmap `state`, if any. */
function ownedIn(setup: MachineSetup, o: Observation, state: string, range: PfnRange): number | undefined {
  const g = setup.geometry;
  const online = o.sections.filter((s) => s.online).map((s) => s.nr);
  for (const run of o.memmap) {
    if (run.state !== state) continue;
    const r = overlap({ start: run.startPfn, end: run.endPfn }, range);
    if (r === undefined) continue;
    // only the online sections the overlap reaches (ascending, so a binary search finds the first)
    for (let i = firstAtOrAfter(online, Math.floor(r.start / g.pagesPerSection)); i < online.length; i++) {
      const nr = online[i]!;
      if (nr * g.pagesPerSection >= r.end) break;
      const hit = overlap(r, { start: nr * g.pagesPerSection, end: (nr + 1) * g.pagesPerSection });
      if (hit === undefined) continue;
      // sub-section by sub-section: from v5.12 an inactive one is not online
      for (let p = hit.start; p < hit.end; p = (Math.floor(p / g.pagesPerSubsection) + 1) * g.pagesPerSubsection) {
        if (onlinePage(setup, o, p)) return p;
      }
    }
  }
  return undefined;
}
