/**
 * The online RAM pieces of every zone, from the memory blocks: what a zone's
 * `present` must count and its span must cover (checks/invariants/zones.ts).
 *
 * A block's pieces depend only on its record (state, node, zone, self-hosted
 * memmap), the System RAM resources and the machine's setup, so they are
 * kept per block and taken over from an earlier observation of the same
 * machine for every block whose record reads the same: a step pays for the
 * blocks it changed, plus a pass that appends each block's kept pieces.
 */
import type { MachineSetup } from '../model/implementation.ts';
import type { BlockObservation, Observation } from '../model/observation.ts';
import type { ZoneName } from '../model/step.ts';
import { blockRange, bootZoneOf, byBootNode, ramIn, ramOf, type PfnRange } from './zone-view.ts';

/** One piece of one zone, `nid/Zone`. */
interface Piece {
  readonly zone: string;
  readonly range: PfnRange;
}

interface Pieces {
  readonly setup: MachineSetup;
  /** The System RAM ranges the pieces were cut from, as text. */
  readonly ram: string;
  /** The block list they were built from: a list an observation shares with an earlier one has the same pieces. */
  readonly blocks: readonly BlockObservation[];
  readonly byBlock: ReadonlyMap<number, { readonly block: BlockObservation; readonly pieces: readonly Piece[] }>;
  readonly byZone: ReadonlyMap<string, readonly PfnRange[]>;
}

const built = new WeakMap<Observation, Pieces>();
/** The text of each RAM range list ramOf() kept: what tells two observations' RAM apart. */
const ramTexts = new WeakMap<readonly PfnRange[], string>();
/** The last observation's pieces: the observation before a step may have been skipped by every check. */
let lastBuilt: Pieces | undefined;

/** Whether a block's pieces would be cut alike from both records. */
const samePieces = (a: BlockObservation, b: BlockObservation): boolean =>
  a === b || (a.state === b.state && a.nid === b.nid && a.zone === b.zone && (a.vmemmap ?? 0) === (b.vmemmap ?? 0));

/**
 * The online pieces of every zone by `nid/Zone`, in the order the blocks
 * (ascending) give them. `earlier`: an observation of the same machine whose
 * blocks' pieces may be taken over (the one before the step).
 */
export function onlinePieces(setup: MachineSetup, o: Observation, earlier?: Observation): ReadonlyMap<string, readonly PfnRange[]> {
  const known = built.get(o);
  if (known !== undefined && known.setup === setup) return known.byZone;
  const g = setup.geometry;
  const ramList = ramOf(g, o);
  let ram = ramTexts.get(ramList);
  if (ram === undefined) {
    ram = ramList.map((r) => `${r.start}-${r.end}`).join(',');
    ramTexts.set(ramList, ram);
  }
  const fromEarlier = earlier === undefined ? undefined : built.get(earlier);
  const source = [fromEarlier, lastBuilt].find((p) => p !== undefined && p.setup === setup && p.ram === ram);
  if (source !== undefined && source.blocks === o.blocks) {
    built.set(o, source);
    return source.byZone;
  }
  const byBlock = new Map<number, { block: BlockObservation; pieces: readonly Piece[] }>();
  const byZone = new Map<string, PfnRange[]>();
  for (const b of o.blocks) {
    const kept = source?.byBlock.get(b.id);
    const pieces = kept !== undefined && samePieces(kept.block, b) ? kept.pieces : blockPieces(setup, ramList, b);
    byBlock.set(b.id, { block: b, pieces });
    for (const p of pieces) {
      const list = byZone.get(p.zone);
      if (list === undefined) byZone.set(p.zone, [p.range]);
      else list.push(p.range);
    }
  }
  const result: Pieces = { setup, ram, blocks: o.blocks, byBlock, byZone };
  built.set(o, result);
  lastBuilt = result;
  return byZone;
}

/** The online RAM pieces of one block, by zone. */
function blockPieces(setup: MachineSetup, ram: readonly PfnRange[], b: BlockObservation): Piece[] {
  if (b.state !== 'online') return [];
  const g = setup.geometry;
  const out: Piece[] = [];
  const add = (nid: number, zone: string, range: PfnRange): void => {
    out.push({ zone: `${nid}/${zone}`, range });
  };
  const whole = blockRange(g, b.id);
  // Seed 003's rule (a proposal; docs/seeds.md): the self-hosted memmap pages are ZONE_NORMAL's, the rest the block's zone's.
  const inNormal = setup.profile.modern.vmemmapZone.value === 'normal' ? (b.vmemmap ?? 0) : 0;
  if (inNormal > 0) add(b.nid, 'Normal', { start: whole.start, end: whole.start + inNormal });
  const range = { start: whole.start + inNormal, end: whole.end };
  for (const r of ramIn(ram, range)) {
    if (b.zone !== 'none') {
      add(b.nid, b.zone, r);
      continue;
    }
    // A boot block spanning zones: its pages belong to the zones their addresses fall in, on
    // the node whose boot RAM they are (two nodes' Normal zones are two zones).
    for (const { nid, range } of byBootNode(setup, r, b.nid)) {
      for (let p = range.start; p < range.end; ) {
        const zone = bootZoneOf(g, p);
        const end = firstChange(g, p, range.end, zone);
        add(nid, zone, { start: p, end });
        p = end;
      }
    }
  }
  return out;
}

/** First pfn in (p, limit] whose boot zone differs from `zone` (zone limits are powers of two). */
function firstChange(g: MachineSetup['geometry'], p: number, limit: number, zone: ZoneName): number {
  const bounds = [g.dmaLimitShift, g.dma32LimitShift]
    .filter((s): s is number => s !== undefined)
    .map((s) => 2 ** s / g.pageSize)
    .filter((b) => b > p && b < limit);
  const next = Math.min(limit, ...bounds);
  return bootZoneOf(g, next - 1) === zone ? next : p + 1;
}
