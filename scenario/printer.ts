/** The canonical text of steps and scenarios; parseScenario reads it back unchanged. */
import { geometrySpelling } from '../model/geometry.ts';
import type { BootRange, Step } from '../model/step.ts';
import { formatAddress, formatSize } from './numbers.ts';
import type { Scenario } from './types.ts';

export interface PrintOptions {
  /** Step index → text of a trailing `# …` comment on that step's line. */
  readonly comments?: ReadonlyMap<number, string>;
}

function nodeSuffix(nid: number): string {
  return nid === 0 ? '' : ` node=${nid}`;
}

/** One step on one line, without its expectation. */
export function printStep(step: Step): string {
  switch (step.op) {
    case 'add_pages':
      return `add_pages ${formatAddress(step.start)} ${formatSize(step.size)}${nodeSuffix(step.nid)}`;
    case 'remove_pages':
      return `remove_pages ${formatAddress(step.start)} ${formatSize(step.size)}`;
    case 'fail':
      return `fail next ${step.alloc} -${step.errno}`;
    case 'query':
      return `${step.query} ${formatAddress(step.addr)}`;
    case 'dump':
      return 'dump';
  }
}

function printBoot(b: BootRange): string {
  return `boot ${formatAddress(b.start)} ${formatSize(b.size)}${nodeSuffix(b.nid)}`;
}

/** Comments stay on their line: line breaks and other control characters become spaces. */
function commentText(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ');
}

/**
 * The canonical text: profile, geometry, config lines, boot lines, then the
 * steps, one per line, each line ending with a newline.
 */
export function printScenario(s: Scenario, opts: PrintOptions = {}): string {
  const lines: string[] = [];
  if (s.profile !== undefined) lines.push(`profile ${s.profile}`);
  if (s.geometry !== undefined) lines.push(`geometry ${geometrySpelling(s.geometry)}`);
  for (const c of s.config) lines.push(`config ${c.key} ${c.value}`);
  for (const b of s.boot) lines.push(printBoot(b));
  s.steps.forEach((st, i) => {
    let line = printStep(st.step);
    if (st.expect !== undefined) line += ` -> ${st.expect}`;
    const comment = opts.comments?.get(i);
    if (comment !== undefined) line += `  # ${commentText(comment)}`;
    lines.push(line);
  });
  return lines.map((l) => `${l}\n`).join('');
}
