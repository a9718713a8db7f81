/**
 * What an `add_pages` may do to the sub-section maps under sub-section
 * hotplug (semantics.md §3 "(d)+"): a collision is never a success, and the
 * result is always "a prefix of the chunks added, the rest untouched".
 */
import type { Invariant } from '../invariant.ts';
import { bitSet, chunks, intersects, sameSection, sectionMap, sectionOrEmpty } from '../section-view.ts';
import { isSubsectionProfile } from './profile-facts.ts';

export const subsectionCollision: Invariant = {
  name: 'subsection-collision',
  describe: 'an add overlapping an active sub-section never succeeds, and -EEXIST only answers a real overlap',
  appliesTo: isSubsectionProfile,
  check({ setup, step, outcome, before }) {
    if (step.op !== 'add_pages') return undefined;
    const m = sectionMap(before);
    const overlapping = chunks(setup.geometry, step.start, step.size).find((c) =>
      intersects(c.subsections, bitSet(sectionOrEmpty(m, c.section).subsectionMap)),
    );
    if (overlapping !== undefined && outcome === 'ok') {
      return `range overlaps active sub-sections of section ${overlapping.section} but the add answered ok`;
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
  check({ setup, step, outcome, before, after }) {
    if (step.op !== 'add_pages') return undefined;
    const mb = sectionMap(before);
    const ma = sectionMap(after);
    const cs = chunks(setup.geometry, step.start, step.size);
    const touched = new Set(cs.map((c) => c.section));
    for (const nr of new Set([...mb.keys(), ...ma.keys()])) {
      if (!touched.has(nr) && !sameSection(sectionOrEmpty(mb, nr), sectionOrEmpty(ma, nr))) {
        return `section ${nr} changed although the range does not touch it`;
      }
    }
    const added = cs.map((c) => {
      const b = sectionOrEmpty(mb, c.section);
      const a = sectionOrEmpty(ma, c.section);
      const want = new Set([...bitSet(b.subsectionMap), ...c.subsections]);
      const got = bitSet(a.subsectionMap);
      return a.present && a.hasMemMap && a.nid === step.nid && want.size === got.size && [...want].every((x) => got.has(x));
    });
    const unchanged = cs.map((c) => sameSection(sectionOrEmpty(mb, c.section), sectionOrEmpty(ma, c.section)));
    const failed = outcome !== 'ok';
    for (let k = failed ? cs.length - 1 : cs.length; k >= 0 && k <= cs.length; k--) {
      if (added.slice(0, k).every(Boolean) && unchanged.slice(k).every(Boolean)) return undefined;
      if (!failed) break;
    }
    if (cs.length === 0) return undefined;
    return failed
      ? `add answered ${outcome} but its chunks are not "some added, then the rest unchanged"`
      : 'add answered ok but not every chunk of the range is active';
  },
};
