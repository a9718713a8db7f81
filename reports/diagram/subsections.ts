/**
 * What each sub-section of a section holds, for the zoomed view of the
 * sections a step changes: whether it is active in usage->subsection_map,
 * what memory is behind it (System RAM or a ZONE_DEVICE range, from the
 * resource tree, as /proc/iomem tells them apart) and where its memmap
 * comes from. A 2 MiB device range inside an early RAM section is then a
 * different colour from the RAM around it, not one more active bit.
 */
import { maskBits } from '../../model/observation.ts';
import type { ObservationJson } from '../schema.ts';
import type { Geo } from './layout.ts';

type SectionJson = ObservationJson['sections'][number];

/** `ram`: System RAM; `device`: a memremap_pages() range; `bare`: active with no resource (bare __add_pages, or an early section's hole). */
export type SubsectionKind = 'ram' | 'device' | 'bare' | 'inactive';

export interface SubsectionView {
  readonly index: number;
  readonly kind: SubsectionKind;
  /** Share of the sub-section's bytes covered by System RAM / device resources, 0..1. */
  readonly ram: number;
  readonly device: number;
  readonly memmap: 'boot' | 'hotplug' | 'none';
}

function covered(resources: ObservationJson['resources'], kind: string, lo: number, hi: number): number {
  let bytes = 0;
  for (const [start, end, k] of resources) if (k === kind) bytes += Math.max(0, Math.min(end, hi) - Math.max(start, lo));
  return bytes / (hi - lo);
}

export function subsectionViews(geo: Geo, o: ObservationJson, s: SectionJson | undefined, nr: number): SubsectionView[] {
  const active = new Set(s === undefined ? [] : maskBits(s.subsectionMap));
  const boot = new Set(s === undefined ? [] : maskBits(s.memmapBoot));
  const hot = new Set(s === undefined ? [] : maskBits(s.memmapHotplug));
  const bytes = geo.pagesPerSubsection * geo.pageSize;
  const base = nr * geo.pagesPerSection * geo.pageSize;
  return Array.from({ length: geo.subsectionsPerSection }, (_, i) => {
    const lo = base + i * bytes;
    const ram = covered(o.resources, 'System RAM', lo, lo + bytes);
    const device = covered(o.resources, 'device', lo, lo + bytes);
    const kind: SubsectionKind = !active.has(i) ? 'inactive' : device > 0 ? 'device' : ram > 0 ? 'ram' : 'bare';
    return { index: i, kind, ram, device, memmap: boot.has(i) ? 'boot' : hot.has(i) ? 'hotplug' : 'none' };
  });
}

function same(a: SubsectionView, b: SubsectionView): boolean {
  return a.kind === b.kind && a.ram === b.ram && a.device === b.device && a.memmap === b.memmap;
}

/** The sub-sections of section `nr` whose view differs between two states. */
export function changedSubsections(geo: Geo, before: ObservationJson, after: ObservationJson, nr: number): Set<number> {
  const a = subsectionViews(geo, before, before.sections.find((s) => s.nr === nr), nr);
  const b = subsectionViews(geo, after, after.sections.find((s) => s.nr === nr), nr);
  return new Set(b.filter((v, i) => !same(v, a[i]!)).map((v) => v.index));
}

/** Sections a zoomed view shows at most, so that a 1 GiB add stays one screen. */
export const MAX_ZOOMED = 4;

export interface ZoomPlan {
  /** Sections drawn cell by cell, in address order. */
  readonly zoom: readonly number[];
  /** Sections whose flags alone changed (an online or offline of whole sections): named, not drawn. */
  readonly flagsOnly: readonly number[];
}

/**
 * The sections to zoom into after a step: those that appear, go, or whose
 * sub-section views changed from `before` to `after`, and those outlined as
 * differing from the other side. Sections where only a flag changed are
 * named apart: drawing sixteen unchanged maps for one online says nothing.
 */
export function sectionsToZoom(geo: Geo, before: ObservationJson, after: ObservationJson, differing: ReadonlySet<number> = new Set()): ZoomPlan {
  const nrs = new Set<number>(differing);
  const flagsOnly: number[] = [];
  const text = (o: ObservationJson) => new Map(o.sections.map((s) => [s.nr, JSON.stringify(s)]));
  const a = text(before);
  const b = text(after);
  // A resource can change over sections that do not (a device range over an early section's active hole).
  const resources = JSON.stringify(before.resources) !== JSON.stringify(after.resources);
  for (const nr of new Set([...a.keys(), ...b.keys()])) {
    if (nrs.has(nr) || (a.get(nr) === b.get(nr) && !resources)) continue;
    const cells = changedSubsections(geo, before, after, nr).size > 0;
    if (cells || !a.has(nr) || !b.has(nr)) nrs.add(nr);
    else if (a.get(nr) !== b.get(nr)) flagsOnly.push(nr);
  }
  return { zoom: [...nrs].sort((x, y) => x - y), flagsOnly: flagsOnly.sort((x, y) => x - y) };
}

/** `0, 2–15`: section numbers with runs folded. */
export function sectionList(nrs: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < nrs.length; ) {
    let j = i;
    while (j + 1 < nrs.length && nrs[j + 1] === nrs[j]! + 1) j++;
    out.push(j > i ? `${nrs[i]}–${nrs[j]}` : String(nrs[i]));
    i = j + 1;
  }
  return out.join(', ');
}

/** The lines under a zoom: sections left out past MAX_ZOOMED, and those whose flags alone changed. */
export function zoomNotes(plan: ZoomPlan): string[] {
  return [
    ...(plan.zoom.length > MAX_ZOOMED ? [`and ${plan.zoom.length - MAX_ZOOMED} more section(s) changed: ${sectionList(plan.zoom.slice(MAX_ZOOMED))}`] : []),
    ...(plan.flagsOnly.length > 0 ? [`section(s) ${sectionList(plan.flagsOnly)}: flags changed, sub-sections as before`] : []),
  ];
}
