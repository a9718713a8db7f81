/**
 * The terminal version of the memory diagram, in the spirit of the kernel's
 * tools/testing/memblock comments: one character row per layer on the same
 * compressed address axis as the HTML diagrams.
 *
 *   addr     0x0                                ≈ 0x100000000
 *   node 0   [DMA32--------------------------]    [Normal--------]
 *   blocks   [0 ][1 ][2 ][3 ][4 ][5 ][6 ][7 ]     [32 Normal=====]
 *   sections ######## ######## ######## ...       ########++++....
 *
 * Sections: `#` sub-sections active, `+` partly active, `.` none active,
 * `D` device memory (memremap_pages) among them (ascii-zoom.ts shows each),
 * `^` marks an item that differs from the other side. Colour (zones) only
 * when asked for: on a terminal without NO_COLOR.
 */
import { maskBits } from '../../model/observation.ts';
import { formatAddress } from '../../scenario/index.ts';
import type { ObservationJson } from '../schema.ts';
import type { Highlight } from './highlight.ts';
import { folded, positions, type Axis, type Segment } from './layout.ts';
import { subsectionViews } from './subsections.ts';

const ZONE_ANSI: Readonly<Record<string, string>> = { DMA: '31', DMA32: '33', Normal: '36', Movable: '34', Device: '35' };
const LABEL = 10;

class Row {
  readonly chars: string[];
  readonly colours: Array<string | undefined>;
  constructor(width: number) {
    this.chars = new Array<string>(width).fill(' ');
    this.colours = new Array<string | undefined>(width).fill(undefined);
  }
  put(at: number, s: string, colour?: string, limit = this.chars.length): void {
    for (let i = 0; i < s.length && at + i < Math.min(limit, this.chars.length); i++) {
      if (at + i < 0) continue;
      this.chars[at + i] = s[i]!;
      this.colours[at + i] = colour;
    }
  }
  text(colour: boolean): string {
    if (!colour) return this.chars.join('').trimEnd();
    let out = '';
    let open: string | undefined;
    this.chars.forEach((c, i) => {
      const want = this.colours[i];
      if (want !== open) {
        out += open !== undefined ? '\x1b[0m' : '';
        out += want !== undefined ? `\x1b[${want}m` : '';
        open = want;
      }
      out += c;
    });
    return (open !== undefined ? `${out}\x1b[0m` : out).trimEnd();
  }
}

/** A span [from, to) in columns as `[name----]`, clipped to its width. */
function span(row: Row, from: number, to: number, name: string, fill: string, colour?: string): void {
  const w = Math.max(1, to - from);
  if (w === 1) return row.put(from, '|', colour);
  const inner = name.slice(0, Math.max(0, w - 2));
  row.put(from, `[${inner}${fill.repeat(Math.max(0, w - 2 - inner.length))}]`, colour);
}

