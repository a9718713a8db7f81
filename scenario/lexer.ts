/**
 * Splits scenario text into lines of whitespace-separated tokens.
 *
 * - Lines end at `\n`; a `\r` just before it is dropped (CRLF files).
 * - `#` starts a comment to the end of the line, anywhere on the line.
 * - Only spaces and tabs separate tokens. Any other control, format or
 *   separator character outside a comment is an error at its column.
 * - A leading byte-order mark is ignored.
 * - Columns are 1-based and count Unicode code points.
 * - A line holds at most MAX_LINE code points, so nothing downstream ever
 *   scans or quotes a megabyte-long token.
 */
import type { Pos, Reporter } from './errors.ts';
import { codePointLabel } from './quote.ts';

export interface Token extends Pos {
  readonly text: string;
}

export interface LexLine {
  readonly line: number;
  /** At least one token. */
  readonly tokens: readonly Token[];
  /** The column just after the last token (where a missing argument would go). */
  readonly end: Pos;
}

/** Longest line, in code points: scenario lines are a step and a comment. */
export const MAX_LINE = 4096;

/** Above this share of suspicious code points the input is treated as binary. */
const BINARY_SHARE = 0.3;

/** Fails with `not a text file` on a NUL byte or on mostly binary input. */
export function checkText(text: string, r: Reporter): void {
  if (text.includes('\0')) r.whole('not a text file');
  let total = 0;
  let suspicious = 0;
  for (const ch of text) {
    total++;
    const cp = ch.codePointAt(0) ?? 0;
    const control = (cp < 0x20 && ch !== '\t' && ch !== '\n' && ch !== '\r') || (cp >= 0x7f && cp <= 0x9f);
    if (control || cp === 0xfffd) suspicious++;
  }
  if (total > 0 && suspicious / total > BINARY_SHARE) r.whole('not a text file');
}

const UNEXPECTED = /[\p{C}\p{Z}]/u;

/** Lines one at a time: a parser that stops (an error, too many steps) has not lexed the rest of a large file. */
export function* lex(text: string, r: Reporter): Generator<LexLine> {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let start = 0;
  for (let line = 1; start <= body.length; line++) {
    const nl = body.indexOf('\n', start);
    const end = nl === -1 ? body.length : nl;
    let raw = body.slice(start, end);
    start = end + 1;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.length > MAX_LINE && Array.from(raw).length > MAX_LINE) r.at({ line, column: MAX_LINE + 1 }, `line longer than ${MAX_LINE} characters`);
    const lexed = lexLine(raw, line, r);
    if (lexed !== undefined) yield lexed;
  }
}

function lexLine(raw: string, line: number, r: Reporter): LexLine | undefined {
  const tokens: Token[] = [];
  let column = 0;
  let current = '';
  let start = 0;
  const flush = (): void => {
    if (current !== '') tokens.push({ text: current, line, column: start });
    current = '';
  };
  for (const ch of raw) {
    column++;
    if (ch === '#') break;
    if (ch === ' ' || ch === '\t') {
      flush();
      continue;
    }
    if (UNEXPECTED.test(ch)) r.at({ line, column }, `unexpected character ${codePointLabel(ch)}`);
    if (current === '') start = column;
    current += ch;
  }
  flush();
  const last = tokens[tokens.length - 1];
  if (last === undefined) return undefined;
  return { line, tokens, end: after(last) };
}

/** The position just after a token. */
export function after(t: Token): Pos {
  return { line: t.line, column: t.column + Array.from(t.text).length };
}
