/**
 * The walks of the optimized mem_section table over its allocated roots
 * (model/optimized/sparse/mem-section.ts): the jumps over missing roots that
 * the section walks of add/remove and span shrinking take, the count of held
 * sections that bounds s390 standby memory, and the sections written since an
 * observation. Expected values are worked out by hand from the root layout
 * (x86_64: 256 sections per root).
 */
import { describe, expect, it } from 'vitest';
import { presetGeometry } from '../../../../model/geometry.ts';
import { MemSectionTable, SECTION_HAS_MEM_MAP, SECTION_MARKED_PRESENT } from '../../../../model/optimized/sparse/mem-section.ts';

const g = presetGeometry('x86_64')!;
const N = g.sectionsPerRoot;

/** A table with roots 2, 5 and 6 allocated, and nothing written. */
function table(): MemSectionTable {
  const t = new MemSectionTable(g, true);
  for (const root of [6, 2, 5]) t.allocRoot(root * N + 7);
  t.clearDirty();
  return t;
}

describe('optimized mem_section table: walks over allocated roots', () => {
  it('has 256 sections per root on x86_64 (what the figures below assume)', () => {
    expect(N).toBe(256);
  });

  it('nextRootedSection: the section itself under an allocated root, else the first section of the next allocated root, else Infinity', () => {
    const t = table();
    expect(t.nextRootedSection(0)).toBe(2 * N);
    expect(t.nextRootedSection(2 * N)).toBe(2 * N);
    expect(t.nextRootedSection(2 * N + 255)).toBe(2 * N + 255);
    expect(t.nextRootedSection(3 * N)).toBe(5 * N);
    expect(t.nextRootedSection(4 * N + 255)).toBe(5 * N);
    expect(t.nextRootedSection(5 * N + 3)).toBe(5 * N + 3);
    expect(t.nextRootedSection(6 * N + 200)).toBe(6 * N + 200);
    expect(t.nextRootedSection(7 * N)).toBe(Number.POSITIVE_INFINITY);
    expect(new MemSectionTable(g, true).nextRootedSection(0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('prevRootedSection: the section itself under an allocated root, else the last section of the allocated root before, else -1', () => {
    const t = table();
    expect(t.prevRootedSection(0)).toBe(-1);
    expect(t.prevRootedSection(2 * N - 1)).toBe(-1);
    expect(t.prevRootedSection(2 * N)).toBe(2 * N);
    expect(t.prevRootedSection(2 * N + 9)).toBe(2 * N + 9);
    expect(t.prevRootedSection(3 * N)).toBe(2 * N + 255);
    expect(t.prevRootedSection(4 * N + 255)).toBe(2 * N + 255);
    expect(t.prevRootedSection(5 * N)).toBe(5 * N);
    expect(t.prevRootedSection(6 * N + 1)).toBe(6 * N + 1);
    expect(t.prevRootedSection(9 * N)).toBe(6 * N + 255);
    expect(new MemSectionTable(g, true).prevRootedSection(5 * N)).toBe(-1);
  });

  it('heldSectionsIn: present or memmap-holding sections in [first, last], both ends counted, across roots', () => {
    const t = table();
    const mark = (nr: number, flags: number): void => {
      t.nrToSection(nr)!.sectionMemMap = flags;
    };
    mark(2 * N + 255, SECTION_MARKED_PRESENT); // the last section of root 2
    mark(5 * N, SECTION_HAS_MEM_MAP); // the first of root 5
    mark(5 * N + 1, SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP);
    mark(6 * N + 100, SECTION_MARKED_PRESENT);
    expect(t.heldSectionsIn(0, Number.POSITIVE_INFINITY)).toBe(4);
    expect(t.heldSectionsIn(2 * N + 255, 2 * N + 255)).toBe(1);
    expect(t.heldSectionsIn(2 * N, 2 * N + 254)).toBe(0);
    expect(t.heldSectionsIn(2 * N + 255, 5 * N)).toBe(2);
    expect(t.heldSectionsIn(5 * N + 1, 6 * N + 100)).toBe(2);
    expect(t.heldSectionsIn(5 * N + 2, 6 * N + 99)).toBe(0);
    expect(t.heldSectionsIn(6 * N + 100, 6 * N + 100)).toBe(1);
    expect(t.heldSectionsIn(3 * N, 4 * N + 255)).toBe(0);
  });

  it('dirtySections: exactly the sections written since clearDirty(), ascending, none after it', () => {
    const t = table();
    expect(t.dirtySections()).toEqual([]);
    t.nrToSection(6 * N + 255)!.nid = 1;
    t.nrToSection(2 * N)!.sectionMemMap = SECTION_MARKED_PRESENT;
    t.nrToSection(5 * N + 255)!.markDirty();
    expect(t.dirtySections()).toEqual([2 * N, 5 * N + 255, 6 * N + 255]);
    t.clearDirty();
    expect(t.dirtySections()).toEqual([]);
    t.nrToSection(5 * N + 3)!.nid = 0;
    expect(t.dirtySections()).toEqual([5 * N + 3]);
  });
});
