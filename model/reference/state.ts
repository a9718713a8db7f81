/**
 * The reference model's state: one plain record per section, sets for every
 * bitmap, and nothing derived. Sections are created on first touch and never
 * deleted; observe() leaves out the ones that are back to the empty state.
 */
import type { Config } from '../config.ts';
import type { Geometry } from '../geometry.ts';
import type { UsageOrigin } from '../observation.ts';
import type { Errno } from '../outcome.ts';
import type { SparseRules } from '../profile.ts';
import type { AllocPoint } from '../step.ts';

export interface RefSection {
  present: boolean;
  hasMemMap: boolean;
  online: boolean;
  early: boolean;
  nid: number;
  usage: UsageOrigin;
  /** Active sub-section indices (usage->subsection_map). */
  subsectionMap: Set<number>;
  /** Sub-sections still backed by the boot memmap. */
  memmapBoot: Set<number>;
  /** Sub-sections whose memmap hotplug populated. */
  memmapHotplug: Set<number>;
}

/** The rule values of the profile, read once so the code below names them plainly. */
export interface RefRules {
  readonly hotplug: SparseRules['hotplug']['value'];
  readonly addLoop: SparseRules['addLoop']['value'];
  readonly addressCheck: SparseRules['addressCheck']['value'];
  readonly removeInvalid: SparseRules['removeInvalid']['value'];
}

export interface RefMachine {
  readonly geometry: Geometry;
  readonly config: Config;
  readonly rules: RefRules;
  readonly sections: Map<number, RefSection>;
  /** Allocated mem_section roots (SPARSEMEM_EXTREME only). */
  readonly roots: Set<number>;
  /** Armed one-shot faults: the errno the next allocation at that point fails with. */
  readonly faults: Map<AllocPoint, Errno>;
}

export function emptySection(): RefSection {
  return {
    present: false,
    hasMemMap: false,
    online: false,
    early: false,
    nid: -1,
    usage: 'none',
    subsectionMap: new Set(),
    memmapBoot: new Set(),
    memmapHotplug: new Set(),
  };
}

export function isEmptySection(s: RefSection): boolean {
  return (
    !s.present &&
    !s.hasMemMap &&
    !s.online &&
    !s.early &&
    s.nid === -1 &&
    s.usage === 'none' &&
    s.subsectionMap.size === 0 &&
    s.memmapBoot.size === 0 &&
    s.memmapHotplug.size === 0
  );
}

/** The section record, created empty on first use. */
export function sectionAt(m: RefMachine, nr: number): RefSection {
  let s = m.sections.get(nr);
  if (s === undefined) {
    s = emptySection();
    m.sections.set(nr, s);
  }
  return s;
}

/** Read-only look-up: undefined stands for the empty section. */
export function peekSection(m: RefMachine, nr: number): RefSection | undefined {
  return m.sections.get(nr);
}
