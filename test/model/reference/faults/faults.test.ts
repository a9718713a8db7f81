import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../../model/config.ts';
import { add, failNext, hotSection, M, machine, section } from '../../../helpers/machine.ts';

// Section 256 (0x800000000) is the first section of root 1 on x86_64 (256 sections per root).
const ROOT1 = 0x800000000;

describe('reference: one-shot allocation faults', () => {
  it('fail next usage: the add answers -ENOMEM and nothing changes; the next add succeeds', () => {
    const m = machine('v5.3');
    const before = m.observe();
    expect(failNext(m, 'usage')).toBe('ok');
    expect(add(m, 0x100000000, 2 * M)).toBe('-ENOMEM');
    expect(m.observe()).toEqual(before);
    expect(add(m, 0x100000000, 2 * M)).toBe('ok');
  });

  it('fail next memmap: -ENOMEM, the activated map and the fresh usage are undone', () => {
    const m = machine('v5.3');
    const before = m.observe();
    failNext(m, 'memmap');
    expect(add(m, 0x100000000, 2 * M)).toBe('-ENOMEM');
    expect(m.observe()).toEqual(before);
    expect(add(m, 0x100000000, 2 * M)).toBe('ok');
  });

  it('fail next memmap on a section that already has sub-sections leaves them alone', () => {
    const m = machine('v5.3');
    add(m, 0x100000000, 2 * M);
    const before = m.observe();
    failNext(m, 'memmap');
    expect(add(m, 0x100200000, 2 * M)).toBe('-ENOMEM');
    expect(m.observe()).toEqual(before);
  });

  it('fail next root on a new root: -ENOMEM and no root', () => {
    const m = machine('v5.3');
    failNext(m, 'root');
    expect(add(m, ROOT1, 2 * M)).toBe('-ENOMEM');
    expect(m.observe().roots).toEqual([0]);
    expect(section(m, 256)).toBeUndefined();
    expect(add(m, ROOT1, 2 * M)).toBe('ok');
    expect(m.observe().roots).toEqual([0, 1]);
  });

  it('a root allocated before a later failure stays allocated', () => {
    const m = machine('v5.3');
    failNext(m, 'usage');
    expect(add(m, ROOT1, 2 * M)).toBe('-ENOMEM');
    expect(m.observe().roots).toEqual([0, 1]);
    expect(section(m, 256)).toBeUndefined();
  });

  it('a fault on a point never reached stays armed', () => {
    const m = machine('v5.3');
    failNext(m, 'root');
    // Root 0 exists: the root allocation point is not reached.
    expect(add(m, 0x100000000, 2 * M)).toBe('ok');
    expect(add(m, ROOT1, 2 * M)).toBe('-ENOMEM');
  });

  it('a failed add in the middle of a range keeps the chunks before it', () => {
    // Section 32 is early (boot sub-section 0): its chunk reuses the boot memmap and
    // allocates nothing, so the memmap fault fires at the chunk in section 33.
    const m = machine('v5.3', [
      { start: 0x100000, size: 0x3fee0000, nid: 0 },
      { start: 0x100000000, size: 2 * M, nid: 0 },
    ]);
    failNext(m, 'memmap');
    expect(add(m, 0x107e00000, 4 * M)).toBe('-ENOMEM');
    expect(section(m, 32)?.subsectionMap).toBe('0x8000000000000001');
    expect(section(m, 33)).toBeUndefined();
  });

  it('faults at two points: each fires at its own point, in walk order', () => {
    const m = machine('v5.3');
    failNext(m, 'memmap');
    failNext(m, 'usage');
    // The usage allocation comes first and fails; the memmap fault is not reached.
    expect(add(m, 0x100000000, 128 * M)).toBe('-ENOMEM');
    expect(section(m, 32)).toBeUndefined();
    expect(add(m, 0x100000000, 128 * M)).toBe('-ENOMEM');
    expect(section(m, 32)).toBeUndefined();
    expect(add(m, 0x100000000, 128 * M)).toBe('ok');
  });

  it('arming twice is the same as arming once', () => {
    const m = machine('v5.3');
    failNext(m, 'usage');
    failNext(m, 'usage');
    expect(add(m, 0x100000000, 2 * M)).toBe('-ENOMEM');
    expect(add(m, 0x100000000, 2 * M)).toBe('ok');
  });

  it('without SPARSEMEM_EXTREME the root fault never fires', () => {
    const m = machine('v5.3', undefined, { ...DEFAULT_CONFIG, sparsememExtreme: false });
    failNext(m, 'root');
    expect(add(m, ROOT1, 2 * M)).toBe('ok');
    expect(m.observe().roots).toEqual([]);
    expect(section(m, 256)).toEqual(hotSection(256, '0x1'));
  });

  it('hot-add into an early section reuses the boot memmap: the memmap fault is not reached', () => {
    const m = machine('v5.3', [
      { start: 0x100000, size: 0x3fee0000, nid: 0 },
      { start: 0x100000000, size: 2 * M, nid: 0 },
    ]);
    failNext(m, 'memmap');
    expect(add(m, 0x100200000, 2 * M)).toBe('ok');
    expect(add(m, 0x108000000, 2 * M)).toBe('-ENOMEM');
  });

  it('v4.19: a fault in the second section stops the walk after the swallowed -EEXIST of the first', () => {
    const m = machine('v4.19');
    add(m, 0x100000000, 128 * M);
    const s32 = section(m, 32);
    failNext(m, 'memmap');
    expect(add(m, 0x100000000, 256 * M)).toBe('-ENOMEM');
    expect(section(m, 32)).toEqual(s32);
    expect(section(m, 33)).toBeUndefined();
  });

  it('v4.19: usage fails after the memmap was allocated; nothing remains', () => {
    const m = machine('v4.19');
    const before = m.observe();
    failNext(m, 'usage');
    expect(add(m, 0x100000000, 128 * M)).toBe('-ENOMEM');
    expect(m.observe()).toEqual(before);
  });
});
