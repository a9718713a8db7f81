/**
 * What `remove_pages` may do under sub-section hotplug: each chunk is removed
 * exactly when it is fully active in a valid section, and otherwise WARNs and
 * leaves its section as it was (mirrors the contract of section_deactivate(),
 * mm/sparse.c, v5.3).
 *
 * Only the sections the observations hold are read: a chunk of a section
 * neither holds is not valid, so it WARNs and stays empty.
 */
import type { Invariant } from '../invariant.ts';
import {
  bitSet,
  chunkCount,
  chunkSubsections,
  heldSections,
  inRange,
  isSubset,
  sameSection,
  sectionMap,
  sectionOrEmpty,
  sectionRange,
} from '../section-view.ts';

export const subsectionRemove: Invariant = {
  name: 'subsection-remove',
  describe:
    'remove_pages clears a chunk only when it is fully active in a valid section, else WARNs and changes nothing there',
  appliesTo: (s) => s.profile.sparse.hotplug.value === 'subsection' && s.profile.sparse.removeInvalid.value === 'warn-skip',
  ops: ['remove_pages'],
  check({ setup, step, outcome, before, after }) {
    if (step.op !== 'remove_pages') return undefined;
    const g = setup.geometry;
    const mb = sectionMap(before);
    const ma = sectionMap(after);
    const unit = (setup.config.vmemmap ? g.pagesPerSubsection : g.pagesPerSection) * g.pageSize;
    const misaligned = step.start % unit !== 0 || step.size % unit !== 0;
    // a misaligned range is refused whole: it has no chunks
    const r = misaligned ? sectionRange(g, step.start, 0) : sectionRange(g, step.start, step.size);
    const held = heldSections(mb, ma);
    for (const nr of held) {
      if (!inRange(r, nr) && !sameSection(sectionOrEmpty(mb, nr), sectionOrEmpty(ma, nr))) {
        return `section ${nr} changed although the range does not remove from it`;
      }
    }
    // a chunk of a section the machine did not hold before WARNs
    let warned = misaligned || held.filter((nr) => inRange(r, nr) && mb.has(nr)).length < chunkCount(r);
    for (const nr of held) {
      if (!inRange(r, nr)) continue;
      const b = sectionOrEmpty(mb, nr);
      const a = sectionOrEmpty(ma, nr);
      const mask = chunkSubsections(g, r, nr);
      const active = bitSet(b.subsectionMap);
      if (b.hasMemMap && b.usage !== 'none' && isSubset(mask, active)) {
        const left = [...active].filter((x) => !mask.has(x));
        const got = bitSet(a.subsectionMap);
        if (got.size !== left.length || !left.every((x) => got.has(x))) {
          return `section ${nr}: a fully active chunk was not cleared exactly`;
        }
      } else {
        warned = true;
        if (!sameSection(b, a)) return `section ${nr}: a chunk that is not fully active changed the section`;
      }
    }
    const want = warned ? 'WARN' : 'ok';
    return outcome === want ? undefined : `remove answered ${outcome} where ${want} was due`;
  },
};
