/** One-shot allocation faults at root, usage and memmap (v5.3 unless named). */
import { describe, expect, it } from 'vitest';
import { canonicalObservation } from '../../../../model/observation.ts';
import { FULL64, GiB, MiB, add, bootSec, fail, hotSec, machine, sectionOf } from '../../../helpers/optimized.ts';

const S32 = 0x100000000; // root 0, already allocated by boot
const S256 = 32 * GiB; // section 256: the first of root 1

describe('optimized: fault injection (v5.3)', () => {
  it('root: an add needing a new root is -ENOMEM and allocates nothing; the fault is spent', () => {
    const m = machine();
    const before = canonicalObservation(m.observe());
    m.apply(fail('root'));
    expect(m.apply(add(S256, 2 * MiB))).toBe('-ENOMEM');
    expect(canonicalObservation(m.observe())).toBe(before);
    expect(m.apply(add(S256, 2 * MiB))).toBe('ok');
    expect(m.observe().roots).toEqual([0, 1]);
    expect(sectionOf(m.observe(), 256)).toEqual(hotSec(256, '0x1'));
  });

  it('root: a fault that is not reached stays armed', () => {
    const m = machine();
    m.apply(fail('root'));
    expect(m.apply(add(S32, 2 * MiB))).toBe('ok'); // root 0 exists
    expect(m.apply(add(S256, 2 * MiB))).toBe('-ENOMEM');
    expect(m.observe().roots).toEqual([0]);
  });

  it('usage: -ENOMEM, nothing changes, spent after one failure; arming twice is arming once', () => {
    const m = machine();
    const before = canonicalObservation(m.observe());
    m.apply(fail('usage'));
    m.apply(fail('usage'));
    expect(m.apply(add(S32, 2 * MiB))).toBe('-ENOMEM');
    expect(canonicalObservation(m.observe())).toBe(before);
    expect(m.apply(add(S32, 2 * MiB))).toBe('ok');
  });

  it('usage: not reached while the section already has a usage', () => {
    const m = machine();
    m.apply(add(S32, 2 * MiB));
    m.apply(fail('usage'));
    expect(m.apply(add(S32 + 2 * MiB, 2 * MiB))).toBe('ok');
    expect(m.apply(add(S32 + 128 * MiB, 2 * MiB))).toBe('-ENOMEM');
    expect(sectionOf(m.observe(), 32)).toEqual(hotSec(32, '0x3'));
    expect(sectionOf(m.observe(), 33)).toBeUndefined();
  });

  it('memmap on a fresh section: -ENOMEM, the fresh usage is freed again', () => {
    const m = machine();
    const before = canonicalObservation(m.observe());
    m.apply(fail('memmap'));
    expect(m.apply(add(S32, 2 * MiB))).toBe('-ENOMEM');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('memmap on a partly populated section: the chunk is undone, the rest stays', () => {
    const m = machine();
    m.apply(add(S32, 2 * MiB));
    const before = canonicalObservation(m.observe());
    m.apply(fail('memmap'));
    expect(m.apply(add(S32 + 2 * MiB, 2 * MiB))).toBe('-ENOMEM');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('memmap fails on the first chunk of a multi-section add: nothing stays, the next try collides later', () => {
    const m = machine();
    m.apply(add(S32 + 128 * MiB, 2 * MiB)); // section 33 gets a usage and memmap first
    m.apply(fail('memmap'));
    // chunk 1 (section 32, whole) needs a memmap and takes the fault
    expect(m.apply(add(S32, 128 * MiB + 4 * MiB))).toBe('-ENOMEM');
    expect(sectionOf(m.observe(), 32)).toBeUndefined();
    // and now without a fault: 32 whole, then 33 sub-sections 0..1 collide
    expect(m.apply(add(S32, 128 * MiB + 4 * MiB))).toBe('-EEXIST');
    expect(sectionOf(m.observe(), 32)).toEqual(hotSec(32, FULL64));
    expect(sectionOf(m.observe(), 33)).toEqual(hotSec(33, '0x1'));
  });

  it('memmap fails in the second section: the early hole filled by the first chunk stays', () => {
    const m = machine({ boot: [{ start: 0, size: 48 * MiB, nid: 0 }] });
    m.apply(fail('memmap'));
    // chunk 1: sub-sections 24..63 of early section 0 (no memmap needed); chunk 2: sub-section 0 of section 1
    expect(m.apply(add(48 * MiB, 82 * MiB))).toBe('-ENOMEM');
    const o = m.observe();
    expect(o.sections).toEqual([bootSec(0, FULL64)]);
  });

  it('memmap: not reached when an early hole is filled from the boot memmap', () => {
    const m = machine({ boot: [{ start: 0, size: 48 * MiB, nid: 0 }] });
    m.apply(fail('memmap'));
    expect(m.apply(add(48 * MiB, 2 * MiB))).toBe('ok');
    expect(sectionOf(m.observe(), 0)).toEqual(bootSec(0, '0x1ffffff'));
    expect(m.apply(add(S32, 2 * MiB))).toBe('-ENOMEM');
  });

  it('faults are not reached by an add refused earlier (alignment, -EEXIST)', () => {
    const m = machine();
    m.apply(add(S32, 2 * MiB));
    m.apply(fail('memmap'));
    expect(m.apply(add(S32, 0x1000))).toBe('-EINVAL');
    expect(m.apply(add(S32, 2 * MiB))).toBe('-EEXIST');
    expect(m.apply(add(S32 + 2 * MiB, 2 * MiB))).toBe('-ENOMEM');
  });

  it('root: with sparsemem_extreme off the root point never fires', () => {
    const m = machine({ config: { sparsememExtreme: false } });
    m.apply(fail('root'));
    expect(m.apply(add(S256, 2 * MiB))).toBe('ok');
    expect(m.apply(add(64 * GiB, 2 * MiB))).toBe('ok'); // section 512, "root 2"
    const o = m.observe();
    expect(o.roots).toEqual([]);
    expect(sectionOf(o, 256)).toEqual(hotSec(256, '0x1'));
    expect(sectionOf(o, 512)).toEqual(hotSec(512, '0x1'));
  });
});

describe('optimized: fault injection (v4.19, memmap before usage)', () => {
  it('memmap is tried first; a usage fault then hits the next section', () => {
    const m = machine({ profile: 'v4.19' });
    const before = canonicalObservation(m.observe());
    m.apply(fail('usage'));
    m.apply(fail('memmap'));
    expect(m.apply(add(S32, 128 * MiB))).toBe('-ENOMEM'); // memmap
    expect(canonicalObservation(m.observe())).toBe(before);
    expect(m.apply(add(S32, 128 * MiB))).toBe('-ENOMEM'); // usage
    expect(canonicalObservation(m.observe())).toBe(before);
    expect(m.apply(add(S32, 128 * MiB))).toBe('ok');
  });

  it('a root fault stops the walk; sections before it stay', () => {
    const m = machine({ profile: 'v4.19' });
    m.apply(fail('root'));
    // sections 255 (root 0) and 256 (root 1)
    expect(m.apply(add(S256 - 128 * MiB, 256 * MiB))).toBe('-ENOMEM');
    const o = m.observe();
    expect(o.roots).toEqual([0]);
    expect(sectionOf(o, 255)).toEqual(hotSec(255, FULL64));
    expect(sectionOf(o, 256)).toBeUndefined();
  });
});
