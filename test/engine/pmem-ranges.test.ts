/**
 * `config pmem`: a legacy PMEM range (e820 type 12) is an iomem resource from
 * boot and not RAM. Expected values worked out by hand: the 1 GiB guest with
 * 2 MiB carved out at 0x3fa00000 (pfns 0x3fa00..0x3fbff, section 7 of
 * 128 MiB sections, sub-sections 125 of 64), the seed-002 layout.
 */
import { describe, expect, it } from 'vitest';
import { machineFor } from '../../engine/machine.ts';
import { IMPLEMENTATIONS } from '../../engine/implementations.ts';
import type { Implementation } from '../../model/implementation.ts';
import { parseScenario } from '../../scenario/index.ts';
import { scenarioError } from '../helpers/scenario-error.ts';

const CARVED = [
  'profile v6.1',
  'config pmem 0x3fa00000 2M',
  'boot 0x1000 0x9e000',
  'boot 0x100000 0x3f900000',
  'boot 0x3fc00000 0x3e0000',
  'dump',
].join('\n');

function machines(text: string): Implementation[] {
  const s = parseScenario(text, 't.scn');
  const setup = machineFor(s);
  return [IMPLEMENTATIONS.reference(setup, new Set()), IMPLEMENTATIONS.optimized(setup, new Set())];
}

const device = (m: Implementation): string => {
  const n = m.observe().nodes.find((x) => x.nid === 0);
  const z = n?.zones.find((x) => x.name === 'Device');
  return `${z?.spanned}/${z?.present}/${z?.managed}`;
};

describe('config pmem in both implementations', () => {
  for (const kind of ['reference', 'optimized'] as const) {
    it(`${kind}: the range is a "Persistent Memory (legacy)" resource from boot, not System RAM`, () => {
      const m = machines(CARVED)[kind === 'reference' ? 0 : 1] as Implementation;
      const pmem = m.observe().resources.filter((r) => r.start >= 0x3f000000 && r.start < 0x40000000);
      expect(pmem).toEqual([
        { start: 0x3fa00000, end: 0x3fc00000, kind: 'Persistent Memory (legacy)' },
        { start: 0x3fc00000, end: 0x3ffe0000, kind: 'System RAM' },
      ]);
    });

    it(`${kind}: memremap_pages inside it is ZONE_DEVICE in the early section; the span stays after memunmap_pages`, () => {
      const m = machines(CARVED)[kind === 'reference' ? 0 : 1] as Implementation;
      expect(m.apply({ op: 'memremap_pages', start: 0x3fa00000, size: 0x200000, nid: 0 })).toBe('ok');
      expect(device(m)).toBe('512/0/0');
      expect(m.observe().resources.filter((r) => r.start === 0x3fa00000).map((r) => r.kind)).toEqual(['Persistent Memory (legacy)', 'device']);
      expect(m.apply({ op: 'memremap_pages', start: 0x3fa00000, size: 0x200000, nid: 0 })).toBe('-EEXIST');
      expect(m.apply({ op: 'memunmap_pages', start: 0x3fa00000, size: 0x200000 })).toBe('ok');
      expect(device(m)).toBe('512/0/0');
      expect(m.apply({ op: 'memunmap_pages', start: 0x3fa00000, size: 0x200000 })).toBe('-EINVAL');
    });

    it(`${kind}: add_memory over a PMEM range conflicts with its resource (-EEXIST); without it, it is added`, () => {
      const text = (pmem: boolean): string =>
        ['profile v6.1', ...(pmem ? ['config pmem 0x100000000 128M'] : []), 'boot 0x100000 0x3fee0000', 'dump'].join('\n');
      const i = kind === 'reference' ? 0 : 1;
      const add = { op: 'add_memory', start: 0x100000000, size: 0x8000000, nid: 0 } as const;
      expect((machines(text(true))[i] as Implementation).apply(add)).toBe('-EEXIST');
      expect((machines(text(false))[i] as Implementation).apply(add)).toBe('ok');
    });
  }

  it('both implementations observe the same machine after bind/unbind of two namespaces in one section', () => {
    const text = ['profile v6.1', 'config pmem 0x100000000 2M', 'config pmem 0x100400000 2M', 'boot 0x100000 0x3fee0000', 'dump'].join('\n');
    const [ref, opt] = machines(text) as [Implementation, Implementation];
    for (const st of [
      { op: 'memremap_pages', start: 0x100400000, size: 0x200000, nid: 0 },
      { op: 'memremap_pages', start: 0x100000000, size: 0x200000, nid: 0 },
      { op: 'memunmap_pages', start: 0x100400000, size: 0x200000 },
    ] as const) {
      expect(opt.apply(st)).toBe(ref.apply(st));
      expect(JSON.stringify(opt.observe())).toBe(JSON.stringify(ref.observe()));
    }
    // the span covers both namespaces and the gap between them: 0x100000..0x1005ff
    expect(device(ref)).toBe('1536/0/0');
  });
});

describe('config pmem input', () => {
  const bad = scenarioError;
  it('a range on boot memory is refused, naming the boot range', () => {
    expect(bad('config pmem 0x3fa00000 2M\nboot 0x100000 0x3fee0000\ndump')).toMatch(/overlaps boot memory 0x100000 0x3fee0000/);
  });
  it('overlapping PMEM ranges are refused', () => {
    expect(bad('config pmem 0x100000000 4M\nconfig pmem 0x100200000 2M\ndump')).toMatch(/overlaps config pmem 0x100000000 0x400000/);
  });
  it('a range off the page size, a zero size and a missing size are refused', () => {
    expect(bad('config pmem 0x100000800 2M\ndump')).toMatch(/not aligned to the page size/);
    expect(bad('config pmem 0x100000000 0\ndump')).toMatch(/size must be greater than 0/);
    expect(bad('config pmem 0x100000000\ndump')).toMatch(/config pmem <start> <size>/);
  });
  it('prints back as written', async () => {
    const { printScenario } = await import('../../scenario/index.ts');
    const s = parseScenario(CARVED, 't.scn');
    expect(printScenario(s)).toContain('config pmem 0x3fa00000 2M\n');
  });
});
