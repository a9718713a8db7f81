/** The iomem resource tree, as a plain list (register_memory_resource / release_mem_region). */
import type { RefMachine, RefResource } from '../state.ts';

/** [start, end) in bytes overlaps a resource of `kind` (any kind when omitted); an empty range overlaps nothing. */
export function overlapsResource(m: RefMachine, start: number, end: number, kind?: RefResource['kind']): boolean {
  if (end <= start) return false;
  return m.resources.some((r) => (kind === undefined || r.kind === kind) && start < r.end && end > r.start);
}

/**
 * [start, end) overlaps a resource other than a PMEM range holding it whole:
 * __request_region() nests a request inside a free (not busy) parent that
 * covers it, and the PMEM range is one; any other overlap is a conflict.
 */
export function overlapsOutsidePmem(m: RefMachine, start: number, end: number): boolean {
  if (end <= start) return false;
  return m.resources.some((r) => start < r.end && end > r.start && !(r.kind === 'Persistent Memory (legacy)' && r.start <= start && end <= r.end));
}

/**
 * mirrors region_intersects(), kernel/resource.c, v5.5: it tests the inclusive range
 * [start, start + size - 1], so an empty range still meets a resource that `start`
 * lies strictly inside (its end is start - 1, below start).
 */
export function intersectsRegion(m: RefMachine, start: number, size: number, kind: RefResource['kind']): boolean {
  return m.resources.some((r) => r.kind === kind && r.start < start + size && start < r.end);
}

/** The resource that is exactly [start, end) and satisfies `accept`, or undefined. */
export function exactResource(
  m: RefMachine,
  start: number,
  end: number,
  accept: (r: RefResource) => boolean,
): RefResource | undefined {
  return m.resources.find((r) => r.start === start && r.end === end && accept(r));
}

export function addResource(m: RefMachine, r: RefResource): void {
  m.resources.push(r);
  m.touched.part('resources');
}

export function releaseResource(m: RefMachine, r: RefResource): void {
  const i = m.resources.indexOf(r);
  if (i >= 0) m.resources.splice(i, 1);
  m.touched.part('resources');
}
