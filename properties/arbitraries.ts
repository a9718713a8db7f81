/**
 * fast-check arbitraries for machines and intents. Weights favour the
 * operations that change state; rare shapes (misaligned, empty, far away)
 * still come up in every default run.
 */
import fc from 'fast-check';
import type { Config } from '../model/config.ts';
import { GEOMETRY_PRESETS, deriveGeometry, type Geometry } from '../model/geometry.ts';
import { ALLOC_POINTS, QUERIES, type BootRange } from '../model/step.ts';
import type { Intent, Pick, Shape, Where } from './intent.ts';

/** A machine before the profile is chosen: what varies from run to run. */
export interface MachineSpec {
  readonly geometry: Geometry;
  readonly config: Config;
  readonly boot: readonly BootRange[];
}

const geometryArb: fc.Arbitrary<Geometry> = fc
  .oneof(
    { weight: 6, arbitrary: fc.constant('x86_64') },
    { weight: 1, arbitrary: fc.constantFrom(...Object.keys(GEOMETRY_PRESETS).filter((n) => n !== 'x86_64')) },
  )
  .map((name) => deriveGeometry(GEOMETRY_PRESETS[name]!));

const configArb: fc.Arbitrary<Config> = fc.record({
  vmemmap: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  sparsememExtreme: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

/**
 * Boot memory inside the first 8 sections, cut at quarter sub-section points
 * so that partially populated sections and sub-sections are common.
 */
function bootArb(g: Geometry): fc.Arbitrary<BootRange[]> {
  const quantum = Math.max(1, g.pagesPerSubsection / 4) * g.pageSize;
  const points = (8 * g.pagesPerSection * g.pageSize) / quantum;
  const cuts = fc.uniqueArray(fc.integer({ min: 0, max: points }), { minLength: 0, maxLength: 6 }).map((xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const ranges: BootRange[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      ranges.push({ start: sorted[i]! * quantum, size: (sorted[i + 1]! - sorted[i]!) * quantum, nid: 0 });
    }
    return ranges;
  });
  // The x86_64 layout of a 1 GiB guest: RAM from 1 MiB to just below 1 GiB.
  const classic = fc.constant<BootRange[]>([{ start: 0x100000, size: 0x3fee0000, nid: 0 }]);
  return g.name === 'x86_64' ? fc.oneof(classic, cuts) : cuts;
}

export const machineSpecArb: fc.Arbitrary<MachineSpec> = fc
  .tuple(geometryArb, configArb)
  .chain(([geometry, config]) => bootArb(geometry).map((boot) => ({ geometry, config, boot })));

const pickArb: fc.Arbitrary<Pick> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Pick>('active') },
  { weight: 4, arbitrary: fc.constant<Pick>('free') },
  { weight: 2, arbitrary: fc.constant<Pick>('window') },
  { weight: 1, arbitrary: fc.constant<Pick>('far') },
);

const shapeArb: fc.Arbitrary<Shape> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Shape>('subsections') },
  { weight: 2, arbitrary: fc.constant<Shape>('sections') },
  { weight: 1, arbitrary: fc.constant<Shape>('misaligned') },
  { weight: 1, arbitrary: fc.constant<Shape>('zero') },
);

const whereArb: fc.Arbitrary<Where> = fc.record({ pick: pickArb, sel: fc.nat(1000), sub: fc.nat(1000) });

export const intentArbs: ReadonlyArray<{ weight: number; arbitrary: fc.Arbitrary<Intent> }> = [
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('add' as const), where: whereArb, len: fc.nat(1000), shape: shapeArb }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('remove' as const), where: whereArb, len: fc.nat(1000), shape: shapeArb }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('query' as const),
      query: fc.constantFrom(...QUERIES),
      where: whereArb,
      offset: fc.nat(1 << 20),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fail' as const), point: fc.constantFrom(...ALLOC_POINTS) }) },
];
