/**
 * `modern.unavailableMemmap` (docs/oracle.md, "Offlining a block with a hole
 * before v5.6"): what boot leaves in the struct pages of an early section's
 * pfns that no System RAM covers and no zone spans. Seen only by offline
 * under `hotplug.offlineHoles: ebusy`, so the profile here is the revert
 * audit's: v6.1 with the offline half of c5e79ef561b0 reverted
 * (oracle/audit-examples/revert-c5e79ef561b0-offline.profile.json).
 * Expected answers worked out by hand from Debian's 6.1.176 mm/page_alloc.c
 * (memmap_init(): init_unavailable_range() from the last RAM pfn to the end
 * of its section, PageReserved) and mm/page_isolation.c
 * (has_unmovable_pages(): a PageReserved page is unmovable), and measured on
 * the reverted build (block 7: -EBUSY, `memhp audit`, docs/audit.md).
 */
import { describe, expect, it } from 'vitest';
import { loadPatchProfile, withRule } from '../../../../engine/patch-profile.ts';
import type { Profile } from '../../../../model/profile.ts';
import { block, state, zone } from '../../../helpers/hotplug.ts';
import { machine, X86_BOOT } from '../../../helpers/machine.ts';

const REVERT = loadPatchProfile('oracle/audit-examples/revert-c5e79ef561b0-offline.profile.json');
// the same kernel had boot left the tail as v5.5 did (zeroed: page count 0, not reserved)
const REVERT_ZEROED: Profile = withRule(REVERT, 'modern.unavailableMemmap', {
  value: 'zeroed',
  since: REVERT.defining,
  explain: 'test: the tail past the last RAM pfn as v5.5 left it',
});
const DMA32_BOOT = 'start_pfn=4096 spanned=258016 present=258016 managed=258016';

describe('reference: boot reserves the hole past the last RAM pfn (block 7, RAM to 0x3ffe0000)', () => {
  it('the revert profile carries v6.1\'s value: reserved', () => {
    expect(REVERT.modern?.unavailableMemmap.value).toBe('reserved');
    expect(REVERT.hotplug.offlineHoles.value).toBe('ebusy');
  });

  it('reserved: offline of block 7 is -EBUSY, the block stays online and DMA32 keeps its pages', () => {
    const m = machine(REVERT, X86_BOOT);
    expect(state(m, 7, 'offline')).toBe('-EBUSY');
    expect(block(m, 7)).toBe('online DMA32');
    expect(zone(m, 'DMA32')).toBe(DMA32_BOOT);
    // block 6 has no hole: offlined as in any profile
    expect(state(m, 6, 'offline')).toBe('ok');
  });

  it('zeroed: the same offline passes (the tail page holds no reference), as v5.5 answers', () => {
    const m = machine(REVERT_ZEROED, X86_BOOT);
    expect(state(m, 7, 'offline')).toBe('ok');
    expect(block(m, 7)).toBe('offline');
    // an online initialises the whole block, hole too (move_pfn_range_to_zone()): then -EBUSY either way
    expect(state(m, 7, 'online')).toBe('ok');
    expect(state(m, 7, 'offline')).toBe('-EBUSY');
  });

  it('RAM to the end of block 7: no hole, offline passes under reserved too', () => {
    const m = machine(REVERT, [{ start: 0x100000, size: 0x3ff00000, nid: 0 }]);
    expect(state(m, 7, 'offline')).toBe('ok');
    expect(block(m, 7)).toBe('offline');
  });

  it('stock v6.1 (einval) refuses block 7 first, whatever boot did to the tail', () => {
    expect(state(machine('v6.1', X86_BOOT), 7, 'offline')).toBe('-EINVAL');
  });
});
