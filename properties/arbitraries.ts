/**
 * fast-check arbitraries for machines and intents. Weights favour the
 * operations that change state; rare shapes (misaligned, empty, far away)
 * still come up in every default run.
 */
import fc from 'fast-check';
import type { Config } from '../model/config.ts';
import { GEOMETRY_PRESETS, deriveGeometry, type Geometry } from '../model/geometry.ts';
import { NOTIFIER_EVENTS, SPARSE_ALLOC_POINTS, QUERIES, ZONE_NAMES, type BootRange } from '../model/step.ts';
import type { BlockPick, Intent, Pick, Shape, Where } from './intent.ts';

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
  autoOnlineBlocks: fc.constantFrom<Config['autoOnlineBlocks']>('offline', 'online'),
  movableNode: fc.boolean(),
  memmapOnMemory: fc.constantFrom<Config['memmapOnMemory']>('N', 'Y', 'Y', 'force'),
  onlinePolicy: fc.constantFrom<Config['onlinePolicy']>('contig-zones', 'auto-movable'),
  autoMovableRatio: fc.constantFrom(0, 50, 301, 3000),
  autoMovableNumaAware: fc.boolean(),
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

const stateWord = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('online', 'online_kernel', 'online_movable', 'offline') },
  { weight: 1, arbitrary: fc.constantFrom('onlin', 'Online', 'offline_movable') },
);
const onlineWord = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('0', '1') },
  { weight: 1, arbitrary: fc.constantFrom('y', 'n', 'on', 'off', '2') },
);
const blockPick = fc.oneof(
  { weight: 4, arbitrary: fc.constant<BlockPick>('low') },
  { weight: 4, arbitrary: fc.constant<BlockPick>('high') },
  { weight: 1, arbitrary: fc.constant<BlockPick>('far') },
);
const nidArb = fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) });

/**
 * One kind of operation of the generation: its name is what swarm testing turns on or off
 * (properties/swarm.ts) and what the summary counts. The name is the step's (model/step.ts, as a
 * scenario file spells it); an entry drawing two steps names both (`pin/unpin`), and one drawing
 * a variant only swarm runs generate adds it after a colon (`fail:memory_block`).
 */
export interface OperationArb {
  readonly op: string;
  readonly weight: number;
  readonly arbitrary: fc.Arbitrary<Intent>;
}

/** Memory blocks, zones and nodes: sysfs writes weigh most, so onlines and offlines are common. */
const memoryOperations: readonly OperationArb[] = [
  {
    op: 'add_memory',
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('add_memory' as const),
      pick: blockPick,
      sel: fc.nat(1000),
      count: fc.integer({ min: 1, max: 3 }),
      nid: nidArb,
      memmapOnMemory: fc.boolean(),
      inaccessible: fc.boolean(),
    }),
  },
  { op: 'memremap_pages', weight: 2, arbitrary: fc.record({ kind: fc.constant('memremap_pages' as const), where: whereArb, count: fc.integer({ min: 1, max: 4 }), nid: nidArb }) },
  { op: 'remove_memory', weight: 2, arbitrary: fc.record({ kind: fc.constant('remove_memory' as const), sel: fc.nat(1000), exact: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }) },
  { op: 'memunmap_pages', weight: 1, arbitrary: fc.record({ kind: fc.constant('memunmap_pages' as const), sel: fc.nat(1000), exact: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }) },
  {
    op: 'state',
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('state' as const), sel: fc.nat(1000), word: stateWord, missing: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }),
  },
  {
    op: 'online',
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('online' as const), sel: fc.nat(1000), word: onlineWord, missing: fc.constant(false) }),
  },
  { op: 'pin/unpin', weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('pin' as const, 'unpin' as const), sel: fc.nat(1000), offset: fc.nat(1 << 20) }) },
  { op: 'poison', weight: 1, arbitrary: fc.record({ kind: fc.constant('poison' as const), sel: fc.nat(1000), offset: fc.nat(1 << 20) }) },
  { op: 'veto', weight: 1, arbitrary: fc.record({ kind: fc.constant('veto' as const), event: fc.constantFrom(...NOTIFIER_EVENTS), errno: fc.constantFrom('ENOMEM' as const, 'EBUSY' as const) }) },
  { op: 'valid_zones/block', weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('valid_zones' as const, 'block' as const), sel: fc.nat(1000) }) },
  { op: 'zone', weight: 1, arbitrary: fc.record({ kind: fc.constant('zone' as const), zone: fc.constantFrom(...ZONE_NAMES), nid: nidArb }) },
  { op: 'node', weight: 1, arbitrary: fc.record({ kind: fc.constant('node' as const), nid: nidArb }) },
];

