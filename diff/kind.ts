/**
 * The kind of a difference between two profiles on one step: the operation
 * (with the sysfs word it wrote) and what differs, in words that do not
 * depend on addresses or block numbers, so that the same change found by two
 * different sequences gets the same kind.
 */
import type { NodeObservation, Observation } from '../model/observation.ts';
import { isOutcome, type Answer } from '../model/outcome.ts';
import type { Step } from '../model/step.ts';

/** The operation part of a kind: the op, with the written word or the query name. */
export function opLabel(step: Step): string {
  switch (step.op) {
    case 'state':
      return `state ${step.word}`;
    case 'online':
      // The words kstrtobool() reads alike are one kind (mirrors kstrtobool(), lib/kstrtox.c).
      return `online ${/^(1|[yY]|[oO][nN])$/.test(step.word) ? '1' : /^(0|[nN]|[oO][fF][fF])$/.test(step.word) ? '0' : step.word}`;
    case 'query':
      return step.query;
    case 'fail':
      return `fail ${step.alloc}`;
    case 'veto':
      return `veto ${step.event}`;
    case 'zone':
      return `zone ${step.zone}`;
    default:
      return step.op;
  }
}

function words(text: string): string {
  return text.split(' ').filter((w) => w !== '').sort().join(' ');
}

/** What differs between two answers to the same step. */
function answerDifference(a: Answer, b: Answer): string {
  if (isOutcome(a) && isOutcome(b)) return `${a} → ${b}`;
  // Text read from sysfs or /proc: the same words in another order is its own kind.
  return words(a) === words(b) ? 'order' : 'text';
}

function zoneAspects(a: NodeObservation | undefined, b: NodeObservation | undefined): string | undefined {
  if (a === undefined || b === undefined) return 'node online';
  if (a.online !== b.online) return 'node online';
  for (const za of a.zones) {
    const zb = b.zones.find((z) => z.name === za.name);
    if (zb === undefined) return `zone ${za.name}`;
    if (za.startPfn !== zb.startPfn || za.spanned !== zb.spanned) return `zone ${za.name} span`;
    if (za.present !== zb.present || za.managed !== zb.managed) return `zone ${za.name} pages`;
  }
  if (a.startPfn !== b.startPfn || a.spanned !== b.spanned) return 'node span';
  if (a.present !== b.present) return 'node pages';
  return undefined;
}

/**
 * The first aspect of the observable state that differs, in a fixed order
 * from what a user sees first (zones, blocks) to the sparse layer. Undefined
 * when the states are equal.
 */
export function stateDifference(a: Observation, b: Observation): string | undefined {
  const nids = [...new Set([...a.nodes, ...b.nodes].map((n) => n.nid))].sort((x, y) => x - y);
  for (const nid of nids) {
    const d = zoneAspects(
      a.nodes.find((n) => n.nid === nid),
      b.nodes.find((n) => n.nid === nid),
    );
    if (d !== undefined) return d;
  }
  const ids = [...new Set([...a.blocks, ...b.blocks].map((x) => x.id))].sort((x, y) => x - y);
  for (const id of ids) {
    const ba = a.blocks.find((x) => x.id === id);
    const bb = b.blocks.find((x) => x.id === id);
    if (ba === undefined || bb === undefined) return 'memory blocks';
    if (ba.state !== bb.state) return 'block state';
    if (ba.zone !== bb.zone) return 'block zone';
    if (ba.validZones !== bb.validZones) return words(ba.validZones) === words(bb.validZones) ? 'valid_zones order' : 'valid_zones';
    if (ba.nid !== bb.nid) return 'block node';
  }
  if (a.uninitReads !== b.uninitReads) return a.uninitReads < b.uninitReads ? 'reads uninitialised memmap (B only)' : 'reads uninitialised memmap (A only)';
  const nrs = [...new Set([...a.sections, ...b.sections].map((s) => s.nr))].sort((x, y) => x - y);
  for (const nr of nrs) {
    const sa = a.sections.find((s) => s.nr === nr);
    const sb = b.sections.find((s) => s.nr === nr);
    if (sa === undefined || sb === undefined) return 'sections';
    for (const f of ['present', 'hasMemMap', 'online', 'early', 'usage', 'subsectionMap', 'pfnValid', 'memmapBoot', 'memmapHotplug', 'nid'] as const) {
      if (sa[f] !== sb[f]) return `section ${f}`;
    }
  }
  if (JSON.stringify(a.roots) !== JSON.stringify(b.roots)) return 'mem_section roots';
  if (JSON.stringify(a.memmap) !== JSON.stringify(b.memmap)) return 'memmap state';
  if (JSON.stringify(a.resources) !== JSON.stringify(b.resources)) return 'resources';
  if (JSON.stringify(a.pins) !== JSON.stringify(b.pins)) return 'pins';
  return undefined;
}

export interface StepDifference {
  /** e.g. `state online_movable: -EINVAL → ok`, `state offline: zone Normal span`. */
  readonly kind: string;
  readonly answers: readonly [Answer, Answer];
}

/** The kind of difference a step shows between profile A and profile B, or undefined if none. */
export function classifyStep(step: Step, a: { answer: Answer; obs: Observation }, b: { answer: Answer; obs: Observation }): StepDifference | undefined {
  const op = opLabel(step);
  if (a.answer !== b.answer) return { kind: `${op}: ${answerDifference(a.answer, b.answer)}`, answers: [a.answer, b.answer] };
  const what = stateDifference(a.obs, b.obs);
  return what === undefined ? undefined : { kind: `${op}: ${what}`, answers: [a.answer, b.answer] };
}
