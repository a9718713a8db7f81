/**
 * What an `add_pages` may do to the sub-section maps under sub-section
 * hotplug (v5.3 on; docs/sparse-layer.md): a collision is never a success, and the
 * result is always "a prefix of the chunks added, the rest untouched".
 *
 * Both checks read only the sections the observations hold: a chunk of a
 * section neither observation holds is empty before and after, so it
 * collides with nothing, is unchanged, and is not added. That keeps a range
 * of 2^25 sections as cheap as the machine is small.
 */
import type { SectionObservation } from '../../model/observation.ts';
import type { Invariant } from '../invariant.ts';
import {
  bitSet,
  chunkCount,
  chunkSubsections,
  heldSections,
  inRange,
  intersects,
  isSubset,
  sameSection,
  sectionMap,
  sectionOrEmpty,
  sectionRange,
} from '../section-view.ts';
import { isSubsectionProfile } from './profile-facts.ts';

export const subsectionCollision: Invariant = {
  name: 'subsection-collision',
  describe: 'an add overlapping an active sub-section never succeeds, and -EEXIST only answers a real overlap',
  appliesTo: isSubsectionProfile,
  ops: ['add_pages'],
  check({ setup, step, outcome, before }) {
    if (step.op !== 'add_pages') return undefined;
    const g = setup.geometry;
    const r = sectionRange(g, step.start, step.size);
    // before.sections is ascending, so this is the first overlapping chunk of the range
    const overlapping = before.sections.find(
      (s) => inRange(r, s.nr) && intersects(chunkSubsections(g, r, s.nr), bitSet(s.subsectionMap)),
    );
    if (overlapping !== undefined && outcome === 'ok') {
      return `range overlaps active sub-sections of section ${overlapping.nr} but the add answered ok`;
    }
    if (overlapping === undefined && outcome === '-EEXIST') {
      return 'answered -EEXIST although no sub-section of the range was active';
    }
    return undefined;
  },
};

export const addPrefix: Invariant = {
  name: 'add-prefix',
  describe:
    'after add_pages the first k chunks are active and the rest unchanged, k = all on success and k < all on failure',
  appliesTo: isSubsectionProfile,
  ops: ['add_pages'],
  check({ setup, step, outcome, before, after }) {
    if (step.op !== 'add_pages') return undefined;
    const g = setup.geometry;
    const mb = sectionMap(before);
    const ma = sectionMap(after);
    const r = sectionRange(g, step.start, step.size);
    const held = heldSections(mb, ma);
    for (const nr of held) {
      if (!inRange(r, nr) && !sameSection(sectionOrEmpty(mb, nr), sectionOrEmpty(ma, nr))) {
        return `section ${nr} changed although the range does not touch it`;
      }
    }
    // the map after is exactly the map before with the chunk's sub-sections set
    const isAdded = (nr: number, b: SectionObservation, a: SectionObservation): boolean => {
      if (!a.present || !a.hasMemMap || a.nid !== step.nid) return false;
      const had = bitSet(b.subsectionMap);
      const got = bitSet(a.subsectionMap);
      let size = had.size;
      for (const x of chunkSubsections(g, r, nr)) {
        if (!got.has(x)) return false;
        if (!had.has(x)) size++;
      }
      return size === got.size && isSubset(had, got);
    };
    const n = chunkCount(r);
    // k may be any number with every chunk below k added and every chunk from k on unchanged:
    // added chunks form a prefix of length `addedPrefix`, changed ones end before `unchangedFrom`.
    let addedPrefix = 0;
    while (addedPrefix < n) {
      const nr = r.first + addedPrefix;
      const a = ma.get(nr);
      if (a === undefined || !isAdded(nr, sectionOrEmpty(mb, nr), a)) break;
      addedPrefix++;
    }
    let unchangedFrom = 0;
    for (const nr of held) {
      if (inRange(r, nr) && !sameSection(sectionOrEmpty(mb, nr), sectionOrEmpty(ma, nr))) unchangedFrom = nr - r.first + 1;
    }
    if (n === 0) return undefined;
    if (outcome === 'ok') return addedPrefix === n ? undefined : 'add answered ok but not every chunk of the range is active';
    // a failure added fewer than all chunks: some k < n fits
    if (unchangedFrom <= Math.min(addedPrefix, n - 1)) return undefined;
    return `add answered ${outcome} but its chunks are not "some added, then the rest unchanged"`;
  },
};
