/**
 * `config pmem … mode=fsdax|devdax [align=…]`: the spelling, and libnvdimm's
 * refusals of memremap_pages in both implementations. Expected values by
 * hand from drivers/nvdimm (v6.1): align_store() takes only 4K, 2M or 1G on
 * x86_64 (-EINVAL), nd_namespace_store() refuses a namespace below 16 MiB
 * (-ENXIO), nd_pfn_init() needs the data offset — 8 KiB info block plus 64
 * bytes per page, rounded up to the alignment (at least 2 MiB) — below the
 * size (-ENXIO).
 */
import { describe, expect, it } from 'vitest';
import { IMPLEMENTATIONS } from '../../engine/implementations.ts';
import { machineFor } from '../../engine/machine.ts';
import { parseScenario, printScenario } from '../../scenario/index.ts';
import { scenarioError } from '../helpers/scenario-error.ts';

const BOOT = ['boot 0x1000 0x9e000', 'boot 0x100000 0xff00000', 'boot 0x30000000 0xffe0000'];

function answers(pmem: string, steps: readonly string[]): { reference: string[]; optimized: string[] } {
  const s = parseScenario(['profile v6.1', pmem, ...BOOT, ...steps].join('\n'), 't.scn');
  const setup = machineFor(s);
  const run = (kind: 'reference' | 'optimized'): string[] => {
    const m = IMPLEMENTATIONS[kind](setup, new Set());
    return s.steps.map((st) => m.apply(st.step));
  };
  return { reference: run('reference'), optimized: run('optimized') };
}

const both = (pmem: string, steps: readonly string[]): string[] => {
  const a = answers(pmem, steps);
  expect(a.optimized).toEqual(a.reference);
  return a.reference;
};

describe('memremap_pages of a namespace in fsdax or devdax mode', () => {
  it('maps like raw when libnvdimm lets it through: the whole namespace in ZONE_DEVICE', () => {
    for (const mode of ['fsdax', 'devdax']) {
      expect(both(`config pmem 0x10000000 0x20000000 mode=${mode}`, ['memremap_pages 0x10000000 0x20000000', 'zone Device'])).toEqual([
        'ok',
        'start_pfn=65536 spanned=131072 present=0 managed=0',
      ]);
    }
  });
  it('a namespace below 16 MiB is -ENXIO; exactly 16 MiB maps', () => {
    expect(both('config pmem 0x10000000 14M mode=fsdax', ['memremap_pages 0x10000000 14M', 'zone Device'])).toEqual(['-ENXIO', 'start_pfn=0 spanned=0 present=0 managed=0']);
    expect(both('config pmem 0x10000000 16M mode=devdax', ['memremap_pages 0x10000000 16M'])).toEqual(['ok']);
  });
  it('align: 4K, 2M and 1G are taken, anything else is -EINVAL (before the size check)', () => {
    expect(both('config pmem 0x10000000 64M mode=fsdax align=4K', ['memremap_pages 0x10000000 64M'])).toEqual(['ok']);
    expect(both('config pmem 0x10000000 64M mode=fsdax align=2M', ['memremap_pages 0x10000000 64M'])).toEqual(['ok']);
    expect(both('config pmem 0x10000000 64M mode=fsdax align=12345', ['memremap_pages 0x10000000 64M'])).toEqual(['-EINVAL']);
    expect(both('config pmem 0x10000000 64M mode=devdax align=4M', ['memremap_pages 0x10000000 64M'])).toEqual(['-EINVAL']);
    expect(both('config pmem 0x10000000 8M mode=fsdax align=12345', ['memremap_pages 0x10000000 8M'])).toEqual(['-EINVAL']);
  });
  it('align 1G: the data would start at the next 1 GiB boundary, past a 512 MiB namespace (-ENXIO)', () => {
    expect(both('config pmem 0x10000000 0x20000000 mode=fsdax align=1G', ['memremap_pages 0x10000000 0x20000000'])).toEqual(['-ENXIO']);
  });
  it('a raw namespace (no mode) of 8 MiB still maps: the checks are the pfn device\'s', () => {
    expect(both('config pmem 0x10000000 8M', ['memremap_pages 0x10000000 8M'])).toEqual(['ok']);
  });
  it('a refused map changes nothing: memunmap_pages after it finds nothing (-EINVAL)', () => {
    expect(both('config pmem 0x10000000 8M mode=fsdax', ['memremap_pages 0x10000000 8M', 'memunmap_pages 0x10000000 8M'])).toEqual(['-ENXIO', '-EINVAL']);
  });
});

describe('config pmem mode= and align= spelling', () => {
  const bad = scenarioError;
  it('prints back as written; mode=raw is the default and not printed', () => {
    const s = parseScenario('config pmem 0x10000000 64M mode=fsdax align=12345\nconfig pmem 0x18000000 64M mode=raw\ndump', 't.scn');
    expect(s.pmem).toEqual([
      { start: 0x10000000, size: 0x4000000, mode: 'fsdax', align: 12345 },
      { start: 0x18000000, size: 0x4000000 },
    ]);
    expect(printScenario(s)).toContain('config pmem 0x10000000 64M mode=fsdax align=0x3039\nconfig pmem 0x18000000 64M\n');
  });
  it('an unknown mode, align without a pfn mode, a mode off the 2 MiB grid, a bad align number: one message each', () => {
    expect(bad('config pmem 0x10000000 64M mode=sector\ndump')).toBe('t.scn:1:28: bad mode "sector" for config pmem (allowed: raw, fsdax, devdax)');
    expect(bad('config pmem 0x10000000 64M align=2M\ndump')).toBe('t.scn:1:1: config pmem 0x10000000 0x4000000: align= is a pfn device\'s; it needs mode=fsdax or mode=devdax');
    expect(bad('config pmem 0x10100000 64M mode=fsdax\ndump')).toBe(
      't.scn:1:1: config pmem 0x10100000 0x4000000 mode=fsdax: must lie on the 2 MiB sub-section grid (the pfn device\'s start padding and end truncation are not modelled)',
    );
    expect(bad('config pmem 0x10000000 64M mode=devdax align=big\ndump')).toBe('t.scn:1:46: expected a size, got "big"');
  });
});