export const sparseOperations: readonly OperationArb[] = [
  {
    op: 'add_pages',
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('add_pages' as const), where: whereArb, len: fc.nat(1000), shape: shapeArb }),
  },
  {
    op: 'remove_pages',
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('remove_pages' as const), where: whereArb, len: fc.nat(1000), shape: shapeArb }),
  },
  {
    op: 'query',
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('query' as const),
      query: fc.constantFrom(...QUERIES),
      where: whereArb,
      offset: fc.nat(1 << 20),
    }),
  },
  { op: 'fail', weight: 1, arbitrary: fc.record({ kind: fc.constant('fail' as const), point: fc.constantFrom(...SPARSE_ALLOC_POINTS) }) },
];

export const allOperations: readonly OperationArb[] = [...sparseOperations, ...memoryOperations];

/**
 * ACPI eject: only swarm runs draw it, so that the seeded stream of a plain
 * run (and every seed pinned by regressions/) stays what it was.
 */
export const ejectOperation: OperationArb = {
  op: 'eject_memory',
  weight: 1,
  arbitrary: fc.record({ kind: fc.constant('eject_memory' as const), sel: fc.nat(1000), exact: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }),
};

/**
 * A failing add_memory_block() (the fault point of B-24/B-25): swarm runs
 * only, for the same reason as eject, and only on profiles that create the
 * block devices after arch_add_memory() (properties/resolve.ts).
 */
export const blockFaultOperation: OperationArb = {
  op: 'fail:memory_block',
  weight: 1,
  arbitrary: fc.record({ kind: fc.constant('fail' as const), point: fc.constant('memory_block' as const) }),
};

/**
 * A query of a pfn of existing ZONE_DEVICE memory (B-17: device memory in the
 * hole of an online boot section must not look online): swarm runs only, like
 * eject. Placed queries hit a device range only by chance.
 */
export const deviceQueryOperation: OperationArb = {
  op: 'query:device',
  weight: 2,
  arbitrary: fc.record({
    kind: fc.constant('query' as const),
    query: fc.constantFrom(...QUERIES),
    where: whereArb,
    offset: fc.nat(1 << 20),
    device: fc.constant(true),
  }),
};

/**
 * A virtio-mem add (v5.15 dynamic memory group): swarm runs only, like eject.
 * Units of 1, 2 and 4 blocks, and now and then one the kernel refuses (3).
 */
export const dynamicAddOperation: OperationArb = {
  op: 'add_memory:dynamic',
  weight: 2,
  arbitrary: fc.record({
    kind: fc.constant('add_memory' as const),
    pick: blockPick,
    sel: fc.nat(1000),
    count: fc.integer({ min: 1, max: 2 }),
    nid: nidArb,
    memmapOnMemory: fc.boolean(),
    unitBlocks: fc.constantFrom(1, 1, 2, 2, 4, 3),
  }),
};

const weighted = (ops: readonly OperationArb[]): Array<{ weight: number; arbitrary: fc.Arbitrary<Intent> }> =>
  ops.map((o) => ({ weight: o.weight, arbitrary: o.arbitrary }));

export const sparseIntentArbs = weighted(sparseOperations);
export const intentArbs = weighted(allOperations);
