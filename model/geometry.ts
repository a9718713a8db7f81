/**
 * Architecture geometry: every size the model uses is derived from these few
 * parameters, so nothing is hard-coded to x86_64.
 *
 * Shifts are log2 of byte sizes, as the kernel spells them (PAGE_SHIFT,
 * SECTION_SIZE_BITS, SUBSECTION_SHIFT, MAX_PHYSMEM_BITS).
 */
export interface GeometryParams {
  /** Preset name, or "custom" for an explicit `page=… section=…` line. */
  readonly name: string;
  readonly pageShift: number;
  /** SECTION_SIZE_BITS. */
  readonly sectionShift: number;
  /** SUBSECTION_SHIFT: 2 MiB on every architecture since v5.3. */
  readonly subsectionShift: number;
  /** log2(memory_block_size_bytes()). */
  readonly blockShift: number;
  /** MAX_PHYSMEM_BITS: addresses at or above 2^bits are not addressable. */
  readonly maxPhysmemBits: number;
  /** sizeof(struct mem_section): sets SECTIONS_PER_ROOT with SPARSEMEM_EXTREME. */
  readonly memSectionBytes: number;
  /** sizeof(struct page): memmap sizes (memmap_on_memory arithmetic). */
  readonly structPageBytes: number;
  /**
   * log2 of the first address above ZONE_DMA and ZONE_DMA32 at boot; absent
   * when the architecture has no such zone (boot memory above goes to Normal).
   */
  readonly dmaLimitShift?: number;
  readonly dma32LimitShift?: number;
}

/** GeometryParams plus the quantities the kernel derives from them. */
export interface Geometry extends GeometryParams {
  readonly pageSize: number;
  readonly pagesPerSection: number;
  readonly pagesPerSubsection: number;
  readonly subsectionsPerSection: number;
  readonly pagesPerBlock: number;
  readonly sectionsPerBlock: number;
  /** SECTIONS_PER_ROOT = PAGE_SIZE / sizeof(struct mem_section) (CONFIG_SPARSEMEM_EXTREME). */
  readonly sectionsPerRoot: number;
  /** NR_MEM_SECTIONS = 2^(MAX_PHYSMEM_BITS - SECTION_SIZE_BITS). */
  readonly nrMemSections: number;
  /** NR_SECTION_ROOTS. */
  readonly nrSectionRoots: number;
  /** First pfn that is not addressable: 2^(MAX_PHYSMEM_BITS - PAGE_SHIFT). */
  readonly maxPfn: number;
}

/** Named presets. Values marked [I] in docs/geometry.md were not re-verified in source. */
export const GEOMETRY_PRESETS: Readonly<Record<string, GeometryParams>> = {
  x86_64: {
    name: 'x86_64',
    pageShift: 12,
    sectionShift: 27,
    subsectionShift: 21,
    blockShift: 27,
    maxPhysmemBits: 46,
    memSectionBytes: 16,
    structPageBytes: 64,
    dmaLimitShift: 24,
    dma32LimitShift: 32,
  },
  ppc64: {
    name: 'ppc64',
    pageShift: 16,
    sectionShift: 24,
    subsectionShift: 21,
    blockShift: 28,
    maxPhysmemBits: 51,
    memSectionBytes: 16,
    structPageBytes: 64,
  },
  'arm64-64k': {
    name: 'arm64-64k',
    pageShift: 16,
    sectionShift: 29,
    subsectionShift: 21,
    blockShift: 29,
    maxPhysmemBits: 52,
    memSectionBytes: 16,
    structPageBytes: 64,
  },
  s390: {
    name: 's390',
    pageShift: 12,
    sectionShift: 28,
    subsectionShift: 21,
    blockShift: 28,
    maxPhysmemBits: 46,
    memSectionBytes: 16,
    structPageBytes: 64,
    dmaLimitShift: 31,
  },
};

export const DEFAULT_GEOMETRY = 'x86_64';

