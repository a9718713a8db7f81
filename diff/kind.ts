/**
 * The kind of a difference between two profiles on one step: the operation
 * (with the sysfs word it wrote) and what differs, in words that do not
 * depend on addresses or block numbers, so that the same change found by two
 * different sequences gets the same kind.
 */
import type { NodeObservation, Observation } from '../model/observation.ts';
import { isOutcome, type Answer } from '../model/outcome.ts';
import { OBSERVATION_OPS, type Step } from '../model/step.ts';

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

/** One differing item of two states: a key naming the item, and the label of the aspect for a kind. */
export interface Aspect {
  readonly key: string;
  readonly label: string;
}

function nodeAspects(nid: number, a: NodeObservation | undefined, b: NodeObservation | undefined): Aspect[] {
  if (a === undefined || b === undefined || a.online !== b.online) return [{ key: `node ${nid} online`, label: 'node online' }];
  const out: Aspect[] = [];
  for (const za of a.zones) {
    const zb = b.zones.find((z) => z.name === za.name);
    if (zb === undefined) out.push({ key: `zone ${nid}/${za.name}`, label: `zone ${za.name}` });
    else if (za.startPfn !== zb.startPfn || za.spanned !== zb.spanned) out.push({ key: `zone ${nid}/${za.name} span`, label: `zone ${za.name} span` });
    else if (za.present !== zb.present || za.managed !== zb.managed) out.push({ key: `zone ${nid}/${za.name} pages`, label: `zone ${za.name} pages` });
  }
  if (a.startPfn !== b.startPfn || a.spanned !== b.spanned) out.push({ key: `node ${nid} span`, label: 'node span' });
  if (a.present !== b.present) out.push({ key: `node ${nid} pages`, label: 'node pages' });
  return out;
}

/**
 * Every differing item of two states, in a fixed order from what a user sees
 * first (zones, blocks) to the sparse layer.
 */
function aspects(a: Observation, b: Observation): Aspect[] {
  const out: Aspect[] = [];
  const nids = [...new Set([...a.nodes, ...b.nodes].map((n) => n.nid))].sort((x, y) => x - y);
  for (const nid of nids) out.push(...nodeAspects(nid, a.nodes.find((n) => n.nid === nid), b.nodes.find((n) => n.nid === nid)));
  const ids = [...new Set([...a.blocks, ...b.blocks].map((x) => x.id))].sort((x, y) => x - y);
  for (const id of ids) {
    const ba = a.blocks.find((x) => x.id === id);
    const bb = b.blocks.find((x) => x.id === id);
    const key = (what: string) => `block ${id} ${what}`;
    if (ba === undefined || bb === undefined) out.push({ key: key('exists'), label: 'memory blocks' });
    else if (ba.state !== bb.state) out.push({ key: key('state'), label: 'block state' });
    else if (ba.zone !== bb.zone) out.push({ key: key('zone'), label: 'block zone' });
    else if (ba.validZones !== bb.validZones) out.push({ key: key('valid_zones'), label: words(ba.validZones) === words(bb.validZones) ? 'valid_zones order' : 'valid_zones' });
    else if (ba.nid !== bb.nid) out.push({ key: key('nid'), label: 'block node' });
  }
  if (a.uninitReads !== b.uninitReads) out.push({ key: 'uninitReads', label: a.uninitReads < b.uninitReads ? 'reads uninitialised memmap (B only)' : 'reads uninitialised memmap (A only)' });
  const nrs = [...new Set([...a.sections, ...b.sections].map((x) => x.nr))].sort((x, y) => x - y);
  for (const nr of nrs) {
    const sa = a.sections.find((x) => x.nr === nr);
    const sb = b.sections.find((x) => x.nr === nr);
    if (sa === undefined || sb === undefined) {
      out.push({ key: `section ${nr}`, label: 'sections' });
      continue;
    }
    const f = (['present', 'hasMemMap', 'online', 'early', 'usage', 'subsectionMap', 'pfnValid', 'memmapBoot', 'memmapHotplug', 'nid'] as const).find((k) => sa[k] !== sb[k]);
    if (f !== undefined) out.push({ key: `section ${nr} ${f}`, label: `section ${f}` });
  }
  if (JSON.stringify(a.roots) !== JSON.stringify(b.roots)) out.push({ key: 'roots', label: 'mem_section roots' });
  if (JSON.stringify(a.memmap) !== JSON.stringify(b.memmap)) out.push({ key: 'memmap', label: 'memmap state' });
  if (JSON.stringify(a.resources) !== JSON.stringify(b.resources)) out.push({ key: 'resources', label: 'resources' });
  if (JSON.stringify(a.pins) !== JSON.stringify(b.pins)) out.push({ key: 'pins', label: 'pins' });
  return out;
}

