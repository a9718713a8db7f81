/**
 * Zone and node accounting (docs/blocks-and-zones.md): spans are
 * ordered, `present` counts exactly the online pages a zone owns, online
 * pages lie inside their zone's span, and nodes agree with their zones.
 */
import type { MachineSetup } from '../../model/implementation.ts';
import type { Observation } from '../../model/observation.ts';
import type { ZoneName } from '../../model/step.ts';
import type { Invariant } from '../invariant.ts';
import { blockRange, bootZoneOf, byBootNode, pages, ramIn, ramRanges, zoneEnd, zoneOf, type PfnRange } from '../zone-view.ts';
import { always } from './profile-facts.ts';

export const spanOrdering: Invariant = {
  name: 'span-ordering',
  describe: 'spanned ≥ present ≥ managed ≥ 0 for every zone and node; an empty zone has start_pfn 0',
  appliesTo: always,
  scope: 'state',
  check({ after }) {
    for (const n of after.nodes) {
      if (n.present > n.spanned) return `node ${n.nid}: present ${n.present} > spanned ${n.spanned}`;
      for (const z of n.zones) {
        if (!(z.spanned >= z.present && z.present >= z.managed && z.managed >= 0)) {
          return `node ${n.nid} ${z.name}: spanned ${z.spanned} present ${z.present} managed ${z.managed}`;
        }
        if (z.spanned === 0 && z.startPfn !== 0) return `node ${n.nid} ${z.name}: empty but start_pfn ${z.startPfn}`;
      }
    }
    return undefined;
  },
};

/** The online RAM pieces of every zone, from the blocks: what `present` must count. */
function onlinePieces(setup: MachineSetup, o: Observation): Map<string, PfnRange[]> {
  const g = setup.geometry;
  const ram = ramRanges(g, o);
  const out = new Map<string, PfnRange[]>();
  const add = (nid: number, zone: string, r: PfnRange): void => {
    const key = `${nid}/${zone}`;
    const list = out.get(key);
    if (list === undefined) out.set(key, [r]);
    else list.push(r);
  };
  for (const b of o.blocks) {
    if (b.state !== 'online') continue;
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

export const presentCountsOnline: Invariant = {
  name: 'present-counts-online',
  describe: 'a zone\'s present pages are exactly the online pages it owns (a self-hosted memmap included); ZONE_DEVICE has none; a node\'s present is the sum of its zones',
  appliesTo: always,
  scope: 'state',
  check({ setup, after }) {
    const pieces = onlinePieces(setup, after);
    for (const n of after.nodes) {
      let sum = 0;
      for (const z of n.zones) {
        const want = z.name === 'Device' ? 0 : pages(pieces.get(`${n.nid}/${z.name}`) ?? []);
        if (z.present !== want) return `node ${n.nid} ${z.name}: present ${z.present}, online pages ${want}`;
        sum += z.present;
      }
      if (n.present !== sum) return `node ${n.nid}: present ${n.present} ≠ sum of zones ${sum}`;
    }
    return undefined;
  },
};

export const spanCoversOnline: Invariant = {
  name: 'span-covers-online',
  describe: 'every online page lies inside the span of its zone',
  appliesTo: always,
  scope: 'state',
  check({ setup, after }) {
    for (const [key, rs] of onlinePieces(setup, after)) {
      const [nid, name] = key.split('/');
      const z = zoneOf(after.nodes.find((n) => n.nid === Number(nid))!, name as ZoneName);
      for (const r of rs) {
        if (z === undefined || r.start < z.startPfn || r.end > zoneEnd(z)) {
          return `node ${nid} ${name}: online pfns ${r.start}..${r.end} outside the span ${z?.startPfn ?? 0}+${z?.spanned ?? 0}`;
        }
      }
    }
    return undefined;
  },
};

export const nodeSpanHull: Invariant = {
  name: 'node-span-hull',
  describe: 'from v5.5 a node spans exactly the hull of its non-empty zones (update_pgdat_span)',
  appliesTo: (s) => s.profile.hotplug.shrinkAt.value === 'offline',
  scope: 'state',
  check({ after }) {
    for (const n of after.nodes) {
      const spans = n.zones.filter((z) => z.spanned > 0);
      const start = spans.length === 0 ? 0 : Math.min(...spans.map((z) => z.startPfn));
      const end = spans.length === 0 ? 0 : Math.max(...spans.map(zoneEnd));
      if (n.startPfn !== start || n.spanned !== end - start) {
        return `node ${n.nid}: spans ${n.startPfn}+${n.spanned}, its zones' hull is ${start}+${end - start}`;
      }
    }
    return undefined;
  },
};
