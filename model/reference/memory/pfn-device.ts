// mirrors the checks a namespace in fsdax or devdax mode meets before devm_memremap_pages(): the seed's
// align and namespace writes (drivers/nvdimm/pfn_devs.c, claim.c) and nd_pfn_init()'s room for the info block, v6.1
import type { Outcome } from '../../outcome.ts';
import type { Geometry } from '../../geometry.ts';
import { defaultAlignment, supportedAlignments } from '../../namespace-mode.ts';
import type { PmemRange } from '../../step.ts';

const MIB = 2 ** 20;
/** The info block's reserve at the namespace start (nd_info_block_reserve(): 8 KiB). */
const INFO_BLOCK = 8 * 1024;
/** The struct page size the info block budgets for (MAX_STRUCT_PAGE_SIZE). */
const STRUCT_PAGE = 64;

/** The refusal of memremap_pages of this fsdax/devdax namespace, or undefined when libnvdimm lets it through. */
export function pfnDeviceRefusal(g: Geometry, ns: PmemRange): Outcome | undefined {
  const align = ns.align ?? defaultAlignment(g);
  // align_store(): an alignment not in nd_pfn_supported_alignments()
  if (!supportedAlignments(g).includes(align)) return '-EINVAL';
  // nd_namespace_store(), claim.c: "too small to host" below 16 MiB
  if (ns.size < 16 * MIB) return '-ENXIO';
  // nd_pfn_init(): the data must start past the info block and one struct page per page, at the alignment
  // (at least memremap_compat_align(), the sub-section size)
  const step = Math.max(align, g.pageSize * g.pagesPerSubsection);
  const pages = Math.floor((ns.size - INFO_BLOCK) / g.pageSize);
  const dataEnd = ns.start + INFO_BLOCK + STRUCT_PAGE * pages;
  const offset = Math.ceil(dataEnd / step) * step - ns.start;
  if (offset >= ns.size) return '-ENXIO';
  return undefined;
}
