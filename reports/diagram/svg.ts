/**
 * One step's physical memory as an inline SVG: the address line, zones as
 * coloured spans (one row per node), memory blocks with their state, and
 * sections with their active sub-sections, coloured by the memory behind
 * them (svg-zoom.ts draws them readable). Items that differ from the other
 * side are outlined in red.
 */
import { maskBits } from '../../model/observation.ts';
import { formatAddress } from '../../scenario/index.ts';
import { escapeHtml } from '../escape.ts';
import type { ObservationJson } from '../schema.ts';
import type { Highlight } from './highlight.ts';
import { folded, positions, type Axis, type Segment } from './layout.ts';
import { subsectionViews } from './subsections.ts';
import { SUBSECTION_COLOURS } from './svg-zoom.ts';
import { fmt, rect, text } from './svg-shapes.ts';

export const ZONE_COLOURS: Readonly<Record<string, string>> = {
  DMA: '#e76f51',
  DMA32: '#f4a261',
  Normal: '#2a9d8f',
  Movable: '#457b9d',
  Device: '#9b5de5',
};
const OFFLINE = '#ced4da';
const RED = '#d00000';

const WIDTH = 1080;
const LEFT = 64;

function widthFn(axis: Axis): (s: Segment) => number {
  const sections = axis.segments.filter((s) => s.kind === 'section').length;
  const narrow = axis.segments.length - sections;
  const w = Math.max(8, Math.min(110, Math.floor((WIDTH - narrow * 26) / Math.max(1, sections))));
  return (s) => (s.kind === 'section' ? w : 26);
}

/** Runs of consecutive set bits, as [first, last]. */
function runs(bits: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const b of bits) {
    const last = out.at(-1);
    if (last !== undefined && last[1] === b - 1) last[1] = b;
    else out.push([b, b]);
  }
  return out;
}

