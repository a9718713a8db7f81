/**
 * Builds the canonical Observation from the reference state: in full, or on
 * top of the previous observation from what the steps since wrote
 * (RefMachine.touched, model/observe-on-top.ts).
 */
import { ZONE_NAMES } from '../../step.ts';
import type { AltmapObservation, BlockObservation, EarlyPagesObservation, MemmapRun, NodeObservation, ResourceObservation } from '../../observation.ts';
import { formatMask, type Observation, type SectionObservation } from '../../observation.ts';
import { observeOnTop, type Counters, type MachineObserver, type PartObserver, type RebuiltParts } from '../../observe-on-top.ts';
import { observeBlock, observeBlocks, observeMemmap, observeMemmapOf, observeNodes, observePins, observeResources } from './hotplug.ts';
import { validSubsections } from '../sparse/queries.ts';
import { validZonesReadsOwnMemmap, validZonesText } from '../zone-policy/select.ts';
import { isEmptySection, type RefMachine, type RefSection } from '../state.ts';

/** formatMask() of every sub-section of a section, by sub-sections per section: boot sections all show it. */
const fullMasks = new Map<number, string>();

function fullMask(subsections: number): string {
  let text = fullMasks.get(subsections);
  if (text === undefined) {
    text = formatMask(Array.from({ length: subsections }, (_, i) => i));
    fullMasks.set(subsections, text);
  }
  return text;
}

function mask(bits: ReadonlySet<number>, subsections: number): string {
  if (bits.size === 0) return '0x0';
  if (bits.size === subsections) return fullMask(subsections);
  return formatMask([...bits].sort((a, b) => a - b));
}

function observeSection(m: RefMachine, nr: number, s: RefSection): SectionObservation {
  const sps = m.geometry.subsectionsPerSection;
  const valid = validSubsections(m, s);
  return {
    nr,
    nid: s.nid,
    present: s.present,
    hasMemMap: s.hasMemMap,
    online: s.online,
    early: s.early,
    usage: s.usage,
    subsectionMap: mask(s.subsectionMap, sps),
    memmapBoot: mask(s.memmapBoot, sps),
    memmapHotplug: mask(s.memmapHotplug, sps),
    pfnValid: valid === 'none' ? '0x0' : valid === 'all' ? fullMask(sps) : mask(valid, sps),
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
class RefParts implements PartObserver, MachineObserver {
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

  roots(): number[] {
    return rootsOf(this.m);
  }

  nodes(): NodeObservation[] {
    return observeNodes(this.m);
  }

  earlyPages(): EarlyPagesObservation[] {
    return earlyPagesOf(this.m);
  }

  altmaps(): AltmapObservation[] {
    return altmapsOf(this.m);
  }

  resources(): ResourceObservation[] {
    return observeResources(this.m);
  }

  pins(): number[] {
    return observePins(this.m);
  }

  counters(): Counters {
    return countersOf(this.m);
  }
}

/**
 * The observation now, on top of `prev` (the observation this function or
 * observe() gave last): only what m.touched names is observed again, `prev`
 * itself when nothing changed. Starts a new record of what is touched.
 */
export function observeChanges(m: RefMachine, prev: Observation | undefined): Observation {
  const o = prev === undefined || m.touched.all ? observe(m) : observeOnTop(prev, m.touched, m.geometry, new RefParts(m));
  m.touched.clear();
  return o;
}

function earlyPagesOf(m: RefMachine): EarlyPagesObservation[] {
  return m.rules.onlinePolicy === 'policies' ? observeEarlyPages(m) : [];
}

function altmapsOf(m: RefMachine): AltmapObservation[] {
  return [...m.altmaps].sort((a, b) => a.start - b.start).map((a) => (a.inaccessible ? { basePfn: a.start, endPfn: a.end, pages: a.pages, inaccessible: true as const } : { basePfn: a.start, endPfn: a.end, pages: a.pages }));
}

function rootsOf(m: RefMachine): number[] {
  return [...m.roots].sort((a, b) => a - b);
}

function countersOf(m: RefMachine): Counters {
  return {
    uninitReads: m.uninitReads,
    // every operation here changes the state at once: there is no moment in between
    orderingHazards: 0,
    usageRaces: m.usageRaces,
    // every memmap goes back to the allocator it came from
    vmemmapToBuddy: 0,
  };
}

function assemble(m: RefMachine, parts: RebuiltParts, nodes: Observation['nodes']): Observation {
  return {
    roots: rootsOf(m),
    sections: parts.sections,
    blocks: parts.blocks,
    nodes,
    memmap: parts.memmap,
    resources: observeResources(m),
    pins: observePins(m),
    ...countersOf(m),
    earlyPages: earlyPagesOf(m),
    altmaps: altmapsOf(m),
  };
}