/**
 * The first aspect of the observable state that differs after a step and
 * did not already differ before it (states can differ from boot on, e.g. in
 * valid_zones; a step is judged by what it changed). Undefined when the step
 * added no difference. Without `before`, any difference counts.
 */
export function stateDifference(a: Observation, b: Observation, before?: { readonly a: Observation; readonly b: Observation }): string | undefined {
  return newAspect(a, b, before)?.label;
}

/** The first differing item a step added, with its key (see stateDifference). */
export function newAspect(a: Observation, b: Observation, before?: { readonly a: Observation; readonly b: Observation }): Aspect | undefined {
  const now = aspects(a, b);
  if (before === undefined) return now[0];
  const old = new Set(aspects(before.a, before.b).map((x) => x.key));
  for (const x of now) {
    if (x.key === 'uninitReads') {
      // A counter: what matters is whether this step read on one side only.
      const da = a.uninitReads - before.a.uninitReads;
      const db = b.uninitReads - before.b.uninitReads;
      if (da !== db) return { key: x.key, label: da > db ? 'reads uninitialised memmap (A only)' : 'reads uninitialised memmap (B only)' };
      continue;
    }
    if (!old.has(x.key)) return x;
  }
  return undefined;
}

/** How one side shows the item an aspect key names, in /proc and sysfs words where there are some. */
export function describeItem(key: string, o: Observation, other?: Observation): string {
  const zone = /^zone (\d+)\/(\w+)/.exec(key);
  if (zone !== null) {
    const z = o.nodes.find((n) => n.nid === Number(zone[1]))?.zones.find((x) => x.name === zone[2]);
    return z === undefined ? 'absent' : `start_pfn=${z.startPfn} spanned=${z.spanned} present=${z.present} managed=${z.managed}`;
  }
  const node = /^node (\d+)/.exec(key);
  if (node !== null) {
    const n = o.nodes.find((x) => x.nid === Number(node[1]));
    return n === undefined ? 'absent' : `${n.online ? 'online' : 'offline'} start_pfn=${n.startPfn} spanned=${n.spanned} present=${n.present}`;
  }
  const block = /^block (\d+)/.exec(key);
  if (block !== null) {
    const x = o.blocks.find((y) => y.id === Number(block[1]));
    return x === undefined ? 'absent' : `${x.state} ${x.zone} valid_zones="${x.validZones}"`;
  }
  const section = /^section (\d+)(?: (\w+))?/.exec(key);
  if (section !== null) {
    const x = o.sections.find((y) => y.nr === Number(section[1]));
    if (x === undefined) return 'absent';
    const field = section[2] as keyof typeof x | undefined;
    return field === undefined ? 'present' : `${field}=${String(x[field])}`;
  }
  if (key === 'uninitReads') return `uninitialised memmap reads=${o.uninitReads}`;
  if (key === 'memmap' && other !== undefined) {
    // The first run this side has and the other has not.
    const r = o.memmap.find((x) => !other.memmap.some((y) => y.startPfn === x.startPfn && y.endPfn === x.endPfn && y.state === x.state));
    return r === undefined ? 'same runs' : `memmap pfn ${r.startPfn}..${r.endPfn} ${r.state}`;
  }
  const text = JSON.stringify(key === 'roots' ? o.roots : key === 'memmap' ? o.memmap : key === 'resources' ? o.resources : o.pins);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

export interface StepDifference {
  /** e.g. `state online_movable: -EINVAL → ok`, `state offline: zone Normal span`. */
  readonly kind: string;
  readonly answers: readonly [Answer, Answer];
}

/** The kind of difference a step shows between profile A and profile B, or undefined if none. */
export function classifyStep(
  step: Step,
  a: { answer: Answer; obs: Observation; before: Observation },
  b: { answer: Answer; obs: Observation; before: Observation },
): StepDifference | undefined {
  const op = opLabel(step);
  // A read shows state: where the states already differed, a different answer is not news.
  const readOfKnown = (OBSERVATION_OPS as readonly string[]).includes(step.op) && stateDifference(a.before, b.before) !== undefined;
  if (a.answer !== b.answer && !readOfKnown) return { kind: `${op}: ${answerDifference(a.answer, b.answer)}`, answers: [a.answer, b.answer] };
  const what = stateDifference(a.obs, b.obs, { a: a.before, b: b.before });
  return what === undefined ? undefined : { kind: `${op}: ${what}`, answers: [a.answer, b.answer] };
}
