/**
 * Zone and node accounting (docs/blocks-and-zones.md): spans are
 * ordered, `present` counts exactly the online pages a zone owns, online
 * pages lie inside their zone's span, and nodes agree with their zones.
 */
import type { ZoneName } from '../../model/step.ts';
import type { Invariant } from '../invariant.ts';
import { onlinePieces } from '../online-pieces.ts';
import { pages, zoneEnd, zoneOf } from '../zone-view.ts';
import { always } from './profile-facts.ts';

export const spanOrdering: Invariant = {
  name: 'span-ordering',
  describe: 'spanned ≥ present ≥ managed ≥ 0 for every zone and node; an empty zone has start_pfn 0',
  appliesTo: always,
  scope: 'state',
  reads: ['nodes'],
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

export const presentCountsOnline: Invariant = {
  name: 'present-counts-online',
  describe: 'a zone\'s present pages are exactly the online pages it owns (a self-hosted memmap included); ZONE_DEVICE has none; a node\'s present is the sum of its zones',
  appliesTo: always,
  scope: 'state',
  reads: ['nodes', 'blocks', 'resources'],
  check({ setup, before, after }) {
    // `before` only lends the pieces of the blocks that read the same (checks/online-pieces.ts)
    const pieces = onlinePieces(setup, after, before);
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
  reads: ['nodes', 'blocks', 'resources'],
  check({ setup, before, after }) {
    for (const [key, rs] of onlinePieces(setup, after, before)) {
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
  reads: ['nodes'],
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
