/** The `-> <expected answer>` tail of a line. */
import type { Answer } from '../model/outcome.ts';
import { isOutcome, OUTCOMES } from '../model/outcome.ts';
import type { Reporter } from './errors.ts';
import type { LexLine, Token } from './lexer.ts';
import { after } from './lexer.ts';
import { quote } from './quote.ts';

export const ARROW = '->';

export interface SplitLine {
  /** The tokens before `->` (at least one). */
  readonly words: readonly Token[];
  readonly arrow?: Token;
  /** The tokens after `->` (only when there is an arrow; possibly none). */
  readonly tail: readonly Token[];
}

/** Cuts a line at its first `->`; what follows is read by parseExpect once the step is known. */
export function splitExpect(l: LexLine, r: Reporter): SplitLine {
  const i = l.tokens.findIndex((t) => t.text === ARROW);
  if (i < 0) return { words: l.tokens, tail: [] };
  const arrow = l.tokens[i] as Token;
  if (i === 0) r.at(arrow, `expected a step before "${ARROW}"`);
  return { words: l.tokens.slice(0, i), arrow, tail: l.tokens.slice(i + 1) };
}

/**
 * The expected answer of a step line. An operation step expects one Outcome;
 * an observation step (`text`) expects the text after the arrow, its words
 * joined by single spaces, which must not be empty.
 */
export function parseExpect(split: SplitLine, text: boolean, r: Reporter): Answer | undefined {
  const arrow = split.arrow;
  if (arrow === undefined) return undefined;
  const first = split.tail[0];
  if (text) {
    if (first === undefined) return r.at(after(arrow), `missing expected answer after "${ARROW}"`);
    return split.tail.map((t) => t.text).join(' ');
  }
  if (first === undefined) return r.at(after(arrow), `missing outcome after "${ARROW}"`);
  if (!isOutcome(first.text)) {
    return r.at(first, `unknown outcome ${quote(first.text)} (known: ${OUTCOMES.join(', ')})`);
  }
  const extra = split.tail[1];
  if (extra !== undefined) r.at(extra, `unexpected ${quote(extra.text)} after the outcome`);
  return first.text;
}

/** Characters that cannot be inside a token: the lexer splits or rejects them. */
const NOT_IN_TOKEN = /[\p{C}\p{Z}#]/u;

/** A word the lexer reads back as exactly one token that is not the arrow (a `state` / `online` word). */
export function isWordToken(s: string): boolean {
  return s !== '' && s !== ARROW && !NOT_IN_TOKEN.test(s);
}

/** Text that parseExpect returns unchanged: non-empty words, each a token, separated by single spaces. */
export function isAnswerText(s: string): boolean {
  return s !== '' && s.split(' ').every((w) => w !== '' && !NOT_IN_TOKEN.test(w));
}
