/** Step lines: everything after the header. */
import { ERRNOS } from '../model/outcome.ts';
import type { Errno } from '../model/outcome.ts';
import { ALLOC_POINTS, NOTIFIER_EVENTS, QUERIES, ZONE_NAMES } from '../model/step.ts';
import type { AllocPoint, NotifierEvent, QueryName, Step, ZoneName } from '../model/step.ts';
import { parseArgs } from './args.ts';
import type { Reporter } from './errors.ts';
import { HEADER_WORDS, STEP_WORDS } from './keywords.ts';
import type { Token } from './lexer.ts';
import { nodeOption, parseNodeId } from './node.ts';
import { checkAligned, parseBlockId, parseNumber } from './numbers.ts';
import type { NumberRole } from './numbers.ts';
import { quote } from './quote.ts';
import { suggest } from './suggest.ts';

const FAIL_USAGE = `fail next <${ALLOC_POINTS.join('|')}> -<ERRNO>`;
const VETO_USAGE = `veto <${NOTIFIER_EVENTS.join('|')}> -<ERRNO>`;

function isQuery(w: string): w is QueryName {
  return (QUERIES as readonly string[]).includes(w);
}

/** Steps written `<op> <start> <size>`, some with `[node=N]`. */
const RANGE_STEPS = {
  add_pages: true,
  remove_pages: false,
  add_memory: true,
  add_memory_driver_managed: true,
  remove_memory: false,
  memremap_pages: true,
  memunmap_pages: false,
  eject_memory: false,
} as const;
type RangeOp = keyof typeof RANGE_STEPS;

function isRangeOp(w: string): w is RangeOp {
  return Object.hasOwn(RANGE_STEPS, w);
}

/** Parses one step; `words[0]` is the step name. */
export function parseStep(words: readonly Token[], pageSize: number, r: Reporter): Step {
  const [keyword, ...rest] = words as [Token, ...Token[]];
  const word = keyword.text;
  const number = (t: Token, role: NumberRole): number => {
    const v = parseNumber(t, role, r);
    checkAligned(t, v, role, pageSize, r);
    return v;
  };
  const args = (positional: readonly string[], usage: string, options: readonly string[] = []) =>
    parseArgs(keyword, rest, { positional, options, usage }, r);

  if (word === 'add_memory') return parseAddMemory(keyword, rest, pageSize, r);
  if (isRangeOp(word)) {
    const withNode = RANGE_STEPS[word];
    const usage = `${word} <start> <size>${withNode ? ' [node=N]' : ''}`;
    const a = args(['start', 'size'], usage, withNode ? ['node'] : []);
    const [startTok, sizeTok] = a.positional as [Token, Token];
    const start = number(startTok, 'address');
    const size = number(sizeTok, 'size');
    if (word === 'add_pages' || word === 'add_memory' || word === 'add_memory_driver_managed' || word === 'memremap_pages') {
      return { op: word, start, size, nid: nodeOption(a, r) };
    }
    return { op: word, start, size };
  }
  if (word === 'fail') return parseFail(keyword, rest, r);
  if (isQuery(word)) {
    const a = args(['address'], `${word} <address>`);
    return { op: 'query', query: word, addr: number(a.positional[0] as Token, 'address') };
  }
  if (word === 'dump') {
    args([], 'dump');
    return { op: 'dump' };
  }
  if (word === 'state' || word === 'online') {
    const a = args(['block id', 'word'], `${word} <block> <word>`);
    const [blockTok, wordTok] = a.positional as [Token, Token];
    return { op: word, block: parseBlockId(blockTok, r), word: wordTok.text };
  }
  if (word === 'pin' || word === 'unpin' || word === 'poison') {
    const a = args(['address'], `${word} <address>`);
    return { op: word, addr: number(a.positional[0] as Token, 'address') };
  }
  if (word === 'veto') return parseVeto(keyword, rest, r);
  if (word === 'virtio_mem_resize') {
    const a = args(['size'], 'virtio_mem_resize <size>');
    return { op: 'virtio_mem_resize', size: parseNumber(a.positional[0] as Token, 'size', r) };
  }
  if (word === 'valid_zones' || word === 'block') {
    const a = args(['block id'], `${word} <block>`);
    return { op: word, block: parseBlockId(a.positional[0] as Token, r) };
  }
  if (word === 'zone') {
    const a = args(['zone name'], `zone <${ZONE_NAMES.join('|')}> [node=N]`, ['node']);
    return { op: 'zone', zone: zoneName(a.positional[0] as Token, r), nid: nodeOption(a, r) };
  }
  if (word === 'node') {
    const a = args(['node number'], 'node <N>');
    return { op: 'node', nid: parseNodeId(a.positional[0] as Token, r) };
  }
  return unknownStep(keyword, r);
}

/** Flag words add_memory takes after its size: what the caller passes in mhp_flags. */
const ADD_MEMORY_FLAGS = ['memmap_on_memory', 'inaccessible'] as const;
const ADD_MEMORY_USAGE = `add_memory <start> <size> [node=N] [group=dynamic:<unit>] [${ADD_MEMORY_FLAGS.join('] [')}]`;