/** Why a geometry is unusable, or undefined when it is fine. */
export function geometryProblem(p: GeometryParams): string | undefined {
  const ints: Array<[string, number]> = [
    ['page', p.pageShift],
    ['section', p.sectionShift],
    ['subsection', p.subsectionShift],
    ['block', p.blockShift],
    ['physbits', p.maxPhysmemBits],
  ];
  for (const [what, v] of ints) {
    if (!Number.isInteger(v) || v < 0) return `${what} size must be a power of two`;
  }
  if (p.pageShift < 12 || p.pageShift > 18) return 'page size must be between 4K and 256K';
  if (p.subsectionShift < p.pageShift) return 'subsection must be at least one page';
  if (p.sectionShift < p.subsectionShift) return 'section must be at least one subsection';
  // The subsection bitmap is kept in 32-bit words; 2^12 subsections per section is far past any arch.
  if (p.sectionShift - p.subsectionShift > 12) return 'at most 4096 subsections per section are supported';
  if (p.blockShift < p.sectionShift) return 'memory block must be at least one section';
  // Every block operation (online, offline, valid_zones, the observation) walks the block's sub-sections.
  if (p.blockShift - p.subsectionShift > 12) return 'a memory block of more than 4096 subsections is more than the model holds (docs/performance.md)';
  if (p.maxPhysmemBits > 52) return 'physbits above 52 are not supported (addresses must stay exact in a double)';
  if (p.maxPhysmemBits <= p.blockShift) return 'physbits must exceed the memory block size';
  if (p.maxPhysmemBits - p.sectionShift > 32) return 'more than 2^32 sections are not supported';
  return undefined;
}

/** Derives the kernel's quantities; call geometryProblem() first on untrusted input. */
export function deriveGeometry(p: GeometryParams): Geometry {
  const problem = geometryProblem(p);
  if (problem !== undefined) throw new RangeError(`bad geometry: ${problem}`);
  const pageSize = 2 ** p.pageShift;
  const nrMemSections = 2 ** (p.maxPhysmemBits - p.sectionShift);
  const sectionsPerRoot = Math.max(1, Math.floor(pageSize / p.memSectionBytes));
  return {
    ...p,
    pageSize,
    pagesPerSection: 2 ** (p.sectionShift - p.pageShift),
    pagesPerSubsection: 2 ** (p.subsectionShift - p.pageShift),
    subsectionsPerSection: 2 ** (p.sectionShift - p.subsectionShift),
    pagesPerBlock: 2 ** (p.blockShift - p.pageShift),
    sectionsPerBlock: 2 ** (p.blockShift - p.sectionShift),
    sectionsPerRoot,
    nrMemSections,
    nrSectionRoots: Math.ceil(nrMemSections / sectionsPerRoot),
    maxPfn: 2 ** (p.maxPhysmemBits - p.pageShift),
  };
}

export function presetGeometry(name: string): Geometry | undefined {
  const p = GEOMETRY_PRESETS[name];
  return p === undefined ? undefined : deriveGeometry(p);
}

/** The canonical scenario spelling of a geometry: its preset name, or the explicit form. */
export function geometrySpelling(g: GeometryParams): string {
  const preset = GEOMETRY_PRESETS[g.name];
  if (preset !== undefined && sameParams(preset, g)) return g.name;
  return `page=${sizeWord(g.pageShift)} section=${sizeWord(g.sectionShift)} subsection=${sizeWord(
    g.subsectionShift,
  )} block=${sizeWord(g.blockShift)} physbits=${g.maxPhysmemBits}`;
}

function sameParams(a: GeometryParams, b: GeometryParams): boolean {
  return (
    a.pageShift === b.pageShift &&
    a.sectionShift === b.sectionShift &&
    a.subsectionShift === b.subsectionShift &&
    a.blockShift === b.blockShift &&
    a.maxPhysmemBits === b.maxPhysmemBits &&
    a.memSectionBytes === b.memSectionBytes &&
    a.structPageBytes === b.structPageBytes &&
    a.dmaLimitShift === b.dmaLimitShift &&
    a.dma32LimitShift === b.dma32LimitShift
  );
}

function sizeWord(shift: number): string {
  const units = ['', 'K', 'M', 'G', 'T', 'P'];
  const unit = Math.min(Math.floor(shift / 10), units.length - 1);
  return `${2 ** (shift - unit * 10)}${units[unit] ?? ''}`;
}
