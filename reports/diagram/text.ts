/** Every step of a case as terminal diagrams (memhp replay --diagram). */
import type { CounterexampleJson } from '../schema.ts';
import { stepAscii } from './ascii.ts';
import { highlightBetween, NO_HIGHLIGHT } from './highlight.ts';
import { buildAxis } from './layout.ts';

export function diagramText(cx: CounterexampleJson, colour: boolean): string {
  const states = [cx.initial, ...cx.steps.flatMap((s) => [s.observation, ...Object.values(s.others ?? {})])];
  const axis = buildAxis(cx.machine, states);
  const out: string[] = ['', `boot (${cx.machine.profile}, ${cx.machine.geometry.name})`, ...stepAscii(axis, cx.initial, NO_HIGHLIGHT, colour).map((l) => `  ${l}`)];
  cx.steps.forEach((s, i) => {
    const answers = Object.entries(s.answers);
    const same = answers.every(([, a]) => a === answers[0]?.[1]);
    const answer = same ? (answers[0]?.[1] ?? '') : answers.map(([k, a]) => `${k} ${a}`).join('  ');
    out.push('', `step ${i + 1}: ${s.step} -> ${answer}${cx.failingStep === i + 1 ? '   <- ' + cx.violations.map((v) => v.check).join(', ') : ''}`);
    const others = Object.entries(s.others ?? {});
    if (others.length === 0) {
      out.push(...stepAscii(axis, s.observation, NO_HIGHLIGHT, colour).map((l) => `  ${l}`));
      return;
    }
    out.push(`  ${cx.sides[0] ?? ''}:`, ...stepAscii(axis, s.observation, highlightBetween(s.observation, others[0]![1]), colour).map((l) => `  ${l}`));
    for (const [side, o] of others) out.push(`  ${side}:`, ...stepAscii(axis, o, highlightBetween(s.observation, o), colour).map((l) => `  ${l}`));
  });
  return `${out.join('\n')}\n`;
}
