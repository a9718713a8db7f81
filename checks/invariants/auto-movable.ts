/**
 * online_policy=auto-movable (semantics.md §3 "(g auto-movable)"): after an
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

export const autoMovableRatio: Invariant = {
  name: 'auto-movable-ratio',
  describe:
    'after an `online` that auto-movable sent to ZONE_MOVABLE, MOVABLE present ≤ auto_movable_ratio% of the kernel zones\' early pages (system-wide, and per node when numa-aware)',
  appliesTo: (s) => s.profile.modern?.onlinePolicy.value === 'policies' && s.config.onlinePolicy === 'auto-movable',
  check({ setup, step, before, after }) {
    if (!asksOnline(setup, step, before)) return undefined;
    const wasOnline = new Set(before.blocks.filter((b) => b.state === 'online').map((b) => b.id));
    const decided = after.blocks.filter((b) => b.state === 'online' && b.zone === 'Movable' && !wasOnline.has(b.id));
    if (decided.length === 0) return undefined;
    const early = kernelEarlyPages(after);
    const ratio = setup.config.autoMovableRatio;
    const limit = (e: number): number => Math.floor((ratio * e) / 100);
    const movable = (nid: number | undefined): number =>
      after.nodes.filter((n) => nid === undefined || n.nid === nid).reduce((s, n) => s + (n.zones.find((z) => z.name === 'Movable')?.present ?? 0), 0);
    const allEarly = [...early.values()].reduce((s, x) => s + x, 0);
    if (movable(undefined) > limit(allEarly)) {
      return `MOVABLE holds ${movable(undefined)} pages, more than ${ratio}% of ${allEarly} kernel early pages (${limit(allEarly)})`;
    }
    if (!setup.config.autoMovableNumaAware) return undefined;
    for (const nid of new Set(decided.map((b) => b.nid))) {
      const e = early.get(nid) ?? 0;
      if (movable(nid) > limit(e)) return `node ${nid}: MOVABLE holds ${movable(nid)} pages, more than ${ratio}% of ${e} kernel early pages`;
    }
    return undefined;
  },
};
