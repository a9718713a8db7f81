/**
 * Random step sequences on the reference alone: it never throws, and a few
 * facts that follow from the spec hold after every step (online RAM lies in
 * its zone's span, present adds up, online blocks have an initialised memmap).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../model/config.ts';
import type { Implementation } from '../../../model/implementation.ts';
import type { Observation } from '../../../model/observation.ts';
import { ALLOC_POINTS, NOTIFIER_EVENTS, ZONE_NAMES, type Step } from '../../../model/step.ts';
import { M, machine, X86_BOOT } from '../../helpers/machine.ts';

const BLOCK = 128 * M;
const blockArb = fc.constantFrom(7, 8, 32, 33, 34, 64, 65);
const nidArb = fc.constantFrom(0, 1);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('add_memory' as const), start: blockArb.map((b) => b * BLOCK), size: fc.constantFrom(BLOCK, 2 * BLOCK, 64 * M), nid: nidArb }),
  fc.record({ op: fc.constant('remove_memory' as const), start: blockArb.map((b) => b * BLOCK), size: fc.constantFrom(BLOCK, 2 * BLOCK) }),
  fc.record({ op: fc.constant('memremap_pages' as const), start: fc.tuple(blockArb, fc.nat(63)).map(([b, s]) => b * BLOCK + s * 2 * M), size: fc.constantFrom(2 * M, 4 * M, BLOCK), nid: nidArb }),
  fc.record({ op: fc.constant('memunmap_pages' as const), start: fc.tuple(blockArb, fc.nat(63)).map(([b, s]) => b * BLOCK + s * 2 * M), size: fc.constantFrom(2 * M, 4 * M, BLOCK) }),
  fc.record({ op: fc.constant('add_pages' as const), start: fc.tuple(blockArb, fc.nat(63)).map(([b, s]) => b * BLOCK + s * 2 * M), size: fc.constantFrom(2 * M, BLOCK), nid: nidArb }),
  fc.record({ op: fc.constant('remove_pages' as const), start: fc.tuple(blockArb, fc.nat(63)).map(([b, s]) => b * BLOCK + s * 2 * M), size: fc.constantFrom(2 * M, BLOCK) }),
  fc.record({ op: fc.constant('state' as const), block: fc.oneof(blockArb, fc.constantFrom(0, 1)), word: fc.constantFrom('online', 'online_kernel', 'online_movable', 'offline', 'bad') }),
  fc.record({ op: fc.constant('online' as const), block: blockArb, word: fc.constantFrom('0', '1') }),
  fc.record({ op: fc.constantFrom('pin' as const, 'unpin' as const), addr: fc.tuple(blockArb, fc.nat(1000)).map(([b, p]) => b * BLOCK + p * 4096) }),
  fc.record({ op: fc.constant('veto' as const), event: fc.constantFrom(...NOTIFIER_EVENTS), errno: fc.constantFrom('ENOMEM' as const, 'EBUSY' as const) }),
  fc.record({ op: fc.constant('fail' as const), alloc: fc.constantFrom(...ALLOC_POINTS), errno: fc.constant('ENOMEM' as const) }),
  fc.record({ op: fc.constant('valid_zones' as const), block: blockArb }),
  fc.record({ op: fc.constant('zone' as const), zone: fc.constantFrom(...ZONE_NAMES), nid: nidArb }),
  fc.record({ op: fc.constant('node' as const), nid: nidArb }),
);

const PPB = 32768;

function checkFacts(m: Implementation, o: Observation): void {
  for (const n of o.nodes) {
    expect(n.zones.reduce((s, z) => s + z.present, 0)).toBe(n.present);
    for (const z of n.zones) {
      expect(z.present).toBeGreaterThanOrEqual(0);
      expect(z.present).toBeLessThanOrEqual(z.spanned);
    }
  }
  for (const b of o.blocks) {
    if (b.state !== 'online' || b.id < 8) continue;
    const n = o.nodes.find((x) => x.nid === b.nid);
    const z = n?.zones.find((x) => x.name === b.zone);
    expect(z).toBeDefined();
    if (z === undefined) continue;
    expect(b.id * PPB).toBeGreaterThanOrEqual(z.startPfn);
    expect((b.id + 1) * PPB).toBeLessThanOrEqual(z.startPfn + z.spanned);
    const run = o.memmap.find((r) => r.startPfn <= b.id * PPB && r.endPfn > b.id * PPB);
    expect(run?.state).toBe(`${b.zone}/${b.nid}`);
    expect(m.apply({ op: 'block', block: b.id })).toBe(`online ${b.zone}`);
  }
}

describe('reference: random steps', () => {
  for (const profile of ['v4.10', 'v4.13', 'v4.14', 'v4.19', 'v5.3', 'v5.5']) {
    for (const auto of ['offline', 'online'] as const) {
      it(`${profile}, auto_online_blocks ${auto}: never throws, facts hold`, () => {
        fc.assert(
          fc.property(fc.array(stepArb, { maxLength: 25 }), fc.boolean(), (steps, movableNode) => {
            const m = machine(profile, X86_BOOT, { ...DEFAULT_CONFIG, autoOnlineBlocks: auto, movableNode });
            for (const step of steps) {
              m.apply(step);
              checkFacts(m, m.observe());
            }
          }),
          { numRuns: 150, seed: 42 },
        );
      });
    }
  }
});
