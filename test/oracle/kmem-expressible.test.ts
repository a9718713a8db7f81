/**
 * What the guest can be asked about dax kmem (oracle/expressible.ts): an
 * add_memory_driver_managed inside a config pmem range makes that range a
 * devdax namespace; remove_memory is kmem's unbind of exactly such a range;
 * anything else is refused up front, one line each.
 */
import { describe, expect, it } from 'vitest';
import { devdaxRanges, inexpressible } from '../../oracle/expressible.ts';
import { parseScenario } from '../../scenario/index.ts';

const GUEST = ['config pmem 0x10000000 0x20000000', 'boot 0x1000 0x9e000', 'boot 0x100000 0xff00000', 'boot 0x30000000 0xffe0000'];
const scenario = (...steps: string[]) => parseScenario([...GUEST, ...steps].join('\n'), 't.scn');

describe('dax kmem on the guest', () => {
  it('an add inside the PMEM range and its remove are expressible; the range is set up for devdax', () => {
    const s = scenario('memremap_pages 0x10000000 0x20000000', 'memunmap_pages 0x10000000 0x20000000', 'add_memory_driver_managed 0x18000000 0x18000000', 'remove_memory 0x18000000 0x18000000');
    expect(inexpressible(s)).toEqual([]);
    expect(devdaxRanges(s)).toEqual([{ start: 0x10000000, size: 0x20000000 }]);
  });

  it('a PMEM range without kmem steps stays a plain namespace', () => {
    expect(devdaxRanges(scenario('memremap_pages 0x10000000 0x20000000'))).toEqual([]);
  });

  it('refuses an add outside a PMEM range, on another node, a remove of another range, and kmem with memmap_on_memory', () => {
    expect(inexpressible(scenario('add_memory_driver_managed 0x28000000 0x10000000'))).toEqual([
      'line 5: add_memory_driver_managed 0x28000000 0x10000000 is not inside a config pmem range; on the guest it is dax kmem over that namespace in devdax mode',
    ]);
    expect(inexpressible(scenario('add_memory_driver_managed 0x18000000 0x18000000 node=1'))).toEqual(['line 5: the guest has one node (node 0)']);
    expect(inexpressible(scenario('add_memory_driver_managed 0x18000000 0x18000000', 'remove_memory 0x18000000 0x8000000'))).toEqual([
      'line 6: remove_memory on the guest is dax kmem\'s unbind, of exactly an add_memory_driver_managed range (a DIMM goes through eject_memory)',
    ]);
    const mom = parseScenario(['config memmap_on_memory Y', ...GUEST, 'add_memory_driver_managed 0x18000000 0x18000000'].join('\n'), 't.scn');
    expect(inexpressible(mom)).toEqual(['line 6: kmem asks for memmap_on_memory itself from v6.8; config memmap_on_memory with dax kmem is not modelled']);
  });
});
