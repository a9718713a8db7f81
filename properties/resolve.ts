/**
 * Turns an intent into a concrete step against the current observable state:
 * the place where generation becomes state-aware.
 */
import type { MachineSetup } from '../model/implementation.ts';
import type { Observation } from '../model/observation.ts';
import type { Step } from '../model/step.ts';
import type { Intent } from './intent.ts';
import { place } from './place.ts';
import { resolveMemoryIntent } from './resolve-memory.ts';

/** `stateAware`: resolve with the biases of properties/state-aware.ts. */
export function resolveIntent(setup: MachineSetup, obs: Observation, intent: Intent, guardResources = true, stateAware = false): Step {
  switch (intent.kind) {
    case 'add_pages':
    case 'remove_pages':
    case 'query':
    case 'fail':
      return resolveSparseIntent(setup, obs, intent, guardResources, stateAware);
    default:
      return resolveMemoryIntent(setup, obs, intent, stateAware);
  }
}

/** Window sections between boot memory and the hot-add area, where nothing but bare sub-sections live. */
const BARE_SECTIONS = [8, 9, 10, 11] as const;

function coversResource(obs: Observation, start: number, size: number): boolean {
  return obs.resources.some((r) => r.start < start + Math.max(size, 1) && start < r.end);
}

type SparseIntent = Extract<Intent, { kind: 'add_pages' | 'remove_pages' | 'query' | 'fail' }>;

export function resolveSparseIntent(setup: MachineSetup, obs: Observation, intent: SparseIntent, guardResources: boolean, stateAware = false): Step {
  const g = setup.geometry;
  const subBytes = g.pagesPerSubsection * g.pageSize;
  const sectionBytes = g.pagesPerSection * g.pageSize;
  if (intent.kind === 'fail') return { op: 'fail', alloc: intent.point, errno: 'ENOMEM' };
  const p = place(setup, obs, intent.where, stateAware);
  const start = p.section * sectionBytes + p.subsection * subBytes;
  if (intent.kind === 'query') {
    const devices = intent.device === true ? obs.resources.filter((r) => r.kind === 'device') : [];
    const dev = devices[intent.where.sel % Math.max(1, devices.length)];
    if (dev !== undefined) {
      const pages = (dev.end - dev.start) / g.pageSize;
      return { op: 'query', query: intent.query, addr: dev.start + (intent.offset % pages) * g.pageSize };
    }
    return { op: 'query', query: intent.query, addr: start + (intent.offset % g.pagesPerSubsection) * g.pageSize };
  }
  let size: number;
  let at = start;
  switch (intent.shape) {
    case 'sections':
      at = p.section * sectionBytes;
      size = (1 + (intent.len % 2)) * sectionBytes;
      break;
    case 'zero':
      size = 0;
      break;
    case 'misaligned':
      if (intent.len % 2 === 0) at = start + g.pageSize;
      size = (1 + (intent.len % 4)) * subBytes + (intent.len % 2 === 1 ? g.pageSize : 0);
      break;
    case 'subsections': {
      if (setup.profile.sparse.hotplug.value === 'section' && intent.len % 4 !== 0) {
        // Before v5.3 removal BUGs on anything but whole sections: mostly ask for those.
        at = p.section * sectionBytes;
        size = (1 + (intent.len % 2)) * sectionBytes;
        break;
      }
      let n = 1 + (intent.len % (g.subsectionsPerSection + Math.ceil(g.subsectionsPerSection / 2)));
      if (intent.kind === 'remove_pages' && intent.where.pick === 'active') {
        // Remove the active run that starts here, sometimes one sub-section too far.
        n = 0;
        while (p.subsection + n < g.subsectionsPerSection && p.active.has(p.subsection + n)) n++;
        n = Math.max(1, n + (intent.len % 3 === 0 ? 1 : 0));
      }
      size = n * subBytes;
      break;
    }
  }
  if (intent.kind === 'add_pages') return { op: 'add_pages', start: at, size, nid: 0 };
  // Only add_memory/memremap_pages may take away what they added: a bare __remove_pages
  // under System RAM or device memory is a misuse no kernel path makes.
  if (guardResources && coversResource(obs, at, size)) {
    at = (BARE_SECTIONS[intent.len % BARE_SECTIONS.length]! * g.pagesPerSection + ((at / g.pageSize) % g.pagesPerSection)) * g.pageSize;
    if (coversResource(obs, at, size)) at = BARE_SECTIONS[0] * sectionBytes;
  }
  return { op: 'remove_pages', start: at, size };
}
