/**
 * The state a user can see, in one canonical form that every implementation
 * (reference, optimized, and later the real kernel) produces from its own
 * structures. Two observations are equal exactly when their canonical JSON
 * texts are equal.
 *
 * Later layers (memory blocks, zones, nodes) join as further top-level fields.
 */

/** Where a section's `mem_section_usage` came from: kept across removal only when boot-allocated. */
export type UsageOrigin = 'none' | 'boot' | 'hotplug';

export interface SectionObservation {
  /** Section number (pfn >> PFN_SECTION_SHIFT). */
  readonly nr: number;
  /** Node of the section while present, else -1 (NUMA_NO_NODE). */
  readonly nid: number;
  /** SECTION_MARKED_PRESENT. */
  readonly present: boolean;
  /** SECTION_HAS_MEM_MAP: what valid_section() answers. */
  readonly hasMemMap: boolean;
  /** SECTION_IS_ONLINE. */
  readonly online: boolean;
  /** SECTION_IS_EARLY: created from boot memory and not fully removed since. */
  readonly early: boolean;
  readonly usage: UsageOrigin;
  /** usage->subsection_map as a hex bitmap (bit i = subsection i of the section). */
  readonly subsectionMap: string;
  /** Subsections still backed by the boot-allocated memmap. */
  readonly memmapBoot: string;
  /** Subsections whose memmap was populated by hotplug (vmemmap or kmalloc'd). */
  readonly memmapHotplug: string;
  /** Subsections whose first pfn answers pfn_valid(). */
  readonly pfnValid: string;
}

export interface Observation {
  /** Indices of allocated mem_section roots (SPARSEMEM_EXTREME), ascending. */
  readonly roots: readonly number[];
  /** Every section with any non-default field, ascending by nr. */
  readonly sections: readonly SectionObservation[];
}

/**
 * Formats a bitmap given its set bit indices in ascending order, as the
 * kernel's "%*pb" would print it (hex, most significant nibble first).
 */
export function formatMask(setBits: readonly number[]): string {
  if (setBits.length === 0) return '0x0';
  const top = setBits[setBits.length - 1] ?? 0;
  const nibbles = new Array<number>(Math.floor(top / 4) + 1).fill(0);
  for (const b of setBits) {
    const i = Math.floor(b / 4);
    nibbles[i] = (nibbles[i] ?? 0) | (1 << (b % 4));
  }
  let s = '';
  for (let i = nibbles.length - 1; i >= 0; i--) s += (nibbles[i] ?? 0).toString(16);
  return `0x${s}`;
}

/** Parses a formatMask() string back into set bit indices (for checks and reports). */
export function maskBits(mask: string): number[] {
  const hex = mask.slice(2);
  const bits: number[] = [];
  for (let i = 0; i < hex.length; i++) {
    const nibble = Number.parseInt(hex[hex.length - 1 - i] ?? '0', 16);
    for (let b = 0; b < 4; b++) if (nibble & (1 << b)) bits.push(i * 4 + b);
  }
  return bits;
}

const SECTION_FIELDS: ReadonlyArray<keyof SectionObservation> = [
  'nr',
  'nid',
  'present',
  'hasMemMap',
  'online',
  'early',
  'usage',
  'subsectionMap',
  'memmapBoot',
  'memmapHotplug',
  'pfnValid',
];

/** Canonical text: fixed key order, sections sorted; equal states give equal strings. */
export function canonicalObservation(o: Observation): string {
  const roots = [...o.roots].sort((a, b) => a - b);
  const sections = [...o.sections]
    .sort((a, b) => a.nr - b.nr)
    .map((s) => Object.fromEntries(SECTION_FIELDS.map((k) => [k, s[k]])));
  return JSON.stringify({ roots, sections });
}

export function observationsEqual(a: Observation, b: Observation): boolean {
  return canonicalObservation(a) === canonicalObservation(b);
}

/** The first field where two observations differ, named for a person to read. */
export interface ObservationDifference {
  readonly where: string;
  readonly left: string;
  readonly right: string;
}

export function firstDifference(a: Observation, b: Observation): ObservationDifference | undefined {
  const ra = JSON.stringify([...a.roots].sort((x, y) => x - y));
  const rb = JSON.stringify([...b.roots].sort((x, y) => x - y));
  if (ra !== rb) return { where: 'mem_section roots', left: ra, right: rb };
  const byNr = (o: Observation): Map<number, SectionObservation> => new Map(o.sections.map((s) => [s.nr, s]));
  const ma = byNr(a);
  const mb = byNr(b);
  const nrs = [...new Set([...ma.keys(), ...mb.keys()])].sort((x, y) => x - y);
  for (const nr of nrs) {
    const sa = ma.get(nr);
    const sb = mb.get(nr);
    if (sa === undefined || sb === undefined) {
      return { where: `section ${nr}`, left: sa ? 'populated' : 'absent', right: sb ? 'populated' : 'absent' };
    }
    for (const k of SECTION_FIELDS) {
      if (sa[k] !== sb[k]) return { where: `section ${nr} ${k}`, left: String(sa[k]), right: String(sb[k]) };
    }
  }
  return undefined;
}
