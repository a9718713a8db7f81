/** Step lines: everything after the header. */
import { ERRNOS } from '../model/outcome.ts';
import type { Errno } from '../model/outcome.ts';
import { ALLOC_POINTS, QUERIES } from '../model/step.ts';
import type { AllocPoint, QueryName, Step } from '../model/step.ts';
import { parseArgs } from './args.ts';
import type { Reporter } from './errors.ts';
import { HEADER_WORDS, RESERVED_WORDS, STEP_WORDS } from './keywords.ts';
import type { Token } from './lexer.ts';
import { nodeOption } from './node.ts';
import { checkAligned, parseNumber } from './numbers.ts';
import type { NumberRole } from './numbers.ts';
import { quote } from './quote.ts';
import { suggest } from './suggest.ts';

const FAIL_USAGE = `fail next <${ALLOC_POINTS.join('|')}> -<ERRNO>`;

function isQuery(w: string): w is QueryName {
  return (QUERIES as readonly string[]).includes(w);
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
  if (word === 'add_pages') {
    const usage = 'add_pages <start> <size> [node=N]';
    const args = parseArgs(keyword, rest, { positional: ['start', 'size'], options: ['node'], usage }, r);
    const [start, size] = args.positional as [Token, Token];
    return { op: 'add_pages', start: number(start, 'address'), size: number(size, 'size'), nid: nodeOption(args, r) };
  }
  if (word === 'remove_pages') {
    const usage = 'remove_pages <start> <size>';
    const args = parseArgs(keyword, rest, { positional: ['start', 'size'], options: [], usage }, r);
    const [start, size] = args.positional as [Token, Token];
    return { op: 'remove_pages', start: number(start, 'address'), size: number(size, 'size') };
  }
  if (word === 'fail') return parseFail(keyword, rest, r);
  if (isQuery(word)) {
    const args = parseArgs(keyword, rest, { positional: ['address'], options: [], usage: `${word} <address>` }, r);
    return { op: 'query', query: word, addr: number(args.positional[0] as Token, 'address') };
  }
  if (word === 'dump') {
    parseArgs(keyword, rest, { positional: [], options: [], usage: 'dump' }, r);
    return { op: 'dump' };
  }
  return unknownStep(keyword, r);
}

function parseFail(keyword: Token, rest: readonly Token[], r: Reporter): Step {
  const spec = { positional: ['"next"', 'allocation point', 'errno'], options: [], usage: FAIL_USAGE };
  const args = parseArgs(keyword, rest, spec, r);
  const [next, point, err] = args.positional as [Token, Token, Token];
  if (next.text !== 'next') r.at(next, `expected "next", got ${quote(next.text)} (usage: ${FAIL_USAGE})`);
  if (!(ALLOC_POINTS as readonly string[]).includes(point.text)) {
    r.at(point, `unknown allocation point ${quote(point.text)} (known: ${ALLOC_POINTS.join(', ')})`);
  }
  const errno = err.text.startsWith('-') ? err.text.slice(1) : undefined;
  if (errno === undefined || !(ERRNOS as readonly string[]).includes(errno)) {
    r.at(err, `unknown errno ${quote(err.text)} (known: ${ERRNOS.map((e) => `-${e}`).join(', ')})`);
  }
  return { op: 'fail', alloc: point.text as AllocPoint, errno: errno as Errno };
}

/** Fails for a word that is not a step: reserved for later versions, or unknown. */
export function unknownStep(keyword: Token, r: Reporter): never {
  const word = keyword.text;
  if (RESERVED_WORDS.includes(word)) {
    r.at(keyword, `step ${quote(word)} is reserved for memory blocks and zones, which this version does not model yet`);
  }
  const guess = suggest(word, [...STEP_WORDS, ...HEADER_WORDS]);
  const hint = guess === undefined ? '' : `; did you mean "${guess}"?`;
  return r.at(keyword, `unknown step ${quote(word)}${hint} (known: ${STEP_WORDS.join(', ')})`);
}
