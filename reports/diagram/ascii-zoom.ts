/**
 * The terminal version of the zoomed sections (svg-zoom.ts): one character
 * per sub-section (or per group of them when a section has more than 64),
 * a row for the memory behind it, one for its memmap, one marking what the
 * step changed.
 */
import { formatAddress } from '../../scenario/index.ts';
import type { ObservationJson } from '../schema.ts';
import type { Geo } from './layout.ts';
import { changedSubsections, MAX_ZOOMED, subsectionViews, zoomNotes, type SubsectionView, type ZoomPlan } from './subsections.ts';

export const ZOOM_LEGEND =
  'sub-sections: R System RAM (r: partly, the rest a hole), D device memory, ~ active with no memory resource, . inactive; memmap: b boot, h hotplug; ^ changed by the step, x differs from the other side';

const CELLS = 64;
const LABEL = 10;

function memoryChar(v: SubsectionView): string {
  if (v.kind === 'device') return 'D';
  if (v.kind === 'ram') return v.ram >= 1 ? 'R' : 'r';
  return v.kind === 'bare' ? '~' : '.';
}

/** One character for a group of sub-sections: the first of D, R, r, ~, . that any of them shows. */
function pick(chars: readonly string[], order: string): string {
  for (const c of order) if (chars.includes(c)) return c;
  return order.at(-1)!;
}

const ANSI: Readonly<Record<string, string>> = { R: '34', r: '34', D: '35', '~': '33', '^': '1', x: '1;31' };

function paint(s: string, colour: boolean): string {
  if (!colour) return s;
  return s.replace(/([RrD~^x])\1*/g, (run) => `\x1b[${ANSI[run[0]!]}m${run}\x1b[0m`);
}

/** With `other` (the other side's state), a row marks the sub-sections that differ from it. */
export function zoomAscii(
  geo: Geo,
  before: ObservationJson,
  o: ObservationJson,
  plan: ZoomPlan,
  differing: ReadonlySet<number>,
  colour: boolean,
  other?: ObservationJson,
): string[] {
  const nrs = plan.zoom;
  const subs = geo.subsectionsPerSection;
  const per = Math.max(1, Math.ceil(subs / CELLS));
  const bytes = geo.pagesPerSection * geo.pageSize;
  const lines: string[] = [];
  for (const nr of nrs.slice(0, MAX_ZOOMED)) {
    const s = o.sections.find((x) => x.nr === nr);
    const views = subsectionViews(geo, o, s, nr);
    const changed = changedSubsections(geo, before, o, nr);
    const unlike = other === undefined ? new Set<number>() : changedSubsections(geo, other, o, nr);
    const flags = s === undefined ? 'absent' : [s.present ? 'present' : 'not present', s.online ? 'online' : 'offline', ...(s.early ? ['early'] : [])].join(', ');
    let memory = '';
    let memmap = '';
    let marks = '';
    let unlikeMarks = '';
    let index = '';
    for (let c = 0; c * per < subs; c++) {
      const group = views.slice(c * per, (c + 1) * per);
      memory += pick(group.map(memoryChar), 'DRr~.');
      memmap += pick(group.map((v) => (v.memmap === 'boot' ? 'b' : v.memmap === 'hotplug' ? 'h' : ' ')), 'bh ');
      marks += group.some((v) => changed.has(v.index)) ? '^' : ' ';
      unlikeMarks += group.some((v) => unlike.has(v.index)) ? 'x' : ' ';
      if (index.length <= c && c % 8 === 0) index = index.padEnd(c) + String(c * per);
    }
    const diff = differing.has(nr) ? '   <- differs from the other side' : '';
    lines.push(
      `section ${nr}  ${formatAddress(nr * bytes)}–${formatAddress((nr + 1) * bytes - 1)}  ${flags}${per > 1 ? `  (${per} sub-sections a character)` : ''}${diff}`,
      `${'  memory'.padEnd(LABEL)}${paint(memory, colour)}`,
      `${'  memmap'.padEnd(LABEL)}${memmap}`.trimEnd(),
    );
    if (marks.includes('^')) lines.push(`${'  changed'.padEnd(LABEL)}${paint(marks, colour)}`.trimEnd());
    if (unlikeMarks.includes('x')) lines.push(`${'  differs'.padEnd(LABEL)}${paint(unlikeMarks, colour)}`.trimEnd());
    lines.push(`${''.padEnd(LABEL)}${index}`);
  }
  lines.push(...zoomNotes(plan));
  return lines;
}
