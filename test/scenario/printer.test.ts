import { describe, expect, it } from 'vitest';
import { GEOMETRY_PRESETS } from '../../model/geometry.ts';
import type { GeometryParams } from '../../model/geometry.ts';
import { formatAddress, formatSize, parseScenario, printScenario, printStep } from '../../scenario/index.ts';
import type { Scenario } from '../../scenario/index.ts';

describe('formatAddress', () => {
  it('prints lowercase hex', () => {
    expect(formatAddress(0)).toBe('0x0');
    expect(formatAddress(0x100000000)).toBe('0x100000000');
    expect(formatAddress(0xabcdef000)).toBe('0xabcdef000');
    expect(formatAddress(Number.MAX_SAFE_INTEGER)).toBe('0x1fffffffffffff');
  });

  it('refuses numbers that could not be read back', () => {
    expect(() => formatAddress(-4096)).toThrow(RangeError);
    expect(() => formatAddress(1.5)).toThrow(RangeError);
    expect(() => formatAddress(2 ** 53)).toThrow(RangeError);
    expect(() => formatSize(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatSize', () => {
  it('uses the largest unit that divides exactly', () => {
    expect(formatSize(0x200000)).toBe('2M');
    expect(formatSize(128 * 2 ** 20)).toBe('128M');
    expect(formatSize(2 ** 30)).toBe('1G');
    expect(formatSize(4096)).toBe('4K');
    expect(formatSize(1536 * 2 ** 20)).toBe('1536M');
    expect(formatSize(0x3fee0000)).toBe('1047424K');
    expect(formatSize(2 ** 50)).toBe('1P');
    expect(formatSize(7 * 2 ** 50)).toBe('7P');
  });

  it('prints zero as 0 and anything not a multiple of 1K in hex', () => {
    expect(formatSize(0)).toBe('0');
    expect(formatSize(512)).toBe('0x200');
    expect(formatSize(0x1001)).toBe('0x1001');
  });
});

describe('printStep', () => {
  it('prints each kind of step on one line', () => {
    expect(printStep({ op: 'add_pages', start: 0x100000000, size: 0x200000, nid: 0 })).toBe('add_pages 0x100000000 2M');
    expect(printStep({ op: 'add_pages', start: 0, size: 2 ** 30, nid: 3 })).toBe('add_pages 0x0 1G node=3');
    expect(printStep({ op: 'remove_pages', start: 0x108000000, size: 0x1000 })).toBe('remove_pages 0x108000000 4K');
    expect(printStep({ op: 'fail', alloc: 'memmap', errno: 'ENOMEM' })).toBe('fail next memmap -ENOMEM');
    expect(printStep({ op: 'query', query: 'pfn_to_online_page', addr: 0x1000 })).toBe('pfn_to_online_page 0x1000');
    expect(printStep({ op: 'dump' })).toBe('dump');
  });

  it('prints the block, zone and node steps', () => {
    expect(printStep({ op: 'add_memory', start: 0x100000000, size: 128 * 2 ** 20, nid: 0 })).toBe('add_memory 0x100000000 128M');
    expect(printStep({ op: 'add_memory', start: 0x100000000, size: 128 * 2 ** 20, nid: 2 })).toBe('add_memory 0x100000000 128M node=2');
    expect(printStep({ op: 'remove_memory', start: 0x100000000, size: 2 ** 30 })).toBe('remove_memory 0x100000000 1G');
    expect(printStep({ op: 'memremap_pages', start: 0x200000000, size: 0x200000, nid: 1 })).toBe('memremap_pages 0x200000000 2M node=1');
    expect(printStep({ op: 'memunmap_pages', start: 0x200000000, size: 0x200000 })).toBe('memunmap_pages 0x200000000 2M');
    expect(printStep({ op: 'state', block: 32, word: 'online_movable' })).toBe('state 32 online_movable');
    expect(printStep({ op: 'online', block: 2 ** 40 - 1, word: 'Y' })).toBe('online 1099511627775 Y');
    expect(printStep({ op: 'pin', addr: 0x100000000 })).toBe('pin 0x100000000');
    expect(printStep({ op: 'unpin', addr: 0 })).toBe('unpin 0x0');
    expect(printStep({ op: 'veto', event: 'MEM_GOING_OFFLINE', errno: 'EBUSY' })).toBe('veto MEM_GOING_OFFLINE -EBUSY');
    expect(printStep({ op: 'valid_zones', block: 32 })).toBe('valid_zones 32');
    expect(printStep({ op: 'block', block: 0 })).toBe('block 0');
    expect(printStep({ op: 'zone', zone: 'Normal', nid: 0 })).toBe('zone Normal');
    expect(printStep({ op: 'zone', zone: 'DMA32', nid: 3 })).toBe('zone DMA32 node=3');
    expect(printStep({ op: 'node', nid: 0 })).toBe('node 0');
    expect(printStep({ op: 'node', nid: 1023 })).toBe('node 1023');
  });

  it('refuses block ids and sysfs words that could not be read back', () => {
    expect(() => printStep({ op: 'block', block: 2 ** 40 })).toThrow(RangeError);
    expect(() => printStep({ op: 'valid_zones', block: -1 })).toThrow(RangeError);
    expect(() => printStep({ op: 'state', block: 1.5, word: 'online' })).toThrow(RangeError);
    for (const word of ['', 'two words', 'tab\there', 'a#b', '->', 'bell\u0007', 'nbsp\u00a0']) {
      expect(() => printStep({ op: 'online', block: 1, word })).toThrow(RangeError);
    }
  });
});

const CUSTOM: GeometryParams = {
  name: 'custom',
  pageShift: 16,
  sectionShift: 24,
  subsectionShift: 21,
  blockShift: 28,
  maxPhysmemBits: 48,
  memSectionBytes: 16,
  structPageBytes: 64,
};

describe('printScenario', () => {
  const scenario: Scenario = {
    profile: 'v5.3',
    geometry: GEOMETRY_PRESETS['x86_64'] as GeometryParams,
    config: [
      { key: 'vmemmap', value: 'off', line: 3 },
      { key: 'sparsemem_extreme', value: 'on', line: 4 },
    ],
    boot: [
      { start: 0x100000, size: 0x3fee0000, nid: 0 },
      { start: 0x100000000, size: 2 ** 30, nid: 1 },
    ],
    steps: [
      { step: { op: 'add_pages', start: 0x200000000, size: 0x200000, nid: 1 }, line: 7 },
      { step: { op: 'add_pages', start: 0x200000000, size: 0x400000, nid: 0 }, expect: '-EEXIST', line: 8 },
      { step: { op: 'fail', alloc: 'usage', errno: 'ENOMEM' }, expect: 'ok', line: 9 },
      { step: { op: 'query', query: 'pfn_valid', addr: 0x200000000 }, expect: 'true', line: 10 },
      { step: { op: 'dump' }, line: 11 },
    ],
  };

  it('prints the header in canonical order, then the steps, ending with a newline', () => {
    expect(printScenario(scenario)).toBe(
      [
        'profile v5.3',
        'geometry x86_64',
        'config vmemmap off',
        'config sparsemem_extreme on',
        'boot 0x100000 1047424K',
        'boot 0x100000000 1G node=1',
        'add_pages 0x200000000 2M node=1',
        'add_pages 0x200000000 4M -> -EEXIST',
        'fail next usage -ENOMEM -> ok',
        'pfn_valid 0x200000000 -> true',
        'dump',
        '',
      ].join('\n'),
    );
    expect(parseScenario(printScenario(scenario))).toStrictEqual({ ...scenario, geometry: { ...scenario.geometry } });
  });

  it('spells a custom geometry explicitly', () => {
    const text = printScenario({ geometry: CUSTOM, config: [], boot: [], steps: [] });
    expect(text).toBe('geometry page=64K section=16M subsection=2M block=256M physbits=48\n');
    expect(parseScenario(text).geometry).toStrictEqual(CUSTOM);
  });

  it('adds trailing comments by step index, kept on one line', () => {
    const comments = new Map([
      [1, 'expected -EEXIST'],
      [4, 'two\nlines\r\u2028here'],
      [9, 'no such step'],
    ]);
    const text = printScenario(scenario, { comments });
    const lines = text.split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[7]).toBe('add_pages 0x200000000 4M -> -EEXIST  # expected -EEXIST');
    expect(lines[10]).toBe('dump  # two lines  here');
    expect(parseScenario(text).steps).toStrictEqual(scenario.steps);
  });

  it('prints text answers of observation steps after the arrow', () => {
    const s: Scenario = {
      config: [],
      boot: [],
      steps: [
        { step: { op: 'state', block: 32, word: 'online_movable' }, expect: '-EINVAL', line: 1 },
        { step: { op: 'valid_zones', block: 32 }, expect: 'Normal Movable', line: 2 },
        { step: { op: 'zone', zone: 'Normal', nid: 1 }, expect: 'start_pfn=1 spanned=2 present=3 managed=4', line: 3 },
        { step: { op: 'block', block: 7 }, expect: '-ENOENT', line: 4 },
        { step: { op: 'node', nid: 2 }, line: 5 },
      ],
    };
    const text = printScenario(s);
    expect(text).toBe(
      [
        'state 32 online_movable -> -EINVAL',
        'valid_zones 32 -> Normal Movable',
        'zone Normal node=1 -> start_pfn=1 spanned=2 present=3 managed=4',
        'block 7 -> -ENOENT',
        'node 2',
        '',
      ].join('\n'),
    );
    expect(parseScenario(text)).toStrictEqual(s);
  });

  it('refuses an expected answer that would not read back the same', () => {
    for (const expect_ of ['', ' Normal', 'Normal ', 'Normal  Movable', 'a\tb', 'a # b', 'two\nlines', 'x\u2028y']) {
      const s: Scenario = { config: [], boot: [], steps: [{ step: { op: 'valid_zones', block: 1 }, expect: expect_, line: 1 }] };
      expect(() => printScenario(s)).toThrow(RangeError);
    }
    const onOperation: Scenario = { config: [], boot: [], steps: [{ step: { op: 'state', block: 1, word: 'online' }, expect: 'online Normal', line: 1 }] };
    expect(() => printScenario(onOperation)).toThrow(RangeError);
  });

  it('prints nothing for a scenario with nothing in it', () => {
    expect(printScenario({ config: [], boot: [], steps: [] })).toBe('');
  });
});
