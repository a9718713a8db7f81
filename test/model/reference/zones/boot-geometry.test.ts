import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../../model/config.ts';
import { EMPTY_ZONE, node, state, validZones, zone, zoneText } from '../../../helpers/hotplug.ts';
import { G, M, machine } from '../../../helpers/machine.ts';

describe('reference: boot zones on other geometries', () => {
  it('s390: DMA below 2G, no DMA32, Normal above; 256M blocks', () => {
    const m = machine('v5.5', [{ start: 0, size: 4 * G, nid: 0 }], DEFAULT_CONFIG, 's390');
    // 4K pages: 2G = pfn 524288.
    expect(zone(m, 'DMA')).toBe(zoneText(0, 524288, 524288));
    expect(zone(m, 'DMA32')).toBe(EMPTY_ZONE);
    expect(zone(m, 'Normal')).toBe(zoneText(524288, 524288, 524288));
    const o = m.observe();
    expect(o.blocks.map((b) => b.zone)).toEqual([...Array<string>(8).fill('DMA'), ...Array<string>(8).fill('Normal')]);
    expect(o.memmap).toEqual([
      { startPfn: 0, endPfn: 524288, state: 'DMA/0' },
      { startPfn: 524288, endPfn: 1048576, state: 'Normal/0' },
    ]);
  });

  it('ppc64: Normal only; 64K pages, 256M blocks of 4096 pfns', () => {
    const m = machine('v5.5', [{ start: 0, size: 20 * M, nid: 0 }], DEFAULT_CONFIG, 'ppc64');
    expect(zone(m, 'Normal')).toBe(zoneText(0, 320, 320));
    expect(zone(m, 'DMA')).toBe(EMPTY_ZONE);
    expect(node(m, 0)).toBe('online start_pfn=0 spanned=320 present=320');
    // Sections 0 and 1 (256 pfns each) are early: the memmap covers both whole.
    expect(m.observe().memmap).toEqual([{ startPfn: 0, endPfn: 512, state: 'Normal/0' }]);
    expect(m.apply({ op: 'add_memory', start: 0x100000000, size: 256 * M, nid: 0 })).toBe('ok');
    expect(m.apply({ op: 'add_memory', start: 0x110000000, size: 128 * M, nid: 0 })).toBe('-EINVAL');
    expect(validZones(m, 16)).toBe('Normal Movable');
    expect(state(m, 16, 'online')).toBe('ok');
    expect(zone(m, 'Normal')).toBe(zoneText(0, 65536 + 4096, 320 + 4096));
    // All 16 sections of the block are online.
    expect(m.observe().sections.filter((s) => s.nr >= 256 && s.online).length).toBe(16);
    expect(state(m, 16, 'offline')).toBe('ok');
    // v5.5: the end moves back to the last online pfn with a Normal memmap, stepping by 32 pfns from 65535:
    // pfn 511, a hole of early section 1 (online, memmap initialised at boot). The span no longer matches boot's 320.
    expect(zone(m, 'Normal')).toBe(zoneText(0, 512, 320));
  });
});
