/**
 * Numbers in scenarios: decimal or `0x` hex, optionally followed by a binary
 * unit K, M, G, T or P (×1024^n, either case). Results are exact integers no
 * larger than Number.MAX_SAFE_INTEGER.
 */
import type { Reporter } from './errors.ts';
import type { Token } from './lexer.ts';
import { quote } from './quote.ts';

const UNITS = ['', 'K', 'M', 'G', 'T', 'P'] as const;
const NUMBER = /^(?:0x([0-9a-fA-F]+)|([0-9]+))([kmgtpKMGTP]?)$/;
const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** What a number stands for; names the number in messages. */
export type NumberRole = 'address' | 'size';

/** Shows a token that already matched NUMBER (plain ASCII), cut when long. */
function showNumber(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 40)}...`;
}

/** Parses a number with an optional unit; fails with a message naming `role`. */
export function parseNumber(t: Token, role: NumberRole, r: Reporter): number {
  const m = NUMBER.exec(t.text);
  if (m === null) {
    const article = role === 'address' ? 'an' : 'a';
    return r.at(t, `expected ${article} ${role}, got ${quote(t.text)}`);
  }
  const [, hex, dec, unit = ''] = m;
  let digits: bigint;
  if (hex !== undefined) {
    const significant = hex.replace(/^0+/, '');
    if (significant.length > 14) r.at(t, `number too large: ${showNumber(t.text)}`);
    digits = significant === '' ? 0n : BigInt(`0x${significant}`);
  } else {
    const d = dec ?? '';
    if (d.length > 1 && d.startsWith('0')) {
      r.at(t, `leading zero in decimal number ${quote(t.text)} (octal is not supported)`);
    }
    if (d.length > 16) r.at(t, `number too large: ${showNumber(t.text)}`);
    digits = BigInt(d);
  }
  const power = UNITS.indexOf(unit.toUpperCase() as (typeof UNITS)[number]);
  const value = digits * 1024n ** BigInt(power);
  if (value > MAX) r.at(t, `number too large: ${showNumber(t.text)}`);
  return Number(value);
}

/** A plain decimal integer without unit or leading zeros (node numbers, physbits). */
export function parseDecimal(text: string): number | undefined {
  if (!/^(?:0|[1-9][0-9]{0,14})$/.test(text)) return undefined;
  return Number(text);
}

/** Fails unless `value` is a multiple of the page size. */
export function checkAligned(t: Token, value: number, role: NumberRole, pageSize: number, r: Reporter): void {
  if (value % pageSize === 0) return;
  const shown = role === 'address' ? formatAddress(value) : formatSize(value);
  r.at(t, `${role} ${shown} is not aligned to the page size (${pageSize})`);
}

function checkPrintable(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a printable scenario number: ${n}`);
}

/** `0x…` in lowercase hex. Throws RangeError for a negative, fractional or unsafe number. */
export function formatAddress(n: number): string {
  checkPrintable(n);
  return `0x${n.toString(16)}`;
}

/**
 * The largest unit that divides `n` exactly (`2M`, `128M`, `1G`, `4K`), `0`
 * for zero, else lowercase hex. Throws RangeError like formatAddress.
 */
export function formatSize(n: number): string {
  checkPrintable(n);
  if (n === 0) return '0';
  for (let power = UNITS.length - 1; power >= 1; power--) {
    const unit = 1024 ** power;
    if (n % unit === 0) return `${n / unit}${UNITS[power] ?? ''}`;
  }
  return formatAddress(n);
}

/** Block ids are below 2^40 (memory<N> with N = pfn / pages per block). */
export const BLOCK_ID_LIMIT = 2 ** 40;
const BLOCK_ID = /^(?:0x([0-9a-fA-F]+)|(0|[1-9][0-9]*))$/;

/** A memory block id: decimal (no leading zeros) or `0x` hex, no unit, below BLOCK_ID_LIMIT. */
export function parseBlockId(t: Token, r: Reporter): number {
  const m = BLOCK_ID.exec(t.text);
  if (m === null) return r.at(t, `expected a block id (decimal or 0x hex, no unit), got ${quote(t.text)}`);
  const [, hex, dec] = m;
  const digits = hex !== undefined ? hex.replace(/^0+/, '') : (dec ?? '0');
  // 2^40 has 11 hex and 13 decimal digits: anything longer is out of range without converting it.
  const tooLong = digits.length > (hex !== undefined ? 11 : 13);
  const value = tooLong ? BLOCK_ID_LIMIT : Number(hex !== undefined ? `0x${digits || '0'}` : digits);
  if (value >= BLOCK_ID_LIMIT) {
    r.at(t, `block id ${quote(t.text)} is out of range (0..${BLOCK_ID_LIMIT - 1})`);
  }
  return value;
}
