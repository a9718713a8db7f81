/**
 * What __remove_pages() and a failed arch_add_memory() leave behind, at the
 * edges the random runs rarely reach: section 0 hot-added and removed (boot
 * memory elsewhere), and a failed add that had set the nid of a section that
 * stays present. Expected values worked out by hand from the x86_64 geometry:
 * 128M sections of 64 sub-sections of 2M.
 */
import { describe, expect, it } from 'vitest';
import { addBlock, block, state } from '../../../helpers/hotplug.ts';
import { add, failNext, hotSection, M, machine, remove, section } from '../../../helpers/machine.ts';

const BOOT_HIGH = [{ start: 0x100000000, size: 128 * M, nid: 0 }] as const;

describe('memmap and nid after removes and failed adds', () => {
  it('section 0, hot-added, removed and re-added in part: only the re-added sub-section has a memmap', () => {
    const m = machine('v5.5', BOOT_HIGH);
    expect(add(m, 0, 128 * M)).toBe('ok');
    expect(remove(m, 0, 128 * M)).toBe('ok');
    expect(section(m, 0)).toBeUndefined();
    expect(add(m, 0, 2 * M)).toBe('ok');
    expect(section(m, 0)).toEqual(hotSection(0, '0x1'));
  });

  // A memory block outlives a bare remove_pages of its section; offlining it then reads the
  // freed memmap: 32768 uninitialised pages, -EINVAL (as bare-steps.test.ts shows for block 32).
  it('block 0 (section 0), online, its section bare-removed: offline reads 32768 freed pages', () => {
    const m = machine('v5.5', BOOT_HIGH);
    expect(addBlock(m, 0)).toBe('ok');
    expect(state(m, 0, 'online')).toBe('ok');
    expect(remove(m, 0, 128 * M)).toBe('ok');
    expect(block(m, 0)).toBe('online none');
    expect(state(m, 0, 'offline')).toBe('-EINVAL');
    expect(m.observe().uninitReads).toBe(32768);
  });

  it('a bare remove from a section without a mem_section root into the next root frees the memmap of its first section', () => {
    // x86_64: 256 sections per root; section 511 is the last of root 1 (never allocated),
    // section 512 (64G) the first of root 2, hot-added as block 512 and onlined
    const m = machine('v5.5', BOOT_HIGH);
    expect(addBlock(m, 512)).toBe('ok');
    expect(state(m, 512, 'online')).toBe('ok');
    // section 511 has nothing to remove: a WARN, and the walk goes on to 512
    expect(remove(m, 511 * 128 * M, 256 * M)).toBe('WARN');
    expect(section(m, 512)).toBeUndefined();
    expect(state(m, 512, 'offline')).toBe('-EINVAL');
    expect(m.observe().uninitReads).toBe(32768);
  });

  it('the last section of a removed range loses its memmap too', () => {
    const m = machine('v5.5', BOOT_HIGH);
    expect(add(m, 0x8000000, 256 * M)).toBe('ok');
    expect(remove(m, 0x8000000, 256 * M)).toBe('ok');
    expect(add(m, 0x10000000, 2 * M)).toBe('ok');
    expect(section(m, 2)).toEqual(hotSection(2, '0x1'));
  });

  // Sub-section 0 of section N bare-added on node 0; a memremap on node 1 of sub-sections 1..63 of
  // N and the first of N + 1 fails at N + 1's usage allocation: N gets its node 0 back.
  it.each([40, 0])('memremap on node 1 that fails in the section after section %i gives that section back its node 0', (nr) => {
    const m = machine('v5.5', BOOT_HIGH);
    const base = nr * 128 * M;
    expect(add(m, base, 2 * M, 0)).toBe('ok');
    const before = section(m, nr);
    expect(before).toEqual(hotSection(nr, '0x1'));
    expect(failNext(m, 'usage')).toBe('ok');
    expect(m.apply({ op: 'memremap_pages', start: base + 2 * M, size: 128 * M, nid: 1 })).toBe('-ENOMEM');
    expect(section(m, nr)).toEqual(before);
    expect(section(m, nr + 1)).toBeUndefined();
  });

  it('a failed add_memory leaves neither a section nor a memmap: one sub-section added later shows only itself', () => {
    const m = machine('v5.5', BOOT_HIGH);
    expect(failNext(m, 'memmap')).toBe('ok');
    expect(m.apply({ op: 'add_memory', start: 0x140000000, size: 128 * M, nid: 0 })).toBe('-ENOMEM');
    expect(add(m, 0x140000000, 2 * M)).toBe('ok');
    expect(section(m, 40)).toEqual(hotSection(40, '0x1'));
  });
});
