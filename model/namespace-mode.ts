/**
 * What a legacy-PMEM namespace's mode means to the model (`config pmem …
 * mode=fsdax|devdax [align=…]`, docs/oracle.md "Namespace modes"): the
 * facts both implementations share. Each implementation checks a
 * memremap_pages of such a namespace against libnvdimm's rules on its own
 * (model/reference/memory/pfn-device.ts, model/optimized/memory/pfn-device.ts).
 */
import type { Geometry } from './geometry.ts';
import type { PmemRange } from './step.ts';

/**
 * The alignments a pfn device's `align` accepts: the page size, the PMD and
 * the PUD huge-page sizes (nd_pfn_supported_alignments(),
 * drivers/nvdimm/pfn_devs.c, v5.10 .. v6.1; a page table page holds
 * pageSize / 8 entries).
 */
export function supportedAlignments(g: Geometry): readonly number[] {
  const perTable = g.pageSize / 8;
  return [g.pageSize, g.pageSize * perTable, g.pageSize * perTable * perTable];
}

/** The default `align` of a new pfn or dax seed: the PMD size (nd_pfn_default_alignment(), pfn_devs.c). */
export const defaultAlignment = (g: Geometry): number => (g.pageSize * g.pageSize) / 8;

/** The config pmem range memremap_pages names exactly, when it is in fsdax or devdax mode. */
export function pfnNamespace(pmem: readonly PmemRange[] | undefined, start: number, size: number): PmemRange | undefined {
  return (pmem ?? []).find((p) => p.start === start && p.size === size && (p.mode === 'fsdax' || p.mode === 'devdax'));
}

/**
 * Why the parser refuses a namespace mode on this range, or undefined. The
 * pfn device's start padding and end truncation (nd_pfn_init()) are not
 * modelled, so fsdax and devdax ranges lie on the sub-section grid (which is
 * memremap_compat_align() on x86_64: 2 MiB); `align=` belongs to those modes.
 */
export function namespaceModeProblem(g: Geometry, p: PmemRange): string | undefined {
  const shown = `config pmem 0x${p.start.toString(16)} 0x${p.size.toString(16)}`;
  if (p.mode !== 'fsdax' && p.mode !== 'devdax') {
    return p.align === undefined ? undefined : `${shown}: align= is a pfn device's; it needs mode=fsdax or mode=devdax`;
  }
  const grid = g.pageSize * g.pagesPerSubsection;
  if (p.start % grid !== 0 || p.size % grid !== 0) {
    return `${shown} mode=${p.mode}: must lie on the ${grid / 2 ** 20} MiB sub-section grid (the pfn device's start padding and end truncation are not modelled)`;
  }
  return undefined;
}
