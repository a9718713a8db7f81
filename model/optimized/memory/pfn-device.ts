/**
 * The pfn device in front of memremap_pages() for a namespace in fsdax or
 * devdax mode (drivers/nvdimm/pfn_devs.c, claim.c, v6.1): the seed's align
 * and namespace writes, then nd_pfn_init()'s info block layout, in pages.
 */
import type { Outcome } from '../../outcome.ts';
import type { Geometry } from '../../geometry.ts';
import type { BugName } from '../../bugs.ts';
import { defaultAlignment, supportedAlignments } from '../../namespace-mode.ts';
import type { PmemRange } from '../../step.ts';
import { EINVAL, ENXIO, errToOutcome } from '../errno.ts';

const SZ_8K = 8192;
const SZ_16M = 16 << 20;
const MAX_STRUCT_PAGE_SIZE = 64;

const alignUp = (x: number, a: number): number => Math.ceil(x / a) * a;

// mirrors align_store() (nd_size_select_store()), nd_namespace_store() and nd_pfn_init(), v6.1
export function nvdimmSetupPfn(g: Geometry, bugs: ReadonlySet<BugName>, ns: PmemRange): Outcome | undefined {
  const align = ns.align ?? defaultAlignment(g);
  if (supportedAlignments(g).indexOf(align) < 0) return errToOutcome(EINVAL);
  if (ns.size < SZ_16M && !bugs.has('pfn-size-unchecked')) return errToOutcome(ENXIO);
  const compat = g.pagesPerSubsection * g.pageSize;
  const npfns = Math.floor((ns.size - SZ_8K) / g.pageSize);
  const offset = alignUp(ns.start + SZ_8K + MAX_STRUCT_PAGE_SIZE * npfns, align > compat ? align : compat) - ns.start;
  return offset >= ns.size ? errToOutcome(ENXIO) : undefined;
}
