/**
 * The memory block devices by id, in a two-level table as the kernel caches
 * them in the memory_blocks radix tree / xarray (drivers/base/memory.c):
 * fixed chunks of ids, a chunk allocated when it first holds a block. A JS Map
 * costs a rehash of every entry every few dozen set+delete pairs once it is
 * large (V8's ordered hash table fills with deleted entries), which made an
 * add_memory + remove_memory of one block cost ≈ 12 µs with the 64 TiB space
 * populated. Iteration is in id order (the kernel's walk order).
 */
import type { MemoryBlock } from './memory-block.ts';

const CHUNK_SHIFT = 9;
const CHUNK = 1 << CHUNK_SHIFT;

interface Chunk {
  readonly slots: (MemoryBlock | undefined)[];
  count: number;
  /** Per id: the block came, went or was written since the last observation (model/touched.ts). */
  readonly dirty: Uint8Array;
  anyDirty: boolean;
}

export class MemoryBlockTable {
  private readonly chunks = new Map<number, Chunk>();
  /** Chunk indices in ascending order, rebuilt after a chunk comes or goes. */
  private order: number[] | undefined = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: number): MemoryBlock | undefined {
    return this.chunks.get(id >>> CHUNK_SHIFT)?.slots[id & (CHUNK - 1)];
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  set(id: number, mem: MemoryBlock): this {
    const index = id >>> CHUNK_SHIFT;
    let chunk = this.chunks.get(index);
    if (chunk === undefined) {
      chunk = { slots: new Array<MemoryBlock | undefined>(CHUNK).fill(undefined), count: 0, dirty: new Uint8Array(CHUNK), anyDirty: false };
      this.chunks.set(index, chunk);
      this.order = undefined;
    }
    const slot = id & (CHUNK - 1);
    if (chunk.slots[slot] === undefined) {
      chunk.count++;
      this.count++;
    }
    chunk.slots[slot] = mem;
    chunk.dirty[slot] = 1;
    chunk.anyDirty = true;
    return this;
  }

  /** A writer of a block's record (state, online type, poison count) marks it. */
  markDirty(id: number): void {
    const chunk = this.chunks.get(id >>> CHUNK_SHIFT);
    if (chunk === undefined) return;
    chunk.dirty[id & (CHUNK - 1)] = 1;
    chunk.anyDirty = true;
  }

  /** The ids marked since clearDirty(), in no particular order. */
  dirtyIds(): number[] {
    const out: number[] = [];
    for (const [index, chunk] of this.chunks) {
      if (!chunk.anyDirty) continue;
      for (let slot = 0; slot < CHUNK; slot++) if (chunk.dirty[slot] !== 0) out.push(index * CHUNK + slot);
    }
    return out;
  }

  /** After an observation: nothing is written since. */
  clearDirty(): void {
    for (const chunk of this.chunks.values()) {
      if (!chunk.anyDirty) continue;
      chunk.dirty.fill(0);
      chunk.anyDirty = false;
    }
  }

  delete(id: number): boolean {
    const index = id >>> CHUNK_SHIFT;
    const chunk = this.chunks.get(index);
    const slot = id & (CHUNK - 1);
    if (chunk === undefined || chunk.slots[slot] === undefined) return false;
    chunk.slots[slot] = undefined;
    chunk.dirty[slot] = 1;
    chunk.anyDirty = true;
    chunk.count--;
    this.count--;
    // an emptied chunk stays: the next add in it (add+remove of one block, over and over) allocates nothing
    return true;
  }

  *values(): IterableIterator<MemoryBlock> {
    if (this.order === undefined) this.order = [...this.chunks.keys()].sort((a, b) => a - b);
    for (const index of this.order) {
      const chunk = this.chunks.get(index);
      if (chunk === undefined || chunk.count === 0) continue;
      for (const mem of chunk.slots) if (mem !== undefined) yield mem;
    }
  }

  *keys(): IterableIterator<number> {
    for (const mem of this.values()) yield mem.id;
  }

  *entries(): IterableIterator<[number, MemoryBlock]> {
    for (const mem of this.values()) yield [mem.id, mem];
  }

  [Symbol.iterator](): IterableIterator<[number, MemoryBlock]> {
    return this.entries();
  }
}
