/** Which sub-sections a pfn range inside one section covers. */
import { bitmapSet, type Bitmap } from './bitmap.ts';
import type { SparseContext } from '../context.ts';
import { subsectionMapIndex } from './pfn.ts';

// mirrors subsection_mask_set(), mm/sparse.c, v5.3
export function subsectionMaskSet(ctx: SparseContext, map: Bitmap, pfn: number, nrPages: number): void {
  // the C form computes index(pfn - 1) here, which for nr = 0 comes out one below idx: an empty set
  if (nrPages === 0) return;
  const idx = subsectionMapIndex(ctx.geometry, pfn);
  const end = subsectionMapIndex(ctx.geometry, pfn + nrPages - 1);
  const len = end - idx + 1;
  bitmapSet(map, idx, ctx.bugs.has('mask-last-subsection') && len > 1 ? len - 1 : len);
}
