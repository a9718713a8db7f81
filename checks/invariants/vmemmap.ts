/**
 * memmap_on_memory (v5.12 on, docs/modern-profiles.md): the
 * pages of a self-hosted memmap are present in their block's zone but never
 * managed, and each altmap lives exactly as long as the blocks it serves.
 */
import type { Invariant } from '../invariant.ts';
import { always } from './profile-facts.ts';
import { unpluggedInObservation } from '../../model/virtio-mem.ts';

export const vmemmapNotManaged: Invariant = {
  name: 'vmemmap-not-managed',
  describe:
    'managed = present − the self-hosted memmap pages of the blocks online in the zone − the unplugged virtio-mem sub-blocks of its online blocks: those pages are present, never handed to the buddy allocator',
  appliesTo: always,
  scope: 'state',
  reads: ['nodes', 'blocks', 'virtioMem'],
  check({ setup, after }) {
    // no self-hosted memmap and no virtio-mem device (most machines): managed must be present in every zone
    if (after.virtioMem === undefined && !after.blocks.some((b) => b.state === 'online' && (b.vmemmap ?? 0) !== 0)) {
      for (const n of after.nodes) {
        for (const z of n.zones) if (z.managed !== z.present) return `node ${n.nid} ${z.name}: managed ${z.managed}, present ${z.present} with 0 self-hosted memmap pages`;
      }
      return undefined;
    }
    // Seed 003's rule (a proposal; docs/seeds.md) puts those pages in ZONE_NORMAL whatever the block's zone.
    const toNormal = setup.profile.modern.vmemmapZone.value === 'normal';
    const selfHosted = new Map<string, number>();
    for (const b of after.blocks) {
      if (b.state !== 'online' || (b.vmemmap ?? 0) === 0) continue;
      const key = `${b.nid}/${toNormal ? 'Normal' : b.zone}`;
      selfHosted.set(key, (selfHosted.get(key) ?? 0) + (b.vmemmap ?? 0));
    }
    // a virtio-mem block's unplugged sub-blocks are present but never given to the buddy either
    const unplugged = unpluggedInObservation(after.blocks, after.virtioMem, setup.geometry.pagesPerBlock * setup.geometry.pageSize, setup.geometry.pageSize);
    for (const n of after.nodes) {
      for (const z of n.zones) {
        const vmemmap = selfHosted.get(`${n.nid}/${z.name}`) ?? 0;
        const missing = unplugged.get(`${n.nid}/${z.name}`) ?? 0;
        if (z.managed !== z.present - vmemmap - missing) {
          return `node ${n.nid} ${z.name}: managed ${z.managed}, present ${z.present} with ${vmemmap} self-hosted memmap pages${missing === 0 ? '' : ` and ${missing} unplugged virtio-mem pages`}`;
        }
      }
    }
    return undefined;
  },
};

export const altmapLifetime: Invariant = {
  name: 'altmap-lifetime',
  describe:
    'every block with a self-hosted memmap has exactly one altmap starting at it, and every live altmap serves an existing such block: allocated once at add, freed once at remove',
  appliesTo: always,
  scope: 'state',
  reads: ['blocks', 'altmaps'],
  check({ setup, after }) {
    const ppb = setup.geometry.pagesPerBlock;
    const altmaps = after.altmaps ?? [];
    for (const b of after.blocks) {
      const v = b.vmemmap ?? 0;
      if (v === 0) continue;
      const start = b.id * ppb;
      const mine = altmaps.filter((a) => a.basePfn <= start && start < a.endPfn);
      if (mine.length !== 1) return `memory${b.id}: hosts ${v} memmap pages but has ${mine.length} altmaps`;
      if (mine[0]!.basePfn !== start || mine[0]!.pages !== v) {
        return `memory${b.id}: altmap at pfn ${mine[0]!.basePfn} with ${mine[0]!.pages} pages, block hosts ${v} at ${start}`;
      }
    }
    for (const a of altmaps) {
      const served = after.blocks.some((b) => (b.vmemmap ?? 0) > 0 && b.id * ppb >= a.basePfn && b.id * ppb < a.endPfn);
      if (!served) return `altmap at pfn ${a.basePfn}..${a.endPfn} outlives every block it served (never freed)`;
    }
    return undefined;
  },
};
