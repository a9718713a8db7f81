import { describe, expect, it } from 'vitest';
import type { MemoryBlock } from '../../../../model/optimized/sysfs/memory-block.ts';
import { MemoryBlockTable } from '../../../../model/optimized/sysfs/memory-blocks.ts';

const block = (id: number): MemoryBlock => ({ id, nid: 0, state: 'offline', nrHwpoison: 0 });

describe('memory block table', () => {
  it('answers like a Map keyed by id, iterating in id order', () => {
    const t = new MemoryBlockTable();
    const ids = [5000, 3, 2 ** 25 - 1, 511, 512, 0];
    for (const id of ids) t.set(id, block(id));
    expect(t.size).toBe(6);
    expect([...t.keys()]).toEqual([0, 3, 511, 512, 5000, 2 ** 25 - 1]);
    expect(t.get(511)?.id).toBe(511);
    expect(t.get(510)).toBeUndefined();
    expect(t.has(2 ** 25 - 1)).toBe(true);
  });

  it('replaces without counting twice and forgets deleted blocks', () => {
    const t = new MemoryBlockTable();
    t.set(7, block(7));
    t.set(7, { ...block(7), state: 'online' });
    expect(t.size).toBe(1);
    expect(t.get(7)?.state).toBe('online');
    expect(t.delete(7)).toBe(true);
    expect(t.delete(7)).toBe(false);
    expect(t.size).toBe(0);
    expect([...t.values()]).toEqual([]);
    t.set(1024, block(1024));
    expect([...t.entries()].map(([id]) => id)).toEqual([1024]);
  });
});
