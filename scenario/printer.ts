/** The canonical text of steps and scenarios; parseScenario reads it back unchanged. */
import { geometrySpelling } from '../model/geometry.ts';
import type { Answer } from '../model/outcome.ts';
import { isOutcome } from '../model/outcome.ts';
import type { BootRange, Step } from '../model/step.ts';
import { ARROW, isAnswerText, isWordToken } from './expect.ts';
import { isObservationWord } from './keywords.ts';
import { BLOCK_ID_LIMIT, formatAddress, formatSize } from './numbers.ts';
import type { Scenario } from './types.ts';
import { DEFAULT_DEVICE_BLOCK } from '../model/virtio-mem.ts';

export interface PrintOptions {
  /** Step index → text of a trailing `# …` comment on that step's line. */
  readonly comments?: ReadonlyMap<number, string>;
}

function nodeSuffix(nid: number): string {
  return nid === 0 ? '' : ` node=${nid}`;
}

/** A block id in decimal (as sysfs names memory<N>). Throws RangeError for one that could not be read back. */
function formatBlock(id: number): string {
  if (!Number.isSafeInteger(id) || id < 0 || id >= BLOCK_ID_LIMIT) throw new RangeError(`not a printable block id: ${id}`);
  return String(id);
}

/** A `state` / `online` word. Throws RangeError unless it reads back as the same single token. */
function formatWord(word: string): string {
  if (!isWordToken(word)) throw new RangeError(`not a printable sysfs word: ${JSON.stringify(word)}`);
  return word;
}

/** One step on one line, without its expectation. Throws RangeError for a value the parser could not read back. */
export function printStep(step: Step): string {
  switch (step.op) {
    case 'add_memory':
      return `${step.op} ${formatAddress(step.start)} ${formatSize(step.size)}${nodeSuffix(step.nid)}${step.dynamicUnit === undefined ? '' : ` group=dynamic:${formatSize(step.dynamicUnit)}`}${step.memmapOnMemory === true ? ' memmap_on_memory' : ''}${step.inaccessible === true ? ' inaccessible' : ''}`;
    case 'add_pages':
    case 'add_memory_driver_managed':
    case 'memremap_pages':
      return `${step.op} ${formatAddress(step.start)} ${formatSize(step.size)}${nodeSuffix(step.nid)}`;
    case 'remove_pages':
    case 'remove_memory':
    case 'memunmap_pages':
    case 'eject_memory':
      return `${step.op} ${formatAddress(step.start)} ${formatSize(step.size)}`;
    case 'fail':
      return `fail next ${step.alloc} -${step.errno}`;
    case 'query':
      return `${step.query} ${formatAddress(step.addr)}`;
    case 'dump':
      return 'dump';
    case 'state':
    case 'online':
      return `${step.op} ${formatBlock(step.block)} ${formatWord(step.word)}`;
    case 'pin':
    case 'unpin':
    case 'poison':
      return `${step.op} ${formatAddress(step.addr)}`;
    case 'veto':
      return `veto ${step.event} -${step.errno}`;
    case 'valid_zones':
    case 'block':
      return `${step.op} ${formatBlock(step.block)}`;
    case 'zone':
      return `zone ${step.zone}${nodeSuffix(step.nid)}`;
    case 'node':
      return `node ${step.nid}`;
    case 'virtio_mem_resize':
      return `virtio_mem_resize ${formatSize(step.size)}`;
  }
}

/**
 * The ` -> …` tail of a step line. Throws RangeError for an answer that would
 * not read back the same: text on an operation step (which expects an
 * Outcome), or text that is empty or holds a `#`, a control character or a
 * run of spaces.
 */
function printExpect(step: Step, answer: Answer): string {
  const ok = isObservationWord(step.op) ? isAnswerText(answer) : isOutcome(answer);
  if (!ok) throw new RangeError(`not a printable expected answer for ${step.op}: ${JSON.stringify(answer)}`);
  return ` ${ARROW} ${answer}`;
}

export function printBoot(b: BootRange): string {
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
  for (const p of s.pmem ?? []) {
    const options = `${p.mode === undefined ? '' : ` mode=${p.mode}`}${p.align === undefined ? '' : ` align=${formatSize(p.align)}`}`;
    lines.push(`config pmem ${formatAddress(p.start)} ${formatSize(p.size)}${options}`);
  }
  if (s.virtioMem !== undefined) {
    const d = s.virtioMem;
    lines.push(`config virtio_mem ${formatAddress(d.start)} ${formatSize(d.size)}${d.block === DEFAULT_DEVICE_BLOCK ? '' : ` block=${formatSize(d.block)}`}`);
  }
  for (const b of s.boot) lines.push(printBoot(b));
  s.steps.forEach((st, i) => {
    let line = printStep(st.step);
    if (st.expect !== undefined) line += printExpect(st.step, st.expect);
    const comment = opts.comments?.get(i);
    if (comment !== undefined) line += `  # ${commentText(comment)}`;
    lines.push(line);
  });
  return lines.map((l) => `${l}\n`).join('');
}
