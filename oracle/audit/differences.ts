/**
 * Where two kernels ran the same item differently: each step whose answer
 * differs, and each piece of the state read after a memory operation (a
 * memory block's state and valid_zones, a zone's span, present and, for the
 * hot-added zones, managed pages) that newly differs there. A state
 * difference is reported where it appears or changes, not again at every
 * later step. Each difference gets a kind, in words that do not depend on
 * addresses or block numbers (as `memhp diff` groups its differences,
 * diff/kind.ts), so that one change met by many items is one changelog entry.
 */
import { opLabel } from '../../diff/kind.ts';
import { isOutcome } from '../../model/outcome.ts';
import type { Step } from '../../model/step.ts';
import { normaliseZoneText } from '../compare.ts';
import type { GuestState } from '../guest-state.ts';
import { stateLines } from '../kernel-diff.ts';
import { GUEST_REFUSED, QEMU_REFUSED } from '../kernel-machine.ts';
import type { RecordLike } from '../record.ts';

export interface StepDifference {
  readonly item: string;
  /** 1-based step; 0 is the state after boot. */
  readonly step: number;
  readonly line: number;
  readonly text: string;
  /** `answer`, `block <id>` or `zone <name>`: the keys oracle/kernel-diff-predict.ts traces the model by. */
  readonly what: string;
  readonly base: string;
  readonly patched: string;
  readonly kind: string;
}

const isAnswerWord = (a: string): boolean => isOutcome(a) || a === QEMU_REFUSED || a === GUEST_REFUSED;

function answerLabel(a: string, b: string): string {
  if (isAnswerWord(a) && isAnswerWord(b)) return `${a} → ${b}`;
  const words = (t: string): string => t.split(/\s+/).filter((w) => w !== '').sort().join(' ');
  return words(a) === words(b) ? 'order' : 'text';
}

/** The aspect of a state item that differs, labelled as diff/kind.ts labels model states. */
function stateLabel(what: string, a: GuestState, b: GuestState): string {
  const [type, id = ''] = what.split(' ');
  if (type === 'block') {
    const x = a.blocks[id];
    const y = b.blocks[id];
    if (x === undefined || y === undefined) return 'memory blocks';
    if (x.state !== y.state) return 'block state';
    return x.state === 'online' ? 'block zone' : 'valid_zones';
  }
  const x = a.zones[id];
  const y = b.zones[id];
  if (x === undefined || y === undefined) return `zone ${id}`;
  return x.spanned !== y.spanned || x.startPfn !== y.startPfn ? `zone ${id} span` : `zone ${id} pages`;
}

export function kindOf(step: Step | undefined, what: string, base: string, patched: string, states?: readonly [GuestState, GuestState]): string {
  const op = step === undefined ? 'boot' : opLabel(step);
  if (what === 'answer') return `${op}: ${answerLabel(base, patched)}`;
  return `${op}: ${states !== undefined ? stateLabel(what, states[0], states[1]) : what}`;
}

/** Every difference between two runs of the same item (`steps` are its steps, in order). */
export function runDifferences(item: string, steps: readonly Step[], a: RecordLike, b: RecordLike): StepDifference[] {
  const out: StepDifference[] = [];
  let standing = new Set<string>();
  const stateDiffs = (at: { step: number; line: number; text: string }, step: Step | undefined, sa: GuestState, sb: GuestState): void => {
    const la = stateLines(sa);
    const lb = stateLines(sb);
    const now = new Set<string>();
    for (const k of [...new Set([...la.keys(), ...lb.keys()])].sort(byItem)) {
      const va = la.get(k) ?? 'absent';
      const vb = lb.get(k) ?? 'absent';
      if (va === vb) continue;
      const key = `${k}|${va}|${vb}`;
      now.add(key);
      if (!standing.has(key)) out.push({ item, ...at, what: k, base: va, patched: vb, kind: kindOf(step, k, va, vb, [sa, sb]) });
    }
    standing = now;
  };
  stateDiffs({ step: 0, line: 0, text: 'boot' }, undefined, a.initial, b.initial);
  a.steps.forEach((ra, i) => {
    const rb = b.steps[i];
    const step = steps[i];
    if (rb === undefined) return;
    const at = { step: i + 1, line: ra.line, text: ra.text };
    // managed of DMA/DMA32 is each release's own boot reservations, compared nowhere (oracle/compare.ts)
    const [xa, xb] = step === undefined ? [ra.answer, rb.answer] : [normaliseZoneText(step, ra.answer), normaliseZoneText(step, rb.answer)];
    if (xa !== xb) out.push({ item, ...at, what: 'answer', base: xa, patched: xb, kind: kindOf(step, 'answer', xa, xb) });
    if (ra.state !== undefined && rb.state !== undefined) stateDiffs(at, step, ra.state, rb.state);
  });
  return out;
}

/** Blocks by number, then zones: the order a reader scans /sys and /proc in. */
function byItem(x: string, y: string): number {
  const [tx = '', ix = ''] = x.split(' ');
  const [ty = '', iy = ''] = y.split(' ');
  if (tx !== ty) return tx === 'block' ? -1 : 1;
  return tx === 'block' ? Number(ix) - Number(iy) : ZONE_ORDER.indexOf(ix) - ZONE_ORDER.indexOf(iy);
}
const ZONE_ORDER = ['DMA', 'DMA32', 'Normal', 'Movable', 'Device'];
