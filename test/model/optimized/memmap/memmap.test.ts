/**
 * The memmap's dirty bits (model/optimized/memmap/memmap.ts, model/touched.ts):
 * dirtySections() lists exactly the sections whose struct pages were written
 * since clearDirty(), in every mem_section root, and nothing after it.
 * Incremental observation rebuilds only what it lists, so a section left out
 * keeps a stale memmap; one listed in excess costs a rebuild per step.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../../model/config.ts';
import { presetGeometry } from '../../../../model/geometry.ts';
import { createHotplugContext, type HotplugContext } from '../../../../model/optimized/hotplug-context.ts';
import { sparseBoot } from '../../../../model/optimized/sparse/boot.ts';
import { hotplugBoot } from '../../../../model/optimized/zones/boot.ts';
import { findProfile } from '../../../../model/profiles/index.ts';
import type { BootRange } from '../../../../model/step.ts';
import { GiB, MiB } from '../../../helpers/optimized.ts';

// boot memory in root 0 (sections 0-7) and in root 1 (sections 256 and 257: 32 GiB is pfn 8388608)
const BOOT: readonly BootRange[] = [
  { start: 0x100000, size: 0x3fee0000, nid: 0 },
  { start: 32 * GiB, size: 256 * MiB, nid: 0 },
];
const P256 = 8388608;
const NORMAL = 2; // ZONE_NORMAL's index on x86_64 (DMA, DMA32, Normal, Movable)

function booted(): HotplugContext {
  const setup = { profile: findProfile('v6.1')!, geometry: presetGeometry('x86_64')!, config: DEFAULT_CONFIG, boot: BOOT };
  const ctx = createHotplugContext(setup, new Set());
  sparseBoot(ctx, setup.boot);
  hotplugBoot(ctx, setup.boot);
  ctx.memmap.clearDirty();
  return ctx;
}
const dirty = (ctx: HotplugContext): number[] => ctx.memmap.dirtySections().sort((a, b) => a - b);

describe('optimized: the memmap dirty bits', () => {
  it('x86_64 has 256 sections per root, so section 256 is the first of root 1', () => {
    expect(booted().table.sectionsPerRoot).toBe(256);
  });

  it('boot writes every present section; clearDirty() leaves none', () => {
    const setup = { profile: findProfile('v6.1')!, geometry: presetGeometry('x86_64')!, config: DEFAULT_CONFIG, boot: BOOT };
    const ctx = createHotplugContext(setup, new Set());
    sparseBoot(ctx, setup.boot);
    hotplugBoot(ctx, setup.boot);
    expect(dirty(ctx)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 256, 257]);
    ctx.memmap.clearDirty();
    expect(dirty(ctx)).toEqual([]);
  });

  it('a whole section initialised in root 1 is listed by its own number', () => {
    const ctx = booted();
    ctx.memmap.initRange(P256 + 32768, 32768, NORMAL, 0);
    expect(dirty(ctx)).toEqual([257]);
  });

  it('a sub-section poisoned in root 1 is listed; so is one in root 0, each under its own root', () => {
    const ctx = booted();
    ctx.memmap.poisonRange(P256, 512);
    ctx.memmap.poisonRange(32768 * 3, 512);
    expect(dirty(ctx)).toEqual([3, 256]);
  });

  it('a section whose memmap is dropped is listed, alone in its root', () => {
    const ctx = booted();
    ctx.memmap.dropSection(257);
    expect(dirty(ctx)).toEqual([257]);
  });

  it('each observation starts afresh: what clearDirty() cleared is not listed again', () => {
    const ctx = booted();
    ctx.memmap.initRange(P256, 32768, NORMAL, 0);
    ctx.memmap.clearDirty();
    ctx.memmap.poisonRange(32768, 512);
    expect(dirty(ctx)).toEqual([1]);
    ctx.memmap.clearDirty();
    expect(dirty(ctx)).toEqual([]);
  });
});
