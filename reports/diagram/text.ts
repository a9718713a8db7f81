/** Every step of a case as terminal diagrams (memhp replay --diagram), one block per step, so each prints under its step. */
import type { CounterexampleJson, ObservationJson } from '../schema.ts';
import { stepAscii } from './ascii.ts';
import { zoomAscii, ZOOM_LEGEND } from './ascii-zoom.ts';
import { highlightBetween, NO_HIGHLIGHT } from './highlight.ts';
import { buildAxis } from './layout.ts';
import { sectionsToZoom } from './subsections.ts';

export interface StepDiagrams {
  /** The legend and the state after boot. */
  readonly boot: readonly string[];
  /** The lines to print after each step's own line, one entry per step of the case. */
  readonly steps: ReadonlyArray<readonly string[]>;
}

export function diagramBlocks(cx: CounterexampleJson, colour: boolean): StepDiagrams {
  const states = [cx.initial, ...cx.steps.flatMap((s) => (s.observation === undefined ? [] : [s.observation, ...Object.values(s.others ?? {})]))];
  const axis = buildAxis(cx.machine, states);
  const boot = [ZOOM_LEGEND, `boot (${cx.machine.profile}, ${cx.machine.geometry.name}):`, ...stepAscii(axis, cx.initial, NO_HIGHLIGHT, colour)];
  const steps = cx.steps.map((s, i) => {
    const now = s.observation;
    // A long replay kept no state for this step (engine/replay.ts): nothing to draw.
    if (now === undefined) return [];
    const prev = cx.steps[i - 1];
    const before = (side?: string): ObservationJson | undefined => (prev === undefined ? cx.initial : ((side !== undefined ? prev.others?.[side] : undefined) ?? prev.observation));
    const draw = (o: ObservationJson, other: ObservationJson | undefined, side?: string): string[] => {
      const hl = other === undefined ? NO_HIGHLIGHT : highlightBetween(o, other);
      const was = before(side);
      const zoom = was === undefined ? [] : zoomAscii(axis.geo, was, o, sectionsToZoom(axis.geo, was, o, hl.sections), hl.sections, colour, other);
      return [...stepAscii(axis, o, hl, colour), ...zoom];
    };
    const others = Object.entries(s.others ?? {});
    const out: string[] = [];
    // A query, or a step refused with nothing changed: no need to draw the same picture again.
    if (others.length === 0 && JSON.stringify(now) === JSON.stringify(before())) out.push('(state unchanged)');
    else if (others.length === 0) out.push(...draw(now, undefined));
    else {
      out.push(`${cx.sides[0] ?? ''}:`, ...draw(now, others[0]![1]).map((l) => `  ${l}`));
      for (const [side, o] of others) out.push(`${side}:`, ...draw(o, now, side).map((l) => `  ${l}`));
    }
    return out;
  });
  return { boot, steps };
}
