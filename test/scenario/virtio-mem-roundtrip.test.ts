/** `config virtio_mem` and `virtio_mem_resize` print and parse back to the same scenario (the printer's contract for a saved failure). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario, printScenario, type Scenario } from '../../scenario/index.ts';

const M = 2 ** 20;
const BLOCK = 128 * M;

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    // below MAX_PHYSMEM_BITS (2^46) with the largest device
    firstBlock: fc.integer({ min: 8, max: 2 ** 19 - 65 }),
    blocks: fc.integer({ min: 1, max: 64 }),
    blockShift: fc.integer({ min: 12, max: 27 }),
    resizes: fc.array(fc.nat(), { maxLength: 6 }),
  })
  .map(({ firstBlock, blocks, blockShift, resizes }) => {
    const device = { start: firstBlock * BLOCK, size: blocks * BLOCK, block: 2 ** blockShift };
    const units = device.size / device.block;
    return {
      config: [],
      boot: [{ start: 0x100000, size: 0x3fee0000, nid: 0 }],
      virtioMem: device,
      steps: resizes.map((r, i) => ({ step: { op: 'virtio_mem_resize' as const, size: (r % (units + 1)) * device.block }, line: i + 3 })),
    };
  });

describe('virtio-mem scenario text', () => {
  it('round-trips through the printer', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(parseScenario(printScenario(s))).toEqual(s);
      }),
      { numRuns: 300 },
    );
  });
});
