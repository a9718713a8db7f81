/**
 * Fixed-width bitmaps in 32-bit words, the shape of DECLARE_BITMAP().
 *
 * Every bitmap here is indexed by sub-section number inside one section, and
 * geometryProblem() caps that at 2^12, so bitwise operators on bit indices
 * and on word values are safe; nothing in this file ever sees a pfn.
 * Bits past `nbits` in the last word are kept clear, so equality and
 * emptiness are plain word compares.
 */
export type Bitmap = Uint32Array;

/** BITS_TO_LONGS() with 32-bit words. */
export function bitmapWords(nbits: number): number {
  return Math.ceil(nbits / 32);
}

export function bitmapAlloc(words: number): Bitmap {
  return new Uint32Array(words);
}

/**
 * A zeroed bitmap for one caller's temporary use, as C declares one on the
 * stack: each caller passes its own `slot`, and the bitmap is valid until
 * that caller asks again. Spares a typed-array allocation per section on the
 * hot add and remove paths.
 */
const scratch = new Map<number, Bitmap>();
export function bitmapScratch(slot: number, words: number): Bitmap {
  const key = slot * 4096 + words;
  let map = scratch.get(key);
  if (map === undefined) {
    map = new Uint32Array(words);
    scratch.set(key, map);
  } else map.fill(0);
  return map;
}

/** A run of `n` ones (1..32) starting at bit `lo` of a word; `>>> 0` keeps it unsigned. */
function runMask(lo: number, n: number): number {
  return ((0xffffffff >>> (32 - n)) << lo) >>> 0;
}

// mirrors bitmap_set(), lib/bitmap.c, v5.3
export function bitmapSet(map: Bitmap, start: number, len: number): void {
  if (len <= 0) return;
  const end = start + len;
  for (let w = start >>> 5; w <= (end - 1) >>> 5; w++) {
    const base = w << 5;
    const lo = Math.max(start, base) - base;
    const hi = Math.min(end, base + 32) - base;
    map[w] = ((map[w] ?? 0) | runMask(lo, hi - lo)) >>> 0;
  }
}

// mirrors bitmap_fill(), include/linux/bitmap.h, v5.3 (tail bits stay clear, unlike the kernel's)
export function bitmapFill(map: Bitmap, nbits: number): void {
  map.fill(0);
  bitmapSet(map, 0, nbits);
}

// mirrors bitmap_zero(), include/linux/bitmap.h, v5.3
export function bitmapZero(map: Bitmap): void {
  map.fill(0);
}

// mirrors bitmap_empty(), include/linux/bitmap.h, v5.3
export function bitmapEmpty(map: Bitmap): boolean {
  for (let w = 0; w < map.length; w++) if ((map[w] ?? 0) !== 0) return false;
  return true;
}

// mirrors bitmap_full(), include/linux/bitmap.h, v5.3
export function bitmapFull(map: Bitmap, nbits: number): boolean {
  const whole = nbits >>> 5;
  for (let w = 0; w < whole; w++) if ((map[w] ?? 0) !== 0xffffffff) return false;
  const tail = nbits & 31;
  return tail === 0 || (map[whole] ?? 0) === runMask(0, tail);
}

// mirrors bitmap_intersects(), include/linux/bitmap.h, v5.3
export function bitmapIntersects(a: Bitmap, b: Bitmap): boolean {
  for (let w = 0; w < a.length; w++) if (((a[w] ?? 0) & (b[w] ?? 0)) !== 0) return true;
  return false;
}

// mirrors bitmap_subset(), include/linux/bitmap.h, v5.3
export function bitmapSubset(sub: Bitmap, sup: Bitmap): boolean {
  for (let w = 0; w < sub.length; w++) if (((sub[w] ?? 0) & ~(sup[w] ?? 0)) !== 0) return false;
  return true;
}

// mirrors bitmap_or(), include/linux/bitmap.h, v5.3
export function bitmapOr(dst: Bitmap, a: Bitmap, b: Bitmap): void {
  for (let w = 0; w < dst.length; w++) dst[w] = ((a[w] ?? 0) | (b[w] ?? 0)) >>> 0;
}

// mirrors bitmap_and(), include/linux/bitmap.h, v5.3
export function bitmapAnd(dst: Bitmap, a: Bitmap, b: Bitmap): void {
  for (let w = 0; w < dst.length; w++) dst[w] = ((a[w] ?? 0) & (b[w] ?? 0)) >>> 0;
}

// mirrors bitmap_andnot(), include/linux/bitmap.h, v5.3
export function bitmapAndNot(dst: Bitmap, a: Bitmap, b: Bitmap): void {
  for (let w = 0; w < dst.length; w++) dst[w] = ((a[w] ?? 0) & ~(b[w] ?? 0)) >>> 0;
}

// mirrors bitmap_xor(), include/linux/bitmap.h, v5.3
export function bitmapXor(dst: Bitmap, a: Bitmap, b: Bitmap): void {
  for (let w = 0; w < dst.length; w++) dst[w] = ((a[w] ?? 0) ^ (b[w] ?? 0)) >>> 0;
}

// mirrors test_bit(), include/asm-generic/bitops/non-atomic.h, v5.3
export function testBit(map: Bitmap, bit: number): boolean {
  return (((map[bit >>> 5] ?? 0) >>> (bit & 31)) & 1) === 1;
}

/** Set bit indices, ascending: the form formatMask() takes. */
export function bitmapBits(map: Bitmap): number[] {
  const bits: number[] = [];
  for (let w = 0; w < map.length; w++) {
    let word = map[w] ?? 0;
    while (word !== 0) {
      // lowest set bit first keeps the list ascending without a sort
      const low = word & -word;
      bits.push((w << 5) + 31 - Math.clz32(low));
      word = (word ^ low) >>> 0;
    }
  }
  return bits;
}
