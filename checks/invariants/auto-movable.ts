/**
 * online_policy=auto-movable (v5.15 on; docs/modern-profiles.md): after an
 * `online` the policy sent to ZONE_MOVABLE, MOVABLE present pages are at most
 * auto_movable_ratio percent of the kernel zones' early pages, system-wide
 * and, when numa-aware, on the block's node.
 */
import type { MachineSetup } from '../../model/implementation.ts';
import type { Observation } from '../../model/observation.ts';
import type { Step } from '../../model/step.ts';
import type { Invariant } from '../invariant.ts';

/** zone->present_early_pages of the populated kernel zones, per node (what the policy weighs). */
function kernelEarlyPages(o: Observation): Map<number, number> {
  const out = new Map<number, number>();
  for (const e of o.earlyPages ?? []) {
    if (e.zone === 'Movable' || e.zone === 'Device') continue;
    const z = o.nodes.find((n) => n.nid === e.nid)?.zones.find((x) => x.name === e.zone);
    if (z === undefined || z.present === 0) continue;
    out.set(e.nid, (out.get(e.nid) ?? 0) + e.pages);
  }
  return out;
}

/** Whether the step is an `online` request (MMOP_ONLINE) or an add that auto-onlines with it. */
function asksOnline(setup: MachineSetup, step: Step, before: Observation): boolean {
  if (step.op === 'state') return step.word === 'online';
  if (step.op === 'online') {
    // memoryN/online names no type: a type a refused state write left decides instead (fa2be40fe7c0)
    const left = before.blocks.find((b) => b.id === step.block)?.onlineType;
    return ['1', 'y', 'Y', 'on'].includes(step.word) && (left === undefined || left === 'online');
  }
  return step.op === 'add_memory' && setup.config.autoOnlineBlocks === 'online';
}

/** Present kernel and MOVABLE pages of each dynamic group (`nid/unit`), from its online blocks (hot-added, so whole). */
function dynamicGroups(setup: MachineSetup, o: Observation): Map<string, { nid: number; kernel: number; movable: number }> {
  const ppb = setup.geometry.pagesPerBlock;
  const toNormal = setup.profile.modern.vmemmapZone.value === 'normal';
  const out = new Map<string, { nid: number; kernel: number; movable: number }>();
  for (const b of o.blocks) {
    if (b.dynamicUnit === undefined) continue;
    const key = `${b.nid}/${b.dynamicUnit}`;
    const g = out.get(key) ?? { nid: b.nid, kernel: 0, movable: 0 };
    out.set(key, g);
    if (b.state !== 'online') continue;
    // seed 003's rule (a proposal; docs/seeds.md) puts the self-hosted memmap pages in Normal
    const inNormal = toNormal ? (b.vmemmap ?? 0) : 0;
    if (b.zone === 'Movable') {
      g.movable += ppb - inNormal;
      g.kernel += inNormal;
    } else g.kernel += ppb;
  }
  return out;
}

export const autoMovableRatio: Invariant = {
  name: 'auto-movable-ratio',
  describe:
    "after an `online` that auto-movable sent to ZONE_MOVABLE, MOVABLE present ≤ auto_movable_ratio% of the kernel zones' early pages (system-wide, and per node when numa-aware); a dynamic memory group's MOVABLE is weighed against its own kernel pages and the early pages the other groups do not need",
  appliesTo: (s) => s.profile.modern.onlinePolicy.value === 'policies' && s.config.onlinePolicy === 'auto-movable',
  ops: ['state', 'online', 'add_memory'],
  check({ setup, step, before, after }) {
    if (!asksOnline(setup, step, before)) return undefined;
    const wasOnline = new Set(before.blocks.filter((b) => b.state === 'online').map((b) => b.id));
    const decided = after.blocks.filter((b) => b.state === 'online' && b.zone === 'Movable' && !wasOnline.has(b.id));
    if (decided.length === 0) return undefined;
    const early = kernelEarlyPages(after);
    const groups = dynamicGroups(setup, after);
    const ratio = setup.config.autoMovableRatio;
    const movable = (nid: number | undefined): number =>
      after.nodes.filter((n) => nid === undefined || n.nid === nid).reduce((s, n) => s + (n.zones.find((z) => z.name === 'Movable')?.present ?? 0), 0);
    // auto_movable_can_online_movable() as it stands once the block is online: the other dynamic groups
    // keep the early pages their MOVABLE needs beyond their kernel pages, and their MOVABLE is theirs
    const holds = (nid: number | undefined, own: string | undefined): string | undefined => {
      let e = nid === undefined ? [...early.values()].reduce((s, x) => s + x, 0) : (early.get(nid) ?? 0);
      let m = movable(nid);
      for (const [key, g] of groups) {
        // auto_movable_stats_account_group() counts nothing under a ratio of 0
        if (ratio === 0 || key === own || (nid !== undefined && g.nid !== nid)) continue;
        e -= Math.max(0, Math.floor((g.movable * 100) / ratio) - g.kernel);
        m -= g.movable;
      }
      if (own !== undefined) e += groups.get(own)?.kernel ?? 0;
      const limit = Math.floor((ratio * e) / 100);
      const where = nid === undefined ? '' : `node ${nid}: `;
      return m > limit ? `${where}MOVABLE counted for ${own === undefined ? 'the block' : `dynamic group ${own}`} holds ${m} pages, more than ${ratio}% of ${e} kernel pages it may weigh (${limit})` : undefined;
    };
    for (const b of decided) {
      const own = b.dynamicUnit === undefined ? undefined : `${b.nid}/${b.dynamicUnit}`;
      const broken = holds(undefined, own) ?? (setup.config.autoMovableNumaAware ? holds(b.nid, own) : undefined);
      if (broken !== undefined) return broken;
    }
    return undefined;
  },
};
