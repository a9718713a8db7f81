/**
 * The compact observation key stands in for the canonical text in the
 * differential check and the "changes nothing" invariants: equal keys must
 * mean equal canonical texts and nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observationKey } from '../../checks/observation-key.ts';
import { canonicalObservation, type Observation } from '../../model/observation.ts';

const small = fc.integer({ min: 0, max: 3 });
const mask = fc.constantFrom('0x0', '0x1', '0x3', '0xffff');
const text = fc.constantFrom('', 'Normal', 'Movable', 'DMA32 Normal', 'Normal/0', 'none', '-');

const observation: fc.Arbitrary<Observation> = fc.record({
  roots: fc.uniqueArray(small),
  sections: fc.uniqueArray(
    fc.record({
      nr: small,
      nid: fc.integer({ min: -1, max: 1 }),
      present: fc.boolean(),
      hasMemMap: fc.boolean(),
      online: fc.boolean(),
      early: fc.boolean(),
      usage: fc.constantFrom('none' as const, 'boot' as const, 'hotplug' as const),
      subsectionMap: mask,
      memmapBoot: mask,
      memmapHotplug: mask,
      pfnValid: mask,
    }),
    { selector: (s) => s.nr, maxLength: 3 },
  ),
  blocks: fc.uniqueArray(
    fc.record({ id: small, nid: small, state: fc.constantFrom('online' as const, 'offline' as const), zone: text, validZones: text }),
    { selector: (b) => b.id, maxLength: 3 },
  ),
  nodes: fc.uniqueArray(
    fc.record({
      nid: small,
      online: fc.boolean(),
      startPfn: small,
      spanned: small,
      present: small,
      nrZones: small,
      zones: fc.array(
        fc.record({ name: fc.constantFrom('DMA' as const, 'Normal' as const, 'Movable' as const), startPfn: small, spanned: small, present: small, managed: small }),
        { maxLength: 2 },
      ),
    }, { requiredKeys: ['nid', 'online', 'startPfn', 'spanned', 'present', 'zones'] }),
    { selector: (n) => n.nid, maxLength: 2 },
  ),
  memmap: fc.uniqueArray(fc.record({ startPfn: small, endPfn: small, state: text }), { selector: (r) => r.startPfn, maxLength: 3 }),
  resources: fc.uniqueArray(fc.record({ start: small, end: small, kind: fc.constantFrom('System RAM' as const, 'device' as const) }), {
    selector: (r) => r.start,
    maxLength: 2,
  }),
  pins: fc.uniqueArray(small),
  uninitReads: small,
  orderingHazards: small,
  altmaps: fc.uniqueArray(fc.record({ basePfn: small, endPfn: small, pages: small, inaccessible: fc.constant(true as const) }, { requiredKeys: ['basePfn', 'endPfn', 'pages'] }), { selector: (a) => a.basePfn, maxLength: 2 }),
  earlyPages: fc.uniqueArray(fc.record({ nid: small, zone: fc.constantFrom('DMA' as const, 'Normal' as const), pages: small }), { selector: (e) => `${e.nid}/${e.zone}`, maxLength: 2 }),
}, { requiredKeys: ['roots', 'sections', 'blocks', 'nodes', 'memmap', 'resources', 'pins', 'uninitReads'] });

/** The same state with every list in another order: canonical texts sort, so keys must too. */
function reversed(o: Observation): Observation {
  return {
    ...o,
    roots: [...o.roots].reverse(),
    sections: [...o.sections].reverse(),
    blocks: [...o.blocks].reverse(),
    nodes: [...o.nodes].reverse(),
    memmap: [...o.memmap].reverse(),
    resources: [...o.resources].reverse(),
    pins: [...o.pins].reverse(),
  };
}

describe('observationKey', () => {
  it('is equal for two observations exactly when their canonical texts are', () => {
    fc.assert(
      fc.property(observation, observation, (a, b) => {
        expect(observationKey(a) === observationKey(b)).toBe(canonicalObservation(a) === canonicalObservation(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('does not depend on list order', () => {
    fc.assert(
      fc.property(observation, (a) => {
        expect(observationKey(reversed(a))).toBe(observationKey(a));
      }),
    );
  });

  it('tells apart observations that differ in one field', () => {
    fc.assert(
      fc.property(observation, (a) => {
        expect(observationKey({ ...a, uninitReads: a.uninitReads + 1 })).not.toBe(observationKey(a));
        if (a.sections[0] !== undefined) {
          const [s, ...rest] = a.sections;
          expect(observationKey({ ...a, sections: [{ ...s, online: !s.online }, ...rest] })).not.toBe(observationKey(a));
        }
      }),
    );
  });
});
