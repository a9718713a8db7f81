/**
 * A `query` step: one section lookup for the pfn, then the helper the step
 * names. Queries read the table and must never change it.
 */
import type { Outcome } from '../../outcome.ts';
import type { Step } from '../../step.ts';
import type { SparseContext } from '../context.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import type { MemSection } from './mem-section.ts';
import { pfnToSectionNr } from './pfn.ts';
import { pfnToOnlinePage } from './online-page.ts';
import { onlineSection, pfnToSection, pfnValidInSection, presentSection, validSection } from './queries.ts';
import { sparseIndexInit } from './add.ts';

export type QueryStep = Extract<Step, { op: 'query' }>;

// mirrors __pfn_to_section(), include/linux/mmzone.h, v5.3, as the query helpers reach it
function sectionForQuery(ctx: SparseContext, pfn: number): MemSection | undefined {
  const nr = pfnToSectionNr(ctx.geometry, pfn);
  // a lookup that reuses the hotplug path's "make sure the root exists" helper
  if (ctx.bugs.has('query-allocates-root') && nr >= 0 && nr < ctx.geometry.nrMemSections) sparseIndexInit(ctx, nr);
  return pfnToSection(ctx, pfn);
}

const bool = (b: boolean): Outcome => (b ? 'true' : 'false');

export function answerQuery(ctx: HotplugContext, step: QueryStep): Outcome {
  const pfn = Math.floor(step.addr / ctx.geometry.pageSize);
  const ms = sectionForQuery(ctx, pfn);
  switch (step.query) {
    case 'pfn_valid':
      return bool(pfnValidInSection(ctx, ms, pfn));
    case 'valid_section':
      return bool(validSection(ms));
    case 'present_section':
      return bool(presentSection(ms));
    case 'online_section':
      return bool(onlineSection(ms));
    case 'pfn_to_online_page':
      return pfnToOnlinePage(ctx, ms, pfn) ? 'page' : 'NULL';
  }
}
