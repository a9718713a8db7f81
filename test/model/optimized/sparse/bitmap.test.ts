import { describe, expect, it } from 'vitest';
import {
  bitmapAlloc,
  bitmapAnd,
  bitmapAndNot,
  bitmapBits,
  bitmapEmpty,
  bitmapFill,
  bitmapFull,
  bitmapIntersects,
  bitmapOr,
  bitmapSet,
  bitmapSubset,
  bitmapWords,
  bitmapXor,
  testBit,
} from '../../../../model/optimized/sparse/bitmap.ts';

describe('optimized bitmap helpers', () => {
  it('sizes bitmaps in 32-bit words', () => {
    expect(bitmapWords(8)).toBe(1);
    expect(bitmapWords(32)).toBe(1);
    expect(bitmapWords(64)).toBe(2);
    expect(bitmapWords(128)).toBe(4);
    expect(bitmapWords(4096)).toBe(128);
  });

  it('sets ranges inside one word, across words and whole words', () => {
    const m = bitmapAlloc(4);
    bitmapSet(m, 3, 2);
    expect([...m]).toEqual([0x18, 0, 0, 0]);
    bitmapSet(m, 30, 4); // bits 30..33
    expect([...m]).toEqual([0xc0000018, 0x3, 0, 0]);
    bitmapSet(m, 64, 32);
    expect([...m]).toEqual([0xc0000018, 0x3, 0xffffffff, 0]);
    bitmapSet(m, 127, 1);
    expect(m[3]).toBe(0x80000000);
    bitmapSet(m, 5, 0);
    expect(bitmapBits(m)).toEqual([3, 4, 30, 31, 32, 33, ...Array.from({ length: 32 }, (_, i) => 64 + i), 127]);
  });

  it('fills only the valid bits, so full/empty are exact', () => {
    const m8 = bitmapAlloc(1);
    bitmapFill(m8, 8);
    expect(m8[0]).toBe(0xff);
    expect(bitmapFull(m8, 8)).toBe(true);
    m8[0] = 0x7f;
    expect(bitmapFull(m8, 8)).toBe(false);

    const m64 = bitmapAlloc(2);
    expect(bitmapEmpty(m64)).toBe(true);
    bitmapFill(m64, 64);
    expect([...m64]).toEqual([0xffffffff, 0xffffffff]);
    expect(bitmapFull(m64, 64)).toBe(true);
    expect(bitmapEmpty(m64)).toBe(false);
  });

  it('intersects / subset / or / and / andnot / xor word by word', () => {
    const a = Uint32Array.of(0x1, 0x80000000);
    const b = Uint32Array.of(0x2, 0x80000000);
    const c = Uint32Array.of(0x2, 0);
    expect(bitmapIntersects(a, b)).toBe(true);
    expect(bitmapIntersects(a, c)).toBe(false);
    expect(bitmapSubset(c, b)).toBe(true);
    expect(bitmapSubset(b, c)).toBe(false);
    const d = bitmapAlloc(2);
    bitmapOr(d, a, c);
    expect([...d]).toEqual([0x3, 0x80000000]);
    bitmapAnd(d, a, b);
    expect([...d]).toEqual([0, 0x80000000]);
    bitmapAndNot(d, b, a);
    expect([...d]).toEqual([0x2, 0]);
    bitmapXor(d, a, b);
    expect([...d]).toEqual([0x3, 0]);
    expect(testBit(b, 63)).toBe(true);
    expect(testBit(b, 62)).toBe(false);
    expect(bitmapBits(b)).toEqual([1, 63]);
  });
});
