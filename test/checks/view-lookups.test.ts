/**
 * The look-ups the checks use instead of a map, a filter or a sort per call
 * (checks/zone-view.ts, checks/section-view.ts) answer what the map, the
 * filter or the sort answers, on lists in an implementation's order and on
 * lists out of order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdsRam, ramIn, runsOver, sectionAt } from '../../checks/zone-view.ts';
import type { MemmapRun, Observation, SectionObservation } from '../../model/observation.ts';
import { EMPTY_SECTION, heldSections } from '../../checks/section-view.ts';

const range = fc.tuple(fc.nat(200), fc.nat(60)).map(([start, size]) => ({ start, end: start + size }));

/** Ascending disjoint runs from generated gaps and lengths (a length of 0 makes an empty run). */
const runs = fc.array(fc.tuple(fc.nat(5), fc.nat(12), fc.constantFrom('uninit', 'Normal/0', 'Movable/1')), { maxLength: 12 }).map((xs) => {
  const out: MemmapRun[] = [];
  let p = 0;
  for (const [gap, size, state] of xs) {
    out.push({ startPfn: p + gap, endPfn: p + gap + size, state });
    p += gap + size;
  }
  return out;
});

const withMemmap = (memmap: readonly MemmapRun[]) => ({ memmap }) as unknown as Observation;
const withSections = (sections: readonly SectionObservation[]) => ({ sections }) as unknown as Observation;
const overlapping = (memmap: readonly MemmapRun[], r: { start: number; end: number }) =>
  memmap.filter((m) => Math.max(m.startPfn, r.start) < Math.min(m.endPfn, r.end));

describe('zone-view and section-view look-ups', () => {
  it('runsOver() is the overlapping runs in list order, runs in order or not', () => {
    fc.assert(
      fc.property(runs, range, fc.boolean(), (memmap, r, shuffle) => {
        const list = shuffle ? [...memmap].reverse() : memmap;
        expect(runsOver(withMemmap(list), r)).toEqual(overlapping(list, r));
      }),
      { numRuns: 300 },
    );
  });

  it('runsOver() on hand-made runs', () => {
    const memmap: MemmapRun[] = [
      { startPfn: 0, endPfn: 8, state: 'uninit' },
      { startPfn: 8, endPfn: 16, state: 'Normal/0' },
      { startPfn: 20, endPfn: 24, state: 'Movable/0' },
    ];
    expect(runsOver(withMemmap(memmap), { start: 7, end: 21 }).map((m) => m.startPfn)).toEqual([0, 8, 20]);
    expect(runsOver(withMemmap(memmap), { start: 16, end: 20 })).toEqual([]);
    expect(runsOver(withMemmap(memmap), { start: 23, end: 40 }).map((m) => m.startPfn)).toEqual([20]);
  });

  it('sectionAt() is the section a map by number gives, sections in order or not', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(40), { maxLength: 12 }), fc.nat(45), fc.boolean(), (nrs, nr, sorted) => {
        const list = (sorted ? [...nrs].sort((a, b) => a - b) : nrs).map((n) => ({ nr: n, ...EMPTY_SECTION }));
        expect(sectionAt(withSections(list), nr)).toBe(new Map(list.map((s) => [s.nr, s])).get(nr));
      }),
      { numRuns: 300 },
    );
  });

  it('holdsRam() is whether ramIn() finds a piece', () => {
    fc.assert(
      fc.property(fc.array(range, { maxLength: 5 }), range, (ram, r) => {
        expect(holdsRam(ram, r)).toBe(ramIn(ram, r).length > 0);
      }),
      { numRuns: 300 },
    );
  });

  it('heldSections() is the sorted union of both maps\' section numbers, each once', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(40), { maxLength: 12 }), fc.uniqueArray(fc.nat(40), { maxLength: 12 }), fc.boolean(), (a, b, sorted) => {
        const map = (nrs: number[]) => new Map((sorted ? [...nrs].sort((x, y) => x - y) : nrs).map((nr) => [nr, { nr, ...EMPTY_SECTION }]));
        expect(heldSections(map(a), map(b))).toEqual([...new Set([...a, ...b])].sort((x, y) => x - y));
      }),
      { numRuns: 300 },
    );
  });
});
