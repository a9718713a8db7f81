/**
 * The canonical observation, read straight off the table: only allocated
 * roots are walked and a pristine section is skipped after a few compares.
 */
import { formatMask, type Observation, type SectionObservation } from '../observation.ts';
import { bitmapAlloc, bitmapBits, bitmapEmpty, bitmapFull, type Bitmap } from './bitmap.ts';
import type { SparseContext } from './context.ts';
import { earlySection, onlineSection, pfnValidSubsections, presentSection, validSection } from './queries.ts';

/** formatMask() of a bitmap; the full mask recurs on every boot section, so it is formatted once. */
function maskFormatter(nbits: number): (map: Bitmap) => string {
  const full = formatMask(Array.from({ length: nbits }, (_, i) => i));
  return (map) => {
    if (bitmapEmpty(map)) return '0x0';
    if (bitmapFull(map, nbits)) return full;
    return formatMask(bitmapBits(map));
  };
}

/** The sparse layer's part of the observation. */
export function observeSparse(ctx: SparseContext): Pick<Observation, 'roots' | 'sections'> {
  const { table } = ctx;
  const fmt = maskFormatter(ctx.geometry.subsectionsPerSection);
  const sections: SectionObservation[] = [];
  for (const { firstSection } of table.allocatedRoots()) {
    for (let nr = firstSection; nr < firstSection + table.sectionsPerRoot; nr++) {
      const ms = table.nrToSection(nr);
      if (ms === undefined || ms.isPristine()) continue;
      const usage = ms.usage;
      const pfnValidMap = bitmapAlloc(table.words);
      pfnValidSubsections(ctx, ms, pfnValidMap);
      sections.push({
        nr,
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
  }
  return { roots: table.visibleRoots(), sections };
}