export function stepSvg(axis: Axis, o: ObservationJson, hl: Highlight, label: string): string {
  const width = widthFn(axis);
  const { x: px, total, starts } = positions(axis, width);
  const X = (pfn: number) => LEFT + px(pfn);
  const pps = axis.geo.pagesPerSection;
  const parts: string[] = [];
  let y = 2;

  // Address line: a label where each run of sections starts; cut marks and folds are drawn below.
  const axisY = y + 10;
  axis.segments.forEach((s, i) => {
    const x0 = LEFT + starts[i]!;
    const prev = axis.segments[i - 1];
    if (s.kind !== 'break' && (prev === undefined || prev.kind === 'break')) {
      parts.push(text(x0, axisY, formatAddress(s.first * pps * axis.geo.pageSize), 'class="addr"'));
    }
  });
  y = axisY + 6;
  parts.push(`<line x1="${LEFT}" y1="${y}" x2="${fmt(LEFT + total)}" y2="${y}" class="axis"/>`);
  y += 4;

  const top = y;
  // Zones: one row per node, under a thin bar for the node's own span.
  const nodes = o.nodes.filter((n) => n.zones.some((z) => z.spanned > 0) || (hl.nodes.has(n.nid) && n.spanned > 0));
  for (const n of nodes) {
    parts.push(text(4, y + 14, `node ${n.nid}`, `class="row${hl.nodes.has(n.nid) ? ' hl' : ''}"`));
    if (n.spanned > 0) {
      const nx = X(n.startPfn);
      parts.push(rect(nx, y, X(n.startPfn + n.spanned) - nx, 3, `fill="${hl.nodes.has(n.nid) ? RED : '#495057'}"`));
    }
    y += 5;
    for (const z of n.zones.filter((zz) => zz.spanned > 0)) {
      const x0 = X(z.startPfn);
      const w = X(z.startPfn + z.spanned) - x0;
      const marked = hl.zones.has(`${n.nid}/${z.name}`);
      parts.push(rect(x0, y, w, 16, `fill="${ZONE_COLOURS[z.name] ?? '#888'}" fill-opacity="0.35" stroke="${marked ? RED : ZONE_COLOURS[z.name] ?? '#888'}" stroke-width="${marked ? 2.5 : 1}"`));
      if (w > 30) parts.push(text(x0 + 3, y + 12, `${z.name} ${z.present}/${z.spanned}`, 'class="zl"'));
    }
    y += 19;
  }
  if (nodes.length === 0) {
    parts.push(text(4, y + 12, 'zones', 'class="row"'), text(LEFT + 3, y + 12, 'no zone spans anything', 'class="zl"'));
    y += 19;
  }

  // Memory blocks: coloured by the zone they are online in, grey when offline.
  parts.push(text(4, y + 13, 'blocks', 'class="row"'));
  for (const b of o.blocks) {
    if (folded(axis, Math.floor((b.id * axis.geo.pagesPerBlock) / pps))) continue;
    const x0 = X(b.id * axis.geo.pagesPerBlock);
    const w = X((b.id + 1) * axis.geo.pagesPerBlock) - x0;
    const fill = b.state === 'online' ? ZONE_COLOURS[b.zone] ?? '#888' : OFFLINE;
    const marked = hl.blocks.has(b.id);
    parts.push(rect(x0 + 0.5, y, w - 1, 18, `fill="${fill}" stroke="${marked ? RED : '#495057'}" stroke-width="${marked ? 2.5 : 0.6}"`));
    if (w > 26) parts.push(text(x0 + 3, y + 13, w > 60 ? `${b.id} ${b.state === 'online' ? b.zone : 'offline'}` : String(b.id), `class="bl${b.state === 'online' ? ' on' : ''}"`));
  }
  y += 22;

  // Sections: the sub-section map as runs, coloured by the memory behind each (RAM, device, none).
  parts.push(text(4, y + 16, 'sections', 'class="row"'));
  const subs = axis.geo.subsectionsPerSection;
  for (const s of o.sections) {
    if (folded(axis, s.nr)) continue;
    const x0 = X(s.nr * pps);
    const w = X((s.nr + 1) * pps) - x0;
    if (w < 1) continue;
    const marked = hl.sections.has(s.nr);
    const dash = s.present ? '' : ' stroke-dasharray="3 2"';
    parts.push(rect(x0 + 0.5, y, w - 1, 24, `fill="#f8f9fa" stroke="${marked ? RED : '#343a40'}" stroke-width="${marked ? 2.5 : 0.8}"${dash}`));
    const views = subsectionViews(axis.geo, o, s, s.nr);
    const colourOf = (bit: number) => {
      const kind = views[bit]?.kind ?? 'inactive';
      return kind === 'inactive' ? '#fff' : SUBSECTION_COLOURS[kind];
    };
    for (const [a, b] of runs(maskBits(s.subsectionMap).filter((bit) => bit < subs))) {
      // Split a run where the memory behind it changes (RAM, device, none).
      let from = a;
      for (let bit = a; bit <= b + 1; bit++) {
        if (bit > b || colourOf(bit) !== colourOf(from)) {
          // At least 2px, so that one sub-section of 64 stays visible.
          parts.push(rect(x0 + 1 + ((w - 2) * from) / subs, y + 8, Math.max(2, ((w - 2) * (bit - from)) / subs), 14, `fill="${colourOf(from)}"`));
          from = bit;
        }
      }
    }
    if (s.online) parts.push(rect(x0 + 1, y + 1.5, w - 2, 4, 'fill="#38b000"'));
    if (s.early && w > 14) parts.push(text(x0 + w - 3, y + 7, 'E', 'class="early" text-anchor="end"'));
  }
  // Section numbers under the first section of each run, and under every section where there is room.
  axis.segments.forEach((s, i) => {
    const prev = axis.segments[i - 1];
    if (s.kind === 'section' && (width(s) >= 30 || prev === undefined || prev.kind !== 'section')) {
      parts.push(text(LEFT + starts[i]! + width(s) / 2, y + 36, String(s.first), 'class="nr" text-anchor="middle"'));
    }
  });
  y += 42;

  // Cut marks where address space is left out, and the count of folded sections, under everything else.
  axis.segments.forEach((s, i) => {
    const x0 = LEFT + starts[i]!;
    const mid = x0 + width(s) / 2;
    if (s.kind === 'break') parts.unshift(`<line x1="${fmt(mid)}" y1="${top}" x2="${fmt(mid)}" y2="${y - 14}" class="cutline"/>`, text(mid, y - 4, '≈', 'class="cut" text-anchor="middle"'));
    else if (s.kind === 'fold') parts.unshift(rect(x0 + 2, top, width(s) - 4, y - 14 - top, 'class="foldbox"'), text(mid, y - 4, `×${s.last - s.first + 1}`, 'class="fold" text-anchor="middle"'));
  });

  const h = y + 2;
  // Wide enough for the row texts even when only one section is drawn.
  const w = Math.max(LEFT + total + 8, 360);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="mem" width="${fmt(w)}" height="${h}" viewBox="0 0 ${fmt(w)} ${h}" role="img" aria-label="${escapeHtml(label)}">` +
    `${parts.join('')}</svg>`
  );
}
