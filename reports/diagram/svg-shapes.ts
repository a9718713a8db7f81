/** The SVG primitives both diagrams draw with (svg.ts, svg-zoom.ts): numbers kept short, text escaped. */
import { escapeHtml } from '../escape.ts';

export function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function rect(x: number, y: number, w: number, h: number, attrs: string): string {
  return `<rect x="${fmt(x)}" y="${fmt(y)}" width="${fmt(Math.max(w, 0.5))}" height="${fmt(h)}" ${attrs}/>`;
}

export function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${fmt(x)}" y="${fmt(y)}"${attrs === '' ? '' : ` ${attrs}`}>${escapeHtml(s)}</text>`;
}
