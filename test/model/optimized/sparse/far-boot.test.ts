/**
 * A boot that fills 64 TiB, observed in full: half a million sections. Its own
 * file because it takes seconds: the mutation kill set (vitest.mutation.config.ts)
 * leaves it out, since every mutant of the boot path would rerun it.
 */
import { describe, expect, it } from 'vitest';
import { TiB, bootSec, machine } from '../../../helpers/optimized.ts';

describe('optimized: far out in the address space', () => {
  it('a 64 TiB boot observes every one of its 2^19 sections', () => {
    const m = machine({ boot: [{ start: 0, size: 64 * TiB, nid: 0 }] });
    const o = m.observe();
    expect(o.sections.length).toBe(2 ** 19);
    expect(o.roots.length).toBe(2048);
    expect(o.sections[2 ** 19 - 1]).toEqual(bootSec(2 ** 19 - 1, '0xffffffffffffffff'));
  });
});
