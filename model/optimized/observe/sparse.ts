/**
 * The canonical observation, read straight off the table: only allocated
 * roots are walked and a pristine section is skipped after a few compares.
 */
import { formatMask, type Observation, type SectionObservation } from '../../observation.ts';
import { bitmapAlloc, bitmapBits, bitmapEmpty, bitmapFull, type Bitmap } from '../sparse/bitmap.ts';
import type { SparseContext } from '../context.ts';
import type { MemSection } from '../sparse/mem-section.ts';
import { earlySection, onlineSection, pfnValidSubsections, presentSection, validSection } from '../sparse/queries.ts';

/** formatMask() of a bitmap; the full mask recurs on every boot section, so it is formatted once. */
const fullMasks = new Map<number, string>();

function maskFormatter(nbits: number): (map: Bitmap) => string {
  let full = fullMasks.get(nbits);
  if (full === undefined) {
    full = formatMask(Array.from({ length: nbits }, (_, i) => i));
    fullMasks.set(nbits, full);
  }
  const text = full;
  return (map) => {
    if (bitmapEmpty(map)) return '0x0';
    if (bitmapFull(map, nbits)) return text;
    return formatMask(bitmapBits(map));
  };
}

function observeSection(ctx: SparseContext, ms: MemSection, fmt: (map: Bitmap) => string): SectionObservation {
  const usage = ms.usage;
  const pfnValidMap = bitmapAlloc(ctx.table.words);
  pfnValidSubsections(ctx, ms, pfnValidMap);
  return {
    nr: ms.nr,
    nid: ms.nid,
    present: presentSection(ms),
    hasMemMap: validSection(ms),
    online: onlineSection(ms),
    early: earlySection(ms),
    usage: usage === undefined ? 'none' : usage.origin,
    subsectionMap: usage === undefined ? '0x0' : fmt(usage.subsectionMap),
    memmapBoot: fmt(ms.peekMemmapBoot()),
    memmapHotplug: fmt(ms.peekMemmapHotplug()),
    pfnValid: fmt(pfnValidMap),
  };
}

/** The sparse layer's part of the observation. */
export function observeSparse(ctx: SparseContext): Pick<Observation, 'roots' | 'sections'> {
  const fmt = maskFormatter(ctx.geometry.subsectionsPerSection);
  const sections: SectionObservation[] = [];
  for (const ms of ctx.table.liveSections()) sections.push(observeSection(ctx, ms, fmt));
  return { roots: ctx.table.visibleRoots(), sections };
}

/** One section's record; undefined when its slot is pristine (not listed). */
export function observeOneSection(ctx: SparseContext, nr: number): SectionObservation | undefined {
  const ms = ctx.table.nrToSection(nr);
  if (ms === undefined || ms.pristine()) return undefined;
  return observeSection(ctx, ms, maskFormatter(ctx.geometry.subsectionsPerSection));
}
