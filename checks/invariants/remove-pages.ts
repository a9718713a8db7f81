/**
 * What `remove_pages` may do under sub-section hotplug: each chunk is removed
 * exactly when it is fully active in a valid section, and otherwise WARNs and
 * leaves its section as it was (mirrors the contract of section_deactivate(),
 * mm/sparse.c, v5.3).
 */
import type { Invariant } from '../invariant.ts';
import { bitSet, chunks, isSubset, sameSection, sectionMap, sectionOrEmpty } from '../section-view.ts';

export const subsectionRemove: Invariant = {
  name: 'subsection-remove',
  describe:
    'remove_pages clears a chunk only when it is fully active in a valid section, else WARNs and changes nothing there',
  appliesTo: (s) => s.profile.sparse.hotplug.value === 'subsection' && s.profile.sparse.removeInvalid.value === 'warn-skip',
  check({ setup, step, outcome, before, after }) {
    if (step.op !== 'remove_pages') return undefined;
    const g = setup.geometry;
    const mb = sectionMap(before);
    const ma = sectionMap(after);
    const unit = (setup.config.vmemmap ? g.pagesPerSubsection : g.pagesPerSection) * g.pageSize;
    const misaligned = step.start % unit !== 0 || step.size % unit !== 0;
    const cs = misaligned ? [] : chunks(g, step.start, step.size);
    const touched = new Set(cs.map((c) => c.section));
    for (const nr of new Set([...mb.keys(), ...ma.keys()])) {
      if (!touched.has(nr) && !sameSection(sectionOrEmpty(mb, nr), sectionOrEmpty(ma, nr))) {
        return `section ${nr} changed although the range does not remove from it`;
      }
    }
    let warned = misaligned;
    for (const c of cs) {
      const b = sectionOrEmpty(mb, c.section);
      const a = sectionOrEmpty(ma, c.section);
      const active = bitSet(b.subsectionMap);
      if (b.hasMemMap && b.usage !== 'none' && isSubset(c.subsections, active)) {
        const left = [...active].filter((x) => !c.subsections.has(x));
        const got = bitSet(a.subsectionMap);
        if (got.size !== left.length || !left.every((x) => got.has(x))) {
          return `section ${c.section}: a fully active chunk was not cleared exactly`;
        }
      } else {
        warned = true;
        if (!sameSection(b, a)) return `section ${c.section}: a chunk that is not fully active changed the section`;
      }
    }
    const want = warned ? 'WARN' : 'ok';
    return outcome === want ? undefined : `remove answered ${outcome} where ${want} was due`;
  },
};
