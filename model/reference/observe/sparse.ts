/**
 * Builds the canonical Observation from the reference state: in full, or on
 * top of the previous observation from what the steps since wrote
 * (RefMachine.touched, model/observe-on-top.ts).
 */
import { ZONE_NAMES } from '../../step.ts';
import type { AltmapObservation, BlockObservation, EarlyPagesObservation, MemmapRun } from '../../observation.ts';
import { formatMask, type Observation, type SectionObservation } from '../../observation.ts';
import { observeOnTop, type PartObserver, type RebuiltParts } from '../../observe-on-top.ts';
import { observeBlock, observeBlocks, observeMemmap, observeMemmapOf, observeNodes, observePins, observeResources } from './hotplug.ts';
import { subsectionValid } from '../sparse/queries.ts';
import { validZonesReadsOwnMemmap, validZonesText } from '../zone-policy/select.ts';
import { isEmptySection, type RefMachine, type RefSection } from '../state.ts';

function mask(bits: ReadonlySet<number>): string {
  return formatMask([...bits].sort((a, b) => a - b));
}

function observeSection(m: RefMachine, nr: number, s: RefSection): SectionObservation {
  const g = m.geometry;
  const valid: number[] = [];
  for (let i = 0; i < g.subsectionsPerSection; i++) if (subsectionValid(m, s, i)) valid.push(i);
  return {
    nr,
    nid: s.nid,
    present: s.present,
    hasMemMap: s.hasMemMap,
    online: s.online,
    early: s.early,
    usage: s.usage,
    subsectionMap: mask(s.subsectionMap),
    memmapBoot: mask(s.memmapBoot),
    memmapHotplug: mask(s.memmapHotplug),
    pfnValid: formatMask(valid),
  };
}

function observeEarlyPages(m: RefMachine): EarlyPagesObservation[] {
  const out: EarlyPagesObservation[] = [];
  for (const [nid, node] of [...m.nodes.entries()].sort((a, b) => a[0] - b[0])) {
    if (!node.everOnline) continue;
    for (const zone of ZONE_NAMES) if (node.zones[zone].presentEarly !== 0) out.push({ nid, zone, pages: node.zones[zone].presentEarly });
  }
  return out;
}

/** The section's record; undefined when it is back to the empty state (not listed). */
function sectionOf(m: RefMachine, nr: number): SectionObservation | undefined {
  const s = m.sections.get(nr);
  return s === undefined || isEmptySection(s) ? undefined : observeSection(m, nr, s);
}

/** The whole observation, from scratch; what the steps touched is left as it is. */
export function observe(m: RefMachine): Observation {
  const nrs = [...m.sections.keys()].sort((a, b) => a - b);
  const sections: SectionObservation[] = [];
  for (const nr of nrs) {
    const s = sectionOf(m, nr);
    if (s !== undefined) sections.push(s);
  }
  return assemble(m, { sections, blocks: observeBlocks(m), memmap: observeMemmap(m) }, observeNodes(m));
}

/** One part of the machine observed alone, for observeOnTop(). */
class RefParts implements PartObserver {
  constructor(private readonly m: RefMachine) {}

  section(nr: number): SectionObservation | undefined {
    return sectionOf(this.m, nr);
  }

  memmapOf(nr: number): MemmapRun[] {
    return observeMemmapOf(this.m, nr);
  }

  block(id: number): BlockObservation | undefined {
    return observeBlock(this.m, id);
  }

  validZones(id: number): string {
    return validZonesText(this.m, id);
  }

  validZonesOwn(id: number): boolean {
    return validZonesReadsOwnMemmap(this.m, id);
  }
}

/**
 * The observation now, on top of `prev` (the observation this function or
 * observe() gave last): only what m.touched names is observed again. Starts
 * a new record of what is touched.
 */
export function observeChanges(m: RefMachine, prev: Observation | undefined): Observation {
  const nodes = observeNodes(m);
  const o =
    prev === undefined || m.touched.all
      ? observe(m)
      : assemble(m, observeOnTop(prev, { nodes, earlyPages: earlyPagesOf(m), altmaps: altmapsOf(m) }, m.touched, m.geometry, new RefParts(m)), nodes);
  m.touched.clear();
  return o;
}

function earlyPagesOf(m: RefMachine): EarlyPagesObservation[] {
  return m.rules.onlinePolicy === 'policies' ? observeEarlyPages(m) : [];
}

function altmapsOf(m: RefMachine): AltmapObservation[] {
  return [...m.altmaps].sort((a, b) => a.start - b.start).map((a) => (a.inaccessible ? { basePfn: a.start, endPfn: a.end, pages: a.pages, inaccessible: true as const } : { basePfn: a.start, endPfn: a.end, pages: a.pages }));
}

function assemble(m: RefMachine, parts: RebuiltParts, nodes: Observation['nodes']): Observation {
  return {
    roots: [...m.roots].sort((a, b) => a - b),
    sections: parts.sections,
    blocks: parts.blocks,
    nodes,
    memmap: parts.memmap,
    resources: observeResources(m),
    pins: observePins(m),
    uninitReads: m.uninitReads,
    // every operation here changes the state at once: there is no moment in between
    orderingHazards: 0,
    usageRaces: m.usageRaces,
    // every memmap goes back to the allocator it came from
    vmemmapToBuddy: 0,
    earlyPages: earlyPagesOf(m),
    altmaps: altmapsOf(m),
  };
}
