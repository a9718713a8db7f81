import { derive } from './derive.ts';
import { HOLES_EBUSY } from './rules.ts';
import { v4_14 } from './v4.14.ts';

/** Linux v4.19: section-granular hotplug, -EEXIST swallowed, no addressability check. */
export const v4_19 = derive(v4_14, {
  name: 'v4.19',
  summary: 'section-granular hotplug; __add_pages swallows -EEXIST; memmap poisoned at hot-add',
  defining: {
    commit: 'd0dc12e86b31',
    title: 'mm/memory_hotplug: optimize memory hotplug (poison the memmap at hot-add)',
    version: 'v4.19',
    verified: 'V: named in Fixes: tags ("visible after d0dc12e86b319"); title I',
  },
  // d7b236e10ced (v4.15): has_unmovable_pages() reads every page, so a held hole page blocks offline
  changes: { hotplug: { offlineHoles: HOLES_EBUSY } },
});