export function stepAscii(axis: Axis, o: ObservationJson, hl: Highlight, colour: boolean, maxWidth = 120): string[] {
  const sections = axis.segments.filter((s) => s.kind === 'section').length;
  const narrow = axis.segments.length - sections;
  const cw = Math.max(3, Math.min(12, Math.floor((maxWidth - LABEL - narrow * 3) / Math.max(1, sections))));
  const width = (s: Segment): number => (s.kind === 'section' ? cw : 3);
  const { x, total, starts } = positions(axis, width);
  const col = (pfn: number) => LABEL + Math.round(x(pfn));
  const W = LABEL + total + 2;
  const pps = axis.geo.pagesPerSection;
  const lines: string[] = [];

  const addr = new Row(W + 12);
  addr.put(0, 'addr');
  axis.segments.forEach((s, i) => {
    const at = LABEL + starts[i]!;
    if (s.kind === 'break') addr.put(at + 1, '≈');

    const prev = axis.segments[i - 1];
    if (s.kind !== 'break' && (prev === undefined || prev.kind === 'break')) addr.put(at, formatAddress(s.first * pps * axis.geo.pageSize));
  });
  lines.push(addr.text(false));

  for (const n of o.nodes.filter((nn) => nn.zones.some((z) => z.spanned > 0))) {
    const row = new Row(W);
    row.put(0, `node ${n.nid}`);
    const marks = new Row(W);
    for (const z of n.zones.filter((zz) => zz.spanned > 0)) {
      const from = col(z.startPfn);
      const to = col(z.startPfn + z.spanned);
      span(row, from, to, z.name, '-', colour ? ZONE_ANSI[z.name] : undefined);
      if (hl.zones.has(`${n.nid}/${z.name}`)) marks.put(from, '^'.repeat(Math.max(1, to - from)), colour ? '1;31' : undefined);
    }
    lines.push(row.text(colour));
    if (marks.chars.includes('^')) lines.push(marks.text(colour));
  }

  const blocks = new Row(W);
  blocks.put(0, 'blocks');
  const bmarks = new Row(W);
  const foldMark = (row: Row) =>
    axis.segments.forEach((sg, i) => {
      if (sg.kind === 'fold') row.put(LABEL + starts[i]!, ' … ');
    });
  for (const b of o.blocks) {
    if (folded(axis, Math.floor((b.id * axis.geo.pagesPerBlock) / pps))) continue;
    const from = col(b.id * axis.geo.pagesPerBlock);
    const to = col((b.id + 1) * axis.geo.pagesPerBlock);
    const online = b.state === 'online';
    span(blocks, from, to, online ? `${b.id} ${b.zone}` : `${b.id} off`, online ? '=' : '.', colour && online ? ZONE_ANSI[b.zone] : undefined);
    if (hl.blocks.has(b.id)) bmarks.put(from, '^'.repeat(Math.max(1, to - from)), colour ? '1;31' : undefined);
  }
  foldMark(blocks);
  lines.push(blocks.text(colour));
  if (bmarks.chars.includes('^')) lines.push(bmarks.text(colour));

  const secs = new Row(W);
  secs.put(0, 'sections');
  const smarks = new Row(W);
  const subs = axis.geo.subsectionsPerSection;
  for (const s of o.sections) {
    if (folded(axis, s.nr)) continue;
    const from = col(s.nr * pps);
    const to = col((s.nr + 1) * pps);
    const w = Math.max(1, to - from - 1);
    const bits = new Set(maskBits(s.subsectionMap));
    const views = subsectionViews(axis.geo, o, s, s.nr);
    let cells = '';
    for (let c = 0; c < w; c++) {
      const lo = Math.floor((c * subs) / w);
      const hi = Math.max(lo + 1, Math.floor(((c + 1) * subs) / w));
      let set = 0;
      let device = false;
      for (let b = lo; b < hi; b++) {
        if (bits.has(b)) set++;
        if (views[b]?.kind === 'device') device = true;
      }
      cells += device ? 'D' : set === hi - lo ? '#' : set > 0 ? '+' : '.';
    }
    secs.put(from, cells, colour && s.online ? '32' : undefined);
    if (hl.sections.has(s.nr)) smarks.put(from, '^'.repeat(w), colour ? '1;31' : undefined);
  }
  foldMark(secs);
  lines.push(secs.text(colour));
  if (smarks.chars.includes('^')) lines.push(smarks.text(colour));

  const nrs = new Row(W + 8);
  let free = 0;
  axis.segments.forEach((s, i) => {
    const at = LABEL + starts[i]!;
    if (s.kind === 'fold' && at >= free) {
      const label = `×${s.last - s.first + 1}`;
      nrs.put(at, label);
      free = at + label.length + 1;
    } else if (s.kind === 'section' && at >= free) {
      nrs.put(at, String(s.first));
      free = at + String(s.first).length + 1;
    }
  });
  lines.push(nrs.text(false));
  return lines;
}
