/** What differs between two states, by item, so that a diagram can outline it. */
import type { ObservationJson } from '../schema.ts';

export interface Highlight {
  readonly sections: ReadonlySet<number>;
  readonly blocks: ReadonlySet<number>;
  /** `nid/Zone`. */
  readonly zones: ReadonlySet<string>;
  readonly nodes: ReadonlySet<number>;
}

export const NO_HIGHLIGHT: Highlight = { sections: new Set(), blocks: new Set(), zones: new Set(), nodes: new Set() };

function differing<T>(a: readonly T[], b: readonly T[], key: (x: T) => number | string): Set<number | string> {
  const out = new Set<number | string>();
  const mb = new Map(b.map((x) => [key(x), JSON.stringify(x)]));
  const ma = new Map(a.map((x) => [key(x), JSON.stringify(x)]));
  for (const [k, v] of ma) if (mb.get(k) !== v) out.add(k);
  for (const k of mb.keys()) if (!ma.has(k)) out.add(k);
  return out;
}

export function highlightBetween(a: ObservationJson, b: ObservationJson): Highlight {
  const zonesOf = (o: ObservationJson) => o.nodes.flatMap((n) => n.zones.map((z) => ({ ...z, key: `${n.nid}/${z.name}` })));
  const nodeHead = (o: ObservationJson) => o.nodes.map((n) => ({ nid: n.nid, online: n.online, startPfn: n.startPfn, spanned: n.spanned, present: n.present }));
  return {
    sections: differing(a.sections, b.sections, (s) => s.nr) as Set<number>,
    blocks: differing(a.blocks, b.blocks, (x) => x.id) as Set<number>,
    zones: differing(zonesOf(a), zonesOf(b), (z) => z.key) as Set<string>,
    nodes: differing(nodeHead(a), nodeHead(b), (n) => n.nid) as Set<number>,
  };
}
