/**
 * One short line from any message. A message may carry user input (a
 * token, a file name, a JSON key), and that input may hold newlines, CR,
 * U+2028, bidi overrides or 100 KB of text: errorLine() makes any message
 * one short line, and excerpt() is how a message quotes what the user gave.
 * No imports: every layer uses it (base/, the bottom layer, docs/architecture.md).
 */

/** Longest piece of user input a message quotes, in code points. */
export const EXCERPT_MAX = 60;
/** A run without spaces longer than this in a finished message was not quoted through excerpt(): cut it. */
const RUN_MAX = 100;
/** No message is longer than this, in code points (the longest legitimate one lists 50-odd bug switches). */
export const LINE_MAX = 2000;

/**
 * Control, format, surrogate, private-use and unassigned characters, and
 * every separator but the plain space: shown as `\uXXXX` so a terminal
 * never interprets them and a message never splits (LF, CR, U+2028/2029,
 * U+202E and the other bidi controls are all in here).
 */
const UNSAFE = /[\p{C}\p{Z}]/u;

function escapeChar(ch: string): string {
  if (ch === ' ' || !UNSAFE.test(ch)) return ch;
  const cp = ch.codePointAt(0) ?? 0;
  return cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\u{${cp.toString(16)}}`;
}

/** The first `max` code points of `s` (iterating only as far as needed: `s` may be megabytes). */
function firstCodePoints(s: string, max: number): { text: string; cut: boolean } {
  let text = '';
  let n = 0;
  for (const ch of s) {
    if (n === max) return { text, cut: true };
    text += ch;
    n++;
  }
  return { text, cut: false };
}

function codePointCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 === s.length) n++;
    else {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      n++;
    }
  }
  return n;
}

/**
 * User input as a message quotes it: double-quoted, backslash, quote and
 * unsafe characters escaped, at most EXCERPT_MAX code points, a longer
 * text cut with `…` and followed by its length.
 */
export function excerpt(input: string): string {
  const { text, cut } = firstCodePoints(input, EXCERPT_MAX);
  let out = '';
  for (const ch of text) out += ch === '\\' ? '\\\\' : ch === '"' ? '\\"' : escapeChar(ch);
  return cut ? `"${out}…" (${codePointCount(input)} characters)` : `"${out}"`;
}

/** Text the message shows as it is (JSON, a path): escaped, and cut like excerpt() but without quotes. */
export function clip(input: string): string {
  const { text, cut } = firstCodePoints(input, EXCERPT_MAX);
  const shown = [...text].map(escapeChar).join('');
  return cut ? `${shown}… (${codePointCount(input)} characters)` : shown;
}

/**
 * Any message as one line: unsafe characters escaped, a run of more than
 * RUN_MAX code points without a space cut to an excerpt, and the whole
 * line cut at LINE_MAX. The last two only fire where a message quoted user
 * input without excerpt(); the fuzz tier (fuzz/) counts those as findings.
 */
export function errorLine(message: string): string {
  const { text: head, cut } = firstCodePoints(message, LINE_MAX);
  let escaped = '';
  for (const ch of head) escaped += escapeChar(ch);
  let out = '';
  let i = 0;
  while (i < escaped.length) {
    const space = escaped.indexOf(' ', i);
    const end = space === -1 ? escaped.length : space;
    const run = escaped.slice(i, end);
    out += codePointCount(run) > RUN_MAX ? `${firstCodePoints(run, EXCERPT_MAX).text}… (${codePointCount(run)} characters)` : run;
    if (space !== -1) out += ' ';
    i = end + 1;
  }
  return cut ? `${out}… (message cut at ${LINE_MAX} of ${codePointCount(message)} characters)` : out;
}

/** A file name as a message shows it: escaped, and cut like excerpt() when it is longer than a path usually is. */
export function shownFile(file: string): string {
  const { text, cut } = firstCodePoints(file, RUN_MAX);
  if (!cut) return [...text].map(escapeChar).join('');
  return `${[...firstCodePoints(file, EXCERPT_MAX).text].map(escapeChar).join('')}… (a ${codePointCount(file)}-character name)`;
}
