/**
 * The sections a step changes, drawn one sub-section per cell at a width
 * one can read (the overview gives a sub-section 2 px): each cell coloured
 * by the memory behind it, a band under it for where its memmap comes
 * from, a dark bar over the cells this step changed and a red outline
 * where the two sides differ.
 */
import { formatAddress } from '../../scenario/index.ts';
import { escapeHtml } from '../escape.ts';
import type { ObservationJson } from '../schema.ts';
import type { Geo } from './layout.ts';
import { changedSubsections, MAX_ZOOMED, subsectionViews, zoomNotes, type SubsectionKind, type ZoomPlan } from './subsections.ts';
import { rect, text } from './svg-shapes.ts';

export const SUBSECTION_COLOURS: Readonly<Record<Exclude<SubsectionKind, 'inactive'>, string>> = {
  ram: '#1d3557',
  device: '#9b5de5',
  bare: '#e9c46a',
};
export const MEMMAP_COLOURS = { boot: '#adb5bd', hotplug: '#52b788' } as const;
const RED = '#d00000';
const LEFT = 64;
const SPAN = 1024;

/**
 * A step's zoom plan (at most MAX_ZOOMED sections drawn), as one inline SVG; empty when
 * there is nothing to zoom into. With `other` (the other side's state), the
 * sub-sections that differ from it are outlined in red.
 */
export function zoomSvg(geo: Geo, before: ObservationJson, o: ObservationJson, plan: ZoomPlan, differing: ReadonlySet<number>, label: string, other?: ObservationJson): string {
  const nrs = plan.zoom;
  const notes = zoomNotes(plan);
  if (nrs.length === 0 && notes.length === 0) return '';
  const subs = geo.subsectionsPerSection;
  const cell = Math.max(3, Math.min(48, Math.floor(SPAN / subs)));
  const every = cell >= 14 ? 8 : cell >= 6 ? 16 : 32;
  const bytes = geo.pagesPerSection * geo.pageSize;
  const parts: string[] = [];
  let y = 2;
  for (const nr of nrs.slice(0, MAX_ZOOMED)) {
    const s = o.sections.find((x) => x.nr === nr);
    const views = subsectionViews(geo, o, s, nr);
    const changed = changedSubsections(geo, before, o, nr);
    const unlike = other === undefined ? new Set<number>() : changedSubsections(geo, other, o, nr);
    const base = nr * bytes;
    const flags = s === undefined ? 'absent' : [s.present ? 'present' : 'not present', s.online ? 'online' : 'offline', ...(s.early ? ['early'] : [])].join(', ');
    parts.push(text(LEFT, y + 10, `section ${nr}  ${formatAddress(base)}–${formatAddress(base + bytes - 1)}  ${flags}`, `class="zcap${differing.has(nr) ? ' hl' : ''}"`));
    y += 14;
    parts.push(text(4, y + 13, 'sub-sect.', 'class="row"'));
    for (const v of views) {
      const x0 = LEFT + v.index * cell;
      if (changed.has(v.index)) parts.push(rect(x0 + 1, y, cell - 2, 3, 'fill="#212529"'));
      const top = y + 5;
      // The RAM and device shares side by side; what neither covers of an active sub-section is bare.
      if (v.kind !== 'inactive') {
        const ram = v.ram * (cell - 2);
        const dev = v.device * (cell - 2);
        parts.push(rect(x0 + 1, top, cell - 2, 14, `fill="${SUBSECTION_COLOURS.bare}"`));
        if (ram > 0) parts.push(rect(x0 + 1, top, ram, 14, `fill="${SUBSECTION_COLOURS.ram}"`));
        if (dev > 0) parts.push(rect(x0 + 1 + ram, top, dev, 14, `fill="${SUBSECTION_COLOURS.device}"`));
      }
      parts.push(rect(x0 + 0.5, top, cell - 1, 14, `fill="none" stroke="${unlike.has(v.index) ? RED : '#868e96'}" stroke-width="${unlike.has(v.index) ? 2 : 0.5}"`));
      if (v.memmap !== 'none') parts.push(rect(x0 + 1, top + 16, cell - 2, 3, `fill="${MEMMAP_COLOURS[v.memmap]}"`));
      if (v.index % every === 0) parts.push(text(x0 + 1, top + 29, String(v.index), 'class="nr"'));
    }
    y += 40;
  }
  for (const note of notes) {
    parts.push(text(LEFT, y + 10, note, 'class="zcap"'));
    y += 16;
  }
  const h = y + 2;
  const w = nrs.length > 0 ? LEFT + subs * cell + 8 : 720;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="mem zoom" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeHtml(label)}">${parts.join('')}</svg>`;
}
