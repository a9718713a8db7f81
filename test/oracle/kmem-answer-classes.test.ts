/** The driver core's words for the model's refusals on a devdax namespace kmem holds (campaign, kmem configuration). */
import { describe, expect, it } from 'vitest';
import { compareRecord } from '../../oracle/compare.ts';
import { latitudeFor } from '../../oracle/nondeterminism.ts';

const ns = { op: 'memremap_pages', start: 0x10000000, size: 0x20000000, nid: 0 } as const;

describe('devdax-held-by-kmem', () => {
  it('takes the driver core\'s -EBUSY (v5.14+) or -ENODEV (5.10) for the model\'s -ENXIO of a map over kmem\'s System RAM, and nothing else', () => {
    expect(latitudeFor(ns, '-ENXIO', '-EBUSY', undefined)?.id).toBe('devdax-held-by-kmem');
    const kmemAdded = { blocks: {}, zones: {}, iomem: ['0x10000000-0x2fffffff Persistent Memory (legacy)', '0x18000000-0x2fffffff System RAM (kmem)'] };
    expect(latitudeFor(ns, '-ENXIO', '-ENODEV', kmemAdded)?.id).toBe('devdax-held-by-kmem');
    // without kmem's RAM in the range, 5.10's -ENODEV is a failed probe (pfn-probe-failed)
    expect(latitudeFor(ns, '-ENXIO', '-ENODEV', { ...kmemAdded, iomem: ['0x10000000-0x2fffffff Persistent Memory (legacy)'] })?.id).toBe('pfn-probe-failed');
    expect(latitudeFor(ns, 'ok', '-EBUSY', undefined)).toBeUndefined();
    expect(latitudeFor(ns, '-ENXIO', 'ok', undefined)).toBeUndefined();
    expect(latitudeFor({ op: 'add_memory_driver_managed', start: 0x18000000, size: 0x18000000, nid: 0 }, '-ENXIO', '-EBUSY', undefined)).toBeUndefined();
  });

  it('is where the model answers -ENXIO: a map of the namespace after kmem added its range', () => {
    const source = [
      'config pmem 0x10000000 0x20000000',
      'boot 0x1000 0x9e000',
      'boot 0x100000 0xff00000',
      'boot 0x30000000 0xffe0000',
      'add_memory_driver_managed 0x18000000 0x18000000',
      'memremap_pages 0x10000000 0x20000000',
    ].join('\n');
    const initial = { blocks: {}, zones: {} };
    const rec = { scenario: 'held', source: `${source}\n`, initial, steps: [
      { line: 5, text: 'add_memory_driver_managed 0x18000000 384M', answer: 'ok', ms: 1 },
      { line: 6, text: 'memremap_pages 0x10000000 512M', answer: '-EBUSY', ms: 1 },
    ] };
    const c = compareRecord(rec, 'v6.1');
    expect(c.rows.map((r) => [r.model, r.kernel, r.latitude])).toEqual([
      ['ok', 'ok', undefined],
      ['-ENXIO', '-EBUSY', 'devdax-held-by-kmem'],
    ]);
  });
});
