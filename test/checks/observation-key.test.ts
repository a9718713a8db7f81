/**
 * The compact observation key stands in for the canonical text in the
 * differential check and the "changes nothing" invariants: equal keys must
 * mean equal canonical texts and nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observationKey, sameObservation } from '../../checks/observation-key.ts';
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
  usageRaces: small,
  vmemmapToBuddy: small,
  virtioMem: fc.record({
    requested: small,
    plugged: small,
    subBlock: small,
    ranges: fc.array(fc.constantFrom('0x0-0x7ffffff', '0x8000000-0xfffffff'), { maxLength: 2 }),
    plugMap: fc.array(fc.constantFrom('0:0x1', '1:0xff'), { maxLength: 2 }),
  }),
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

/** One change to make to a copy of an observation; some leave it equal. */
const change = fc.record({ what: fc.integer({ min: 0, max: 15 }), at: fc.nat(), share: fc.boolean() });

/**
 * A copy of `a` (its records shared, or new objects with the same fields)
 * with at most one thing changed: what the differential meets (two
 * implementations' records) and what the incremental checks meet (an
 * observation built on top of the previous one, sharing records).
 */
function variant(a: Observation, c: { what: number; at: number; share: boolean }): Observation {
  const copy = <T extends object>(x: T): T => (c.share ? x : structuredClone(x));
  const o = {
    ...a,
    roots: [...a.roots],
    sections: a.sections.map(copy),
    blocks: a.blocks.map(copy),
    nodes: a.nodes.map(copy),
    memmap: a.memmap.map(copy),
    resources: a.resources.map(copy),
    pins: [...a.pins],
    ...(a.altmaps !== undefined ? { altmaps: a.altmaps.map(copy) } : {}),
    ...(a.earlyPages !== undefined ? { earlyPages: a.earlyPages.map(copy) } : {}),
    ...(a.virtioMem !== undefined ? { virtioMem: copy(a.virtioMem) } : {}),
  };
  const pick = <T>(xs: readonly T[]): number => c.at % Math.max(xs.length, 1);
  const s = o.sections[pick(o.sections)];
  const b = o.blocks[pick(o.blocks)];
  const n = o.nodes[pick(o.nodes)];
  const r = o.memmap[pick(o.memmap)];
  switch (c.what) {
    case 1:
      return reversed(o);
    case 2:
      return s === undefined ? o : { ...o, sections: o.sections.map((x) => (x === s ? { ...s, online: !s.online } : x)) };
    case 3:
      return s === undefined ? o : { ...o, sections: o.sections.map((x) => (x === s ? { ...s, subsectionMap: s.subsectionMap === '0x1' ? '0x3' : '0x1' } : x)) };
    case 4:
      return b === undefined ? o : { ...o, blocks: o.blocks.map((x) => (x === b ? { ...b, validZones: `${b.validZones} Movable` } : x)) };
    case 5:
      return n === undefined || n.zones[0] === undefined ? o : { ...o, nodes: o.nodes.map((x) => (x === n ? { ...n, zones: [{ ...n.zones[0]!, spanned: n.zones[0]!.spanned + 1 }, ...n.zones.slice(1)] } : x)) };
    case 6:
      return r === undefined ? o : { ...o, memmap: o.memmap.map((x) => (x === r ? { ...r, endPfn: r.endPfn + 1 } : x)) };
    case 7:
      return { ...o, resources: o.resources.map((x) => ({ ...x, kind: x.kind === 'device' ? ('System RAM' as const) : ('device' as const) })) };
    case 8:
      return { ...o, uninitReads: o.uninitReads + 1 };
    case 9:
      // 0 and absent are written alike: equal
      if (o.usageRaces === 0) {
        const { usageRaces: _zero, ...rest } = o;
        return rest;
      }
      return { ...o, usageRaces: o.usageRaces === undefined ? 0 : o.usageRaces + 1 };
    case 10:
      return o.virtioMem === undefined ? o : { ...o, virtioMem: { ...o.virtioMem, plugMap: [...o.virtioMem.plugMap, '2:0x1'] } };
    case 11:
      return { ...o, memmap: o.memmap.slice(0, -1) };
    case 12:
      return { ...o, pins: [...o.pins, 9] };
    case 13:
      return { ...o, earlyPages: [...(o.earlyPages ?? [])].reverse() };
    case 14:
      return { ...o, nodes: o.nodes.map((x) => ({ ...x, zones: x.zones.slice(1) })) };
    default:
      return o;
  }
}

describe('sameObservation', () => {
  it('answers whether the canonical texts are equal, as comparing keys does, without building the keys', () => {
    let equal = 0;
    fc.assert(
      fc.property(observation, change, (a, c) => {
        const b = variant(a, c);
        const want = canonicalObservation(a) === canonicalObservation(b);
        if (want) equal++;
        expect(sameObservation(a, b)).toBe(want);
        expect(sameObservation(b, a)).toBe(want);
        expect(observationKey(a) === observationKey(b)).toBe(want);
      }),
      { numRuns: 1500 },
    );
    // the generated pairs are not all unequal: the equal answer is exercised too
    expect(equal).toBeGreaterThan(150);
  });

  it('reads each field as the key writes it (an empty text and an absent field alike), so it never answers otherwise than comparing keys', () => {
    fc.assert(
      fc.property(observation, (a) => {
        fc.pre(a.blocks.length > 0);
        const b = { ...a, blocks: a.blocks.map((x) => ({ ...x, onlineType: '' })) };
        // before the keys are built: once both are cached, sameObservation compares them
        expect(sameObservation(a, b)).toBe(true);
        expect(observationKey(a)).toBe(observationKey(b));
        const c = { ...a, blocks: a.blocks.map((x) => ({ ...x, onlineType: 'online_movable' })) };
        expect(sameObservation(a, c)).toBe(false);
      }),
    );
  });

  it('answers the same on any two generated observations', () => {
    fc.assert(
      fc.property(observation, observation, (a, b) => {
        expect(sameObservation(a, b)).toBe(canonicalObservation(a) === canonicalObservation(b));
      }),
      { numRuns: 1000 },
    );
  });
});
