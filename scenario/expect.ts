/** The `-> <outcome>` tail of a line. */
import type { Outcome } from '../model/outcome.ts';
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
  readonly expect?: Outcome;
}

/** Cuts a line at `->` and parses the outcome after it. */
export function splitExpect(l: LexLine, r: Reporter): SplitLine {
  const i = l.tokens.findIndex((t) => t.text === ARROW);
  if (i < 0) return { words: l.tokens };
  const arrow = l.tokens[i] as Token;
  if (i === 0) r.at(arrow, `expected a step before "${ARROW}"`);
  const outcome = l.tokens[i + 1];
  if (outcome === undefined) return r.at(after(arrow), `missing outcome after "${ARROW}"`);
  if (!isOutcome(outcome.text)) {
    return r.at(outcome, `unknown outcome ${quote(outcome.text)} (known: ${OUTCOMES.join(', ')})`);
  }
  const extra = l.tokens[i + 2];
  if (extra !== undefined) r.at(extra, `unexpected ${quote(extra.text)} after the outcome`);
  return { words: l.tokens.slice(0, i), arrow, expect: outcome.text };
}
