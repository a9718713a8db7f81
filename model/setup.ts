/**
 * Validation of a machine setup before any implementation sees it. This is
 * input checking (what a firmware memory map could never describe), not
 * kernel semantics, so both implementations can assume a valid setup.
 */
import { beyondCapacity, maxHeldSections } from './capacity.ts';
import type { Geometry } from './geometry.ts';
import type { BootRange, PmemRange } from './step.ts';

/** MAX_NUMNODES with NODES_SHIFT = 10 (x86_64 distribution kernels). */
export const MAX_NUMNODES = 1024;

/** Why a set of boot ranges is impossible (index of the offending range and a sentence), or undefined. */
export function bootProblem(g: Geometry, boot: readonly BootRange[]): { index: number; message: string } | undefined {
  const limit = 2 ** g.maxPhysmemBits;
  const sectionBytes = g.pagesPerSection * g.pageSize;
  const sorted = boot.map((r, index) => ({ r, index })).sort((a, b) => a.r.start - b.r.start);
  let prev: BootRange | undefined;
  for (const { r, index } of sorted) {
    if (r.size <= 0) return { index, message: 'boot range size must be greater than 0' };
    if (r.start % g.pageSize !== 0 || r.size % g.pageSize !== 0) {
      return { index, message: `boot range must be aligned to the page size (${g.pageSize} bytes)` };
    }
    if (r.start + r.size > limit) {
      return { index, message: `boot range ends beyond MAX_PHYSMEM_BITS (2^${g.maxPhysmemBits})` };
    }
    if (r.nid < 0 || r.nid >= MAX_NUMNODES) return { index, message: `node must be below ${MAX_NUMNODES}` };
    if (prev !== undefined) {
      if (r.start < prev.start + prev.size) return { index, message: 'boot ranges overlap' };
      // Sorted and disjoint: only the previous range's last section can be this one's first.
      const shared = Math.floor(r.start / sectionBytes);
      if (shared === Math.floor((prev.start + prev.size - 1) / sectionBytes) && prev.nid !== r.nid) {
        return { index, message: `section ${shared} would hold boot memory of nodes ${prev.nid} and ${r.nid}` };
      }
    }
    prev = r;
  }
  const sections = bootSections(g, sorted.map((x) => x.r));
  if (sections > maxHeldSections(g)) {
    return { index: sorted.at(-1)?.index ?? 0, message: beyondCapacity('boot memory', sections, maxHeldSections(g)).message };
  }
  return undefined;
}

/** Sections the boot ranges (sorted, disjoint) touch, a section shared by two ranges once. */
function bootSections(g: Geometry, sorted: readonly BootRange[]): number {
  const sectionBytes = g.pagesPerSection * g.pageSize;
  let count = 0;
  let lastSection = -1;
  for (const r of sorted) {
    const first = Math.floor(r.start / sectionBytes);
    const last = Math.floor((r.start + r.size - 1) / sectionBytes);
    count += last - first + 1 - (first === lastSection ? 1 : 0);
    lastSection = last;
  }
  return count;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * Why a set of legacy PMEM ranges cannot sit beside these boot ranges (index
 * of the offending range and a sentence), or undefined. A PMEM range is an
 * e820 type-12 entry, not RAM: it may be carved out of what would be RAM
 * (the boot lines then leave it out), never lie on boot memory.
 */
export function pmemProblem(
  g: Geometry,
  boot: readonly BootRange[],
  pmem: readonly PmemRange[],
): { index: number; message: string } | undefined {
  const limit = 2 ** g.maxPhysmemBits;
  for (const [index, p] of pmem.entries()) {
    const shown = `config pmem ${hex(p.start)} ${hex(p.size)}`;
    if (p.size <= 0) return { index, message: `${shown}: size must be greater than 0` };
    if (p.start % g.pageSize !== 0 || p.size % g.pageSize !== 0) {
      return { index, message: `${shown}: must be aligned to the page size (${g.pageSize} bytes)` };
    }
    if (p.start + p.size > limit) return { index, message: `${shown}: ends beyond MAX_PHYSMEM_BITS (2^${g.maxPhysmemBits})` };
    const ram = boot.find((b) => b.start < p.start + p.size && p.start < b.start + b.size);
    if (ram !== undefined) {
      return {
        index,
        message: `${shown} overlaps boot memory ${hex(ram.start)} ${hex(ram.size)}: a PMEM range is not RAM; leave it out of the boot lines to carve it out`,
      };
    }
    const other = pmem.find((q, j) => j < index && q.start < p.start + p.size && p.start < q.start + q.size);
    if (other !== undefined) return { index, message: `${shown} overlaps config pmem ${hex(other.start)} ${hex(other.size)}` };
  }
  return undefined;
}
