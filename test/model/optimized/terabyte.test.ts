/** Far-away memory: 1 GiB at 63 TiB on x86_64 (46 physical bits), with Normal spanning the whole gap. */
import { describe, expect, it } from 'vitest';
import { GiB, MiB, addMem, machine, removeMem, span, state, zoneOf } from '../../helpers/optimized.ts';

const FAR = 0x3f0000000000; // 63 TiB
const FAR_PFN = FAR / 4096; // 16911433728
const FAR_BLOCK = FAR / (128 * MiB); // 516096
const P32 = 1048576;

describe('optimized: 64 TiB machine', () => {
  it('online and offline far up; spans shrink across the gap', () => {
    const m = machine({ profile: 'v5.5' });
    expect(m.apply(addMem(FAR, 1 * GiB))).toBe('ok');
    expect(m.apply(addMem(0x100000000, 128 * MiB))).toBe('ok');
    expect(m.apply(state(32, 'online'))).toBe('ok');
    for (let b = FAR_BLOCK; b < FAR_BLOCK + 8; b++) expect(m.apply(state(b, 'online'))).toBe('ok');
    let o = m.observe();
    expect(zoneOf(o, 'Normal')).toEqual(span(P32, FAR_PFN + 8 * 32768 - P32, 9 * 32768));
    expect(o.blocks.length).toBe(8 + 1 + 8);
    expect(o.memmap.at(-1)).toEqual({ startPfn: FAR_PFN, endPfn: FAR_PFN + 8 * 32768, state: 'Normal/0' });
    // offline from the top down: each one walks back to the previous block; the last walks back 63 TiB
    for (let b = FAR_BLOCK + 7; b >= FAR_BLOCK; b--) expect(m.apply(state(b, 'offline'))).toBe('ok');
    o = m.observe();
    expect(zoneOf(o, 'Normal')).toEqual(span(P32, 32768));
    expect(o.nodes[0]?.spanned).toBe(P32 + 32768 - 256);
    expect(m.apply(removeMem(FAR, 1 * GiB))).toBe('ok');
    // and the other way: the far block is the only Normal memory, block 32 goes first
    expect(m.apply(addMem(FAR, 128 * MiB))).toBe('ok');
    expect(m.apply(state(FAR_BLOCK, 'online'))).toBe('ok');
    expect(m.apply(state(32, 'offline'))).toBe('ok');
    expect(zoneOf(m.observe(), 'Normal')).toEqual(span(FAR_PFN, 32768));
  });

  it('v5.3 shrinks per section at remove across the same gap', () => {
    const m = machine({ profile: 'v5.3' });
    m.apply(addMem(0x100000000, 128 * MiB));
    m.apply(addMem(FAR, 128 * MiB));
    m.apply(state(32, 'online'));
    m.apply(state(FAR_BLOCK, 'online'));
    m.apply(state(FAR_BLOCK, 'offline'));
    expect(zoneOf(m.observe(), 'Normal')).toEqual(span(P32, FAR_PFN + 32768 - P32, 32768));
    expect(m.apply(removeMem(FAR, 128 * MiB))).toBe('ok');
    expect(zoneOf(m.observe(), 'Normal')).toEqual(span(P32, 32768));
    expect(m.observe().nodes[0]?.spanned).toBe(P32 + 32768 - 256);
  });
});
