// mirrors memremap_pages() / memunmap_pages(), mm/memremap.c, v5.5 (the ZONE_DEVICE path)
import type { Outcome } from '../../outcome.ts';
import { addPagesOrNothing } from '../pages/hotplug-pages.ts';
import { pruneMemmap, setMemmap } from '../memmap/memmap.ts';
import { moveRangeToZone } from '../zones/move-range.ts';
import { removePages } from '../pages/remove-pages.ts';
import { addResource, exactResource, intersectsRegion, releaseResource } from './resources.ts';
import type { RefMachine } from '../state.ts';
import { freshNode } from '../zones/zone.ts';

export function memremapPages(m: RefMachine, start: number, size: number, nid: number): Outcome {
  const g = m.geometry;
  const end = start + size;
  if (intersectsRegion(m, start, size, 'System RAM')) return '-ENXIO';
  if (intersectsRegion(m, start, size, 'device')) return '-EEXIST';
  if (size === 0) return '-EINVAL';

  const answer = addPagesOrNothing(m, start, size, nid);
  if (answer !== 'ok') return answer;
  // memremap_pages() onlines no node. The spec is silent on a node that was never
  // onlined: its zones are kept in a record that is not observed (see report).
  if (!m.nodes.has(nid)) m.nodes.set(nid, freshNode(false));
  m.touched.part('nodes');
  // No memory blocks; present/managed of ZONE_DEVICE do not change.
  moveRangeToZone(m, nid, 'Device', start / g.pageSize, size / g.pageSize);
  addResource(m, { start, end, kind: 'device', boot: false, nid });
  return 'ok';
}

export function memunmapPages(m: RefMachine, start: number, size: number): Outcome {
  const g = m.geometry;
  const resource = exactResource(m, start, start + size, (r) => r.kind === 'device');
  if (resource === undefined) return '-EINVAL';
  const pfn = start / g.pageSize;
  // ZONE_DEVICE is never shrunk, in any profile.
  const removed = removePages(m, start, size);
  // v4.19 BUG_ON()s a range that is not whole sections: nothing changes (a WARN is not the answer).
  if (removed === 'BUG') return 'BUG';
  // Memmap back to uninit (what stays present of the range: early sections keep their memmap).
  setMemmap(m, pfn, pfn + size / g.pageSize, 'uninit');
  pruneMemmap(m);
  releaseResource(m, resource);
  return 'ok';
}