/** `add_memory <start> <size> [node=N] [memmap_on_memory]`: flag words may stand anywhere after the size. */
function parseAddMemory(keyword: Token, rest: readonly Token[], pageSize: number, r: Reporter): Step {
  const words = rest.slice(0, 2);
  const flags = new Set<string>();
  for (const t of rest.slice(2)) {
    if (!(ADD_MEMORY_FLAGS as readonly string[]).includes(t.text)) {
      words.push(t);
      continue;
    }
    if (flags.has(t.text)) r.at(t, `flag ${t.text} given twice`);
    flags.add(t.text);
  }
  const a = parseArgs(keyword, words, { positional: ['start', 'size'], options: ['node', 'group'], usage: ADD_MEMORY_USAGE }, r);
  const [startTok, sizeTok] = a.positional as [Token, Token];
  const start = parseNumber(startTok, 'address', r);
  checkAligned(startTok, start, 'address', pageSize, r);
  const size = parseNumber(sizeTok, 'size', r);
  checkAligned(sizeTok, size, 'size', pageSize, r);
  const plain = { op: 'add_memory' as const, start, size, nid: nodeOption(a, r) };
  const unit = dynamicUnitOption(a.options.get('group'), pageSize, r);
  const step = unit === undefined ? plain : { ...plain, dynamicUnit: unit };
  const withMemmap = flags.has('memmap_on_memory') ? { ...step, memmapOnMemory: true as const } : step;
  return flags.has('inaccessible') ? { ...withMemmap, inaccessible: true } : withMemmap;
}

/** `group=dynamic:<unit>`: the unit is a size; whether the kernel takes it is the step's answer (-EINVAL). */
function dynamicUnitOption(opt: { token: Token; value: string } | undefined, pageSize: number, r: Reporter): number | undefined {
  if (opt === undefined) return undefined;
  const PREFIX = 'dynamic:';
  if (!opt.value.startsWith(PREFIX)) return r.at(opt.token, `expected group=dynamic:<unit>, got ${quote(opt.token.text)} (static groups are made by add_memory itself)`);
  const text = opt.value.slice(PREFIX.length);
  const at = { line: opt.token.line, column: opt.token.column + 'group='.length + PREFIX.length, text };
  if (text === '') return r.at(at, `missing unit in group=dynamic:<unit> (usage: ${ADD_MEMORY_USAGE})`);
  const unit = parseNumber(at, 'size', r);
  checkAligned(at, unit, 'size', pageSize, r);
  return unit;
}

function zoneName(t: Token, r: Reporter): ZoneName {
  if ((ZONE_NAMES as readonly string[]).includes(t.text)) return t.text as ZoneName;
  const guess = suggest(t.text, ZONE_NAMES);
  const hint = guess === undefined ? '' : `; did you mean "${guess}"?`;
  return r.at(t, `unknown zone ${quote(t.text)}${hint} (known: ${ZONE_NAMES.join(', ')})`);
}

/** `-ENOMEM` and the like, from ERRNOS. */
function parseErrno(t: Token, r: Reporter): Errno {
  const errno = t.text.startsWith('-') ? t.text.slice(1) : undefined;
  if (errno === undefined || !(ERRNOS as readonly string[]).includes(errno)) {
    r.at(t, `unknown errno ${quote(t.text)} (known: ${ERRNOS.map((e) => `-${e}`).join(', ')})`);
  }
  return errno as Errno;
}

function parseFail(keyword: Token, rest: readonly Token[], r: Reporter): Step {
  const spec = { positional: ['"next"', 'allocation point', 'errno'], options: [], usage: FAIL_USAGE };
  const args = parseArgs(keyword, rest, spec, r);
  const [next, point, err] = args.positional as [Token, Token, Token];
  if (next.text !== 'next') r.at(next, `expected "next", got ${quote(next.text)} (usage: ${FAIL_USAGE})`);
  if (!(ALLOC_POINTS as readonly string[]).includes(point.text)) {
    r.at(point, `unknown allocation point ${quote(point.text)} (known: ${ALLOC_POINTS.join(', ')})`);
  }
  return { op: 'fail', alloc: point.text as AllocPoint, errno: parseErrno(err, r) };
}

function parseVeto(keyword: Token, rest: readonly Token[], r: Reporter): Step {
  const spec = { positional: ['notifier event', 'errno'], options: [], usage: VETO_USAGE };
  const args = parseArgs(keyword, rest, spec, r);
  const [event, err] = args.positional as [Token, Token];
  if (!(NOTIFIER_EVENTS as readonly string[]).includes(event.text)) {
    r.at(event, `unknown notifier event ${quote(event.text)} (known: ${NOTIFIER_EVENTS.join(', ')})`);
  }
  return { op: 'veto', event: event.text as NotifierEvent, errno: parseErrno(err, r) };
}

/** Fails for a word that is not a step. */
export function unknownStep(keyword: Token, r: Reporter): never {
  const word = keyword.text;
  const guess = suggest(word, [...STEP_WORDS, ...HEADER_WORDS]);
  const hint = guess === undefined ? '' : `; did you mean "${guess}"?`;
  return r.at(keyword, `unknown step ${quote(word)}${hint} (known: ${STEP_WORDS.join(', ')})`);
}
