/**
 * The canonical observation, read straight off the table: only allocated
 * roots are walked and a pristine section is skipped after a few compares.
 */
import { formatMask, type Observation, type SectionObservation } from '../observation.ts';
import { bitmapAlloc, bitmapBits, bitmapEmpty, bitmapFull, type Bitmap } from './bitmap.ts';
import type { SparseContext } from './context.ts';
import { earlySection, onlineSection, pfnValidSubsections, presentSection, validSection } from './queries.ts';

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

/** The sparse layer's part of the observation. */
export function observeSparse(ctx: SparseContext): Pick<Observation, 'roots' | 'sections'> {
  const { table } = ctx;
  const fmt = maskFormatter(ctx.geometry.subsectionsPerSection);
  const sections: SectionObservation[] = [];
  for (const ms of table.liveSections()) {
    const usage = ms.usage;
    const pfnValidMap = bitmapAlloc(table.words);
    pfnValidSubsections(ctx, ms, pfnValidMap);
    sections.push({
      nr: ms.nr,
      nid: ms.nid,
      present: presentSection(ms),
      hasMemMap: validSection(ms),
      online: onlineSection(ms),
      early: earlySection(ms),
      usage: usage === undefined ? 'none' : usage.origin,
      subsectionMap: usage === undefined ? '0x0' : fmt(usage.subsectionMap),
      memmapBoot: fmt(ms.memmapBoot()),
      memmapHotplug: fmt(ms.memmapHotplug()),
      pfnValid: fmt(pfnValidMap),
    });
  }
  return { roots: table.visibleRoots(), sections };
}
