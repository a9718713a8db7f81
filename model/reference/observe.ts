/** Builds the canonical Observation from the reference state. */
import { ZONE_NAMES } from '../step.ts';
import type { EarlyPagesObservation } from '../observation.ts';
import { formatMask, type Observation, type SectionObservation } from '../observation.ts';
import { firstPfnOfSection } from './arith.ts';
import { observeBlocks, observeMemmap, observeNodes, observePins, observeResources } from './observe-zones.ts';
import { pfnValid } from './queries.ts';
import { isEmptySection, type RefMachine, type RefSection } from './state.ts';

function mask(bits: ReadonlySet<number>): string {
  return formatMask([...bits].sort((a, b) => a - b));
}

function observeSection(m: RefMachine, nr: number, s: RefSection): SectionObservation {
  const g = m.geometry;
  const valid: number[] = [];
  for (let i = 0; i < g.subsectionsPerSection; i++) {
    if (pfnValid(m, firstPfnOfSection(g, nr) + i * g.pagesPerSubsection)) valid.push(i);
  }
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

export function observe(m: RefMachine): Observation {
  const nrs = [...m.sections.keys()].sort((a, b) => a - b);
  const sections: SectionObservation[] = [];
  for (const nr of nrs) {
    const s = m.sections.get(nr);
    if (s === undefined || isEmptySection(s)) continue;
    sections.push(observeSection(m, nr, s));
  }
  return {
    roots: [...m.roots].sort((a, b) => a - b),
    sections,
    blocks: observeBlocks(m),
    nodes: observeNodes(m),
    memmap: observeMemmap(m),
    resources: observeResources(m),
    pins: observePins(m),
    uninitReads: m.uninitReads,
    // every operation here changes the state at once: there is no moment in between
    orderingHazards: 0,
    usageRaces: m.usageRaces,
    // every memmap goes back to the allocator it came from
    vmemmapToBuddy: 0,
    earlyPages: m.rules.onlinePolicy === 'policies' ? observeEarlyPages(m) : [],
    altmaps: [...m.altmaps].sort((a, b) => a.start - b.start).map((a) => (a.inaccessible ? { basePfn: a.start, endPfn: a.end, pages: a.pages, inaccessible: true as const } : { basePfn: a.start, endPfn: a.end, pages: a.pages })),
  };
}
