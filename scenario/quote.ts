/**
 * Safe, one-line rendering of untrusted text for error messages: a scenario
 * may contain control characters, bidi overrides, line separators or binary
 * noise, and none of it may reach a terminal raw or split a message in two.
 */

/** Longest token shown in a message, in code points. */
export const MAX_SHOWN = 40;

/**
 * Characters escaped as `\uXXXX`: every "other" (control, format, surrogate,
 * private use, unassigned) and every separator except the plain space.
 */
const UNSAFE = /[\p{C}\p{Z}]/u;

function escapeChar(ch: string): string {
  if (ch === ' ') return ch;
  if (!UNSAFE.test(ch)) return ch;
  const cp = ch.codePointAt(0) ?? 0;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\u{${cp.toString(16)}}`;
}

/** Escapes backslash, double quote and unsafe characters (see UNSAFE). */
export function escapeText(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else out += escapeChar(ch);
  }
  return out;
}

/**
 * A token as shown in a message: double-quoted, escaped, at most MAX_SHOWN
 * code points (a longer token is cut and followed by `...`).
 */
export function quote(token: string): string {
  const cps = Array.from(token);
  if (cps.length <= MAX_SHOWN) return `"${escapeText(token)}"`;
  return `"${escapeText(cps.slice(0, MAX_SHOWN).join(''))}"...`;
}

/** Keeps text on one line: escapes unsafe characters but leaves quotes and backslashes alone. */
export function oneLine(s: string): string {
  let out = '';
  for (const ch of s) out += escapeChar(ch);
  return out;
}

/** `U+0007`: how a single offending character is named in a message. */
export function codePointLabel(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}
