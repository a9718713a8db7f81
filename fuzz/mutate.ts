/**
 * Mutations of text and bytes: what turns a valid input file into a
 * malformed one. Each takes the generator and returns a new value; none
 * looks at what the file means (fuzz/json-mutate.ts does, for JSON).
 */
import type { Rng } from './rng.ts';

/** Characters that have broken one-line messages or terminals: line and paragraph separators, CR, bidi controls, NUL, BOM. */
export const NASTY = ['\r', '\n', '\u2028', '\u2029', '\u202e', '\u2066', '\u200b', '\u0000', '\u001b[31m', '\ufeff', '\u0085', '\t', '\ud800', '😀', 'e\u0301', '\u00a0'] as const;

/** Numbers at and past every limit a parser may have. */
export const HUGE_NUMBERS = [
  '0x10000000000000000', '0xffffffffffffffff', '18446744073709551616', '9007199254740993', '99999999999999999999999',
  '1P', '1023P', '0x3ffffffffffff000', '0x7fffffffffffffff', '4096P', '1e308', `1${'0'.repeat(400)}`,
] as const;
export const ODD_NUMBERS = ['-1', '-0x1000', '-4096', '0', '00', '0x', '1.5', '0x1g', '+1', '1K2', '1KK', 'NaN', 'Infinity', '0b101', '1_000'] as const;

export function lines(text: string): string[] {
  return text.split('\n');
}

export function flipBytes(buf: Buffer, rng: Rng): Buffer {
  const out = Buffer.from(buf);
  if (out.length === 0) return Buffer.from([rng.int(256)]);
  const n = rng.range(1, 8);
  for (let i = 0; i < n; i++) {
    const at = rng.int(out.length);
    out[at] = rng.chance(0.5) ? (out[at]! ^ (1 << rng.int(8))) : rng.int(256);
  }
  return out;
}

export function truncate(buf: Buffer, rng: Rng): Buffer {
  return buf.subarray(0, rng.int(buf.length + 1));
}

export function duplicateLines(text: string, rng: Rng): string {
  const ls = lines(text);
  const at = rng.int(ls.length);
  // Long files come from the many-steps generator: here a line is repeated a few times at most.
  const times = rng.pick([1, 2, 10]);
  ls.splice(at, 0, ...Array.from({ length: times }, () => ls[at]!));
  return ls.join('\n');
}

export function deleteLines(text: string, rng: Rng): string {
  const ls = lines(text);
  const n = rng.range(1, Math.max(1, Math.floor(ls.length / 3)));
  for (let i = 0; i < n && ls.length > 0; i++) ls.splice(rng.int(ls.length), 1);
  return ls.join('\n');
}

export function swapLines(text: string, rng: Rng): string {
  const ls = lines(text);
  const a = rng.int(ls.length);
  const b = rng.int(ls.length);
  [ls[a], ls[b]] = [ls[b]!, ls[a]!];
  return ls.join('\n');
}

/** Every maximal run of digits, hex digits and units: where a number can be swapped. */
const NUMBER = /0x[0-9a-fA-F]+|\b\d+[KMGTPkmgtp]?\b/g;

function replaceNumber(text: string, rng: Rng, choices: readonly string[]): string {
  const found = [...text.matchAll(NUMBER)];
  if (found.length === 0) return `${text}\n${rng.pick(choices)}`;
  const m = rng.pick(found);
  return text.slice(0, m.index) + rng.pick(choices) + text.slice(m.index + m[0].length);
}

export function hugeNumber(text: string, rng: Rng): string {
  return replaceNumber(text, rng, HUGE_NUMBERS);
}

export function oddNumber(text: string, rng: Rng): string {
  return replaceNumber(text, rng, ODD_NUMBERS);
}

export function insertNasty(text: string, rng: Rng): string {
  const at = rng.int(text.length + 1);
  return text.slice(0, at) + rng.pick(NASTY) + text.slice(at);
}

/** A line of about a megabyte: one token, a comment, or spaced words. */
export function megabyteLine(text: string, rng: Rng): string {
  const unit = rng.pick(['A', '9', 'add_pages ', '# ', 'x\u202e', '\u2028']);
  const line = unit.repeat(Math.ceil((1 << 20) / unit.length));
  const ls = lines(text);
  ls.splice(rng.int(ls.length + 1), 0, line);
  return ls.join('\n');
}

/** Swaps one whitespace-separated token for one of `vocabulary`, or drops or doubles it. */
export function stirTokens(text: string, rng: Rng, vocabulary: readonly string[]): string {
  const ls = lines(text);
  const li = rng.int(ls.length);
  const words = ls[li]!.split(' ');
  const wi = rng.int(words.length);
  const what = rng.int(3);
  if (what === 0) words[wi] = rng.pick(vocabulary);
  else if (what === 1) words.splice(wi, 1);
  else words.splice(wi, 0, words[wi]!);
  ls[li] = words.join(' ');
  return ls.join('\n');
}

export function splice(a: string, b: string, rng: Rng): string {
  return a.slice(0, rng.int(a.length + 1)) + b.slice(rng.int(b.length + 1));
}

export function garbage(rng: Rng, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = rng.int(256);
  return out;
}
