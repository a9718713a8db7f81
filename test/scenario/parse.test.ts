import { describe, expect, it } from 'vitest';
import { GEOMETRY_PRESETS } from '../../model/geometry.ts';
import type { GeometryParams } from '../../model/geometry.ts';
import { parseScenario, ScenarioError } from '../../scenario/index.ts';

const EXAMPLE = `profile v5.3                      # semantic profile
geometry x86_64                   # or: geometry page=4K section=128M subsection=2M block=128M [physbits=46]
config vmemmap off                # \`config <key> <value>\`; keys and allowed values from CONFIG_KEYS
boot 0x100000 0x3fee0000          # boot RAM range <start> <size> [node=N]; repeatable
add_pages 0x100000000 2M          # __add_pages; optional [node=N]
add_pages 0x100000000 4M -> -EEXIST
remove_pages 0x100000000 2M -> WARN
fail next usage -ENOMEM           # fault injection: fail next <root|usage|memmap> <-ERRNO>
pfn_valid 0x100000000 -> true     # queries take an address
dump
`;

describe('parseScenario: the documented example', () => {
  it('parses header and steps to the expected values', () => {
    expect(parseScenario(EXAMPLE, 'x.scn')).toStrictEqual({
      profile: 'v5.3',
      // The preset as model/geometry.ts defines it (it gains fields as the model grows).
      geometry: { ...(GEOMETRY_PRESETS['x86_64'] as GeometryParams) },
      config: [{ key: 'vmemmap', value: 'off', line: 3 }],
      boot: [{ start: 0x100000, size: 0x3fee0000, nid: 0 }],
      steps: [
        { step: { op: 'add_pages', start: 0x100000000, size: 0x200000, nid: 0 }, line: 5 },
        { step: { op: 'add_pages', start: 0x100000000, size: 0x400000, nid: 0 }, expect: '-EEXIST', line: 6 },
        { step: { op: 'remove_pages', start: 0x100000000, size: 0x200000 }, expect: 'WARN', line: 7 },
        { step: { op: 'fail', alloc: 'usage', errno: 'ENOMEM' }, line: 8 },
        { step: { op: 'query', query: 'pfn_valid', addr: 0x100000000 }, expect: 'true', line: 9 },
        { step: { op: 'dump' }, line: 10 },
      ],
    });
  });

  it('leaves profile and geometry out when the header has none', () => {
    const s = parseScenario('dump\n');
    expect(s).toStrictEqual({ config: [], boot: [], steps: [{ step: { op: 'dump' }, line: 1 }] });
    expect('profile' in s).toBe(false);
    expect('geometry' in s).toBe(false);
  });

  it('accepts a header without steps', () => {
    expect(parseScenario('boot 0 1G node=3\n')).toStrictEqual({
      config: [],
      boot: [{ start: 0, size: 0x40000000, nid: 3 }],
      steps: [],
    });
  });
});

describe('parseScenario: details of the syntax', () => {
  it('reads every query with its address', () => {
    const s = parseScenario(
      'valid_section 0\npresent_section 4K\nonline_section 0x8000000 -> false\npfn_to_online_page 1G -> NULL\npfn_valid 0x1000 -> true\n',
    );
    expect(s.steps.map((x) => x.step)).toStrictEqual([
      { op: 'query', query: 'valid_section', addr: 0 },
      { op: 'query', query: 'present_section', addr: 4096 },
      { op: 'query', query: 'online_section', addr: 0x8000000 },
      { op: 'query', query: 'pfn_to_online_page', addr: 0x40000000 },
      { op: 'query', query: 'pfn_valid', addr: 0x1000 },
    ]);
    expect(s.steps.map((x) => x.expect)).toStrictEqual([undefined, undefined, 'false', 'NULL', 'true']);
  });

  it('reads units in either case, decimal and hex with units, and node=N', () => {
    const s = parseScenario('add_pages 4g 0x2M node=7\nadd_pages 1t 12k\nadd_pages 0 1P\nremove_pages 4096 8192\n');
    expect(s.steps.map((x) => x.step)).toStrictEqual([
      { op: 'add_pages', start: 4 * 2 ** 30, size: 2 * 2 ** 20, nid: 7 },
      { op: 'add_pages', start: 2 ** 40, size: 12 * 1024, nid: 0 },
      { op: 'add_pages', start: 0, size: 2 ** 50, nid: 0 },
      { op: 'remove_pages', start: 4096, size: 8192 },
    ]);
  });

  it('accepts the largest safe number and zero sizes', () => {
    const s = parseScenario('add_pages 0x1ffffffffff000 0\n');
    expect(s.steps[0]?.step).toStrictEqual({ op: 'add_pages', start: 0x1ffffffffff000, size: 0, nid: 0 });
  });

  it('reads every fault point and errno spelling', () => {
    const s = parseScenario('fail next root -ENOMEM\nfail next memmap -EBUSY -> ok\n');
    expect(s.steps).toStrictEqual([
      { step: { op: 'fail', alloc: 'root', errno: 'ENOMEM' }, line: 1 },
      { step: { op: 'fail', alloc: 'memmap', errno: 'EBUSY' }, expect: 'ok', line: 2 },
    ]);
  });

  it('reads an explicit geometry, with defaults for subsection and physbits', () => {
    const s = parseScenario('geometry block=256M page=64K section=16M\ndump\n');
    expect(s.geometry).toStrictEqual({
      name: 'custom',
      pageShift: 16,
      sectionShift: 24,
      subsectionShift: 21,
      blockShift: 28,
      maxPhysmemBits: 46,
      memSectionBytes: 16,
      structPageBytes: 64,
    });
    const t = parseScenario('geometry page=4K section=128M subsection=4M block=1G physbits=40\n');
    expect(t.geometry).toMatchObject({ pageShift: 12, sectionShift: 27, subsectionShift: 22, blockShift: 30, maxPhysmemBits: 40 });
  });

  it('checks page alignment against the scenario geometry, wherever the geometry line is', () => {
    expect(() => parseScenario('geometry ppc64\nadd_pages 0x10000 64K\n')).not.toThrow();
    expect(() => parseScenario('geometry ppc64\nadd_pages 0x1000 64K\n')).toThrow('address 0x1000 is not aligned to the page size (65536)');
    expect(() => parseScenario('boot 0 4K\ngeometry ppc64\n')).toThrow('<scenario>:1:8: size 4K is not aligned to the page size (65536)');
  });

  it('ignores comments, blank lines, tabs, CRLF line ends and a byte-order mark', () => {
    const text = '\uFEFF# a comment\r\n\r\n\tprofile\tlatest  # alias\r\n   \r\nadd_pages 0 2M# no space needed\r\n#dump\r\n';
    const s = parseScenario(text);
    expect(s.profile).toBe('latest');
    expect(s.steps).toStrictEqual([{ step: { op: 'add_pages', start: 0, size: 0x200000, nid: 0 }, line: 5 }]);
  });

  it('allows anything but NUL inside comments', () => {
    expect(parseScenario('dump # \u0007 \u202e \ufffd \ud800 ☃\n').steps).toHaveLength(1);
  });

  it('returns a copy of a preset geometry, not the shared preset object', () => {
    const g = parseScenario('geometry s390\n').geometry;
    expect(g).toStrictEqual(GEOMETRY_PRESETS['s390']);
    expect(g).not.toBe(GEOMETRY_PRESETS['s390']);
  });

  it('takes sub-section and section misalignment: that is the kernel’s -EINVAL, not a syntax error', () => {
    expect(parseScenario('add_pages 0x101000 0x3000\nremove_pages 0x1000 4K\n').steps).toHaveLength(2);
  });

  it('refuses a boot range over 2^27 sections as more than the model holds, with one ScenarioError', () => {
    // ppc64: 2 PiB is its whole 51-bit space, 2^51 / 16 MiB = 134,217,728 sections; the model holds
    // 2^19 sub-sections, each 16 MiB section weighing at least 64 of them: 8,192 sections.
    let caught: unknown;
    try {
      parseScenario('geometry ppc64\nboot 0 2P\n');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    expect((caught as ScenarioError).message).toBe(
      '<scenario>:2:1: boot memory would make 134,217,728 sections present; the model holds at most 8,192 so that every step stays within seconds (docs/performance.md)',
    );
  });
});

const BLOCKS_EXAMPLE = `config auto_online_blocks offline
config movable_node on
boot 0 4G
add_memory 0x100000000 128M node=1 -> ok
remove_memory 0x100000000 128M -> -EBUSY
memremap_pages 0x200000000 2M
memunmap_pages 0x200000000 2M -> ok
state 32 online_movable           # any word: the kernel answers -EINVAL for unknown ones
online 0x20 1
state 33 Bogus-Word! -> -EINVAL
pin 0x100000000 -> -EINVAL
unpin 0x100000000
veto MEM_GOING_ONLINE -ENOMEM
veto MEM_GOING_OFFLINE -EBUSY -> ok
valid_zones 32 -> Normal   Movable    # runs of blanks fold to one space
block 32 ->\tonline\tNormal
zone Normal -> start_pfn=1048576 spanned=32768 present=32768 managed=32768
zone Movable node=1 -> -ENOENT
node 1 -> online start_pfn=0 spanned=0 present=0
node 0
`;

describe('parseScenario: memory blocks, zones and nodes', () => {
  it('reads every new step and its expectation', () => {
    const s = parseScenario(BLOCKS_EXAMPLE, 'x.scn');
    expect(s.config).toStrictEqual([
      { key: 'auto_online_blocks', value: 'offline', line: 1 },
      { key: 'movable_node', value: 'on', line: 2 },
    ]);
    expect(s.steps).toStrictEqual([
      { step: { op: 'add_memory', start: 0x100000000, size: 0x8000000, nid: 1 }, expect: 'ok', line: 4 },
      { step: { op: 'remove_memory', start: 0x100000000, size: 0x8000000 }, expect: '-EBUSY', line: 5 },
      { step: { op: 'memremap_pages', start: 0x200000000, size: 0x200000, nid: 0 }, line: 6 },
      { step: { op: 'memunmap_pages', start: 0x200000000, size: 0x200000 }, expect: 'ok', line: 7 },
      { step: { op: 'state', block: 32, word: 'online_movable' }, line: 8 },
      { step: { op: 'online', block: 32, word: '1' }, line: 9 },
      { step: { op: 'state', block: 33, word: 'Bogus-Word!' }, expect: '-EINVAL', line: 10 },
      { step: { op: 'pin', addr: 0x100000000 }, expect: '-EINVAL', line: 11 },
      { step: { op: 'unpin', addr: 0x100000000 }, line: 12 },
      { step: { op: 'veto', event: 'MEM_GOING_ONLINE', errno: 'ENOMEM' }, line: 13 },
      { step: { op: 'veto', event: 'MEM_GOING_OFFLINE', errno: 'EBUSY' }, expect: 'ok', line: 14 },
      { step: { op: 'valid_zones', block: 32 }, expect: 'Normal Movable', line: 15 },
      { step: { op: 'block', block: 32 }, expect: 'online Normal', line: 16 },
      {
        step: { op: 'zone', zone: 'Normal', nid: 0 },
        expect: 'start_pfn=1048576 spanned=32768 present=32768 managed=32768',
        line: 17,
      },
      { step: { op: 'zone', zone: 'Movable', nid: 1 }, expect: '-ENOENT', line: 18 },
      { step: { op: 'node', nid: 1 }, expect: 'online start_pfn=0 spanned=0 present=0', line: 19 },
      { step: { op: 'node', nid: 0 }, line: 20 },
    ]);
  });

  it('reads block ids in decimal or hex up to 2^40 - 1, and every zone name', () => {
    const s = parseScenario('block 0\nblock 0xffffffffff\nvalid_zones 1099511627775\nstate 0x0020 offline\n');
    expect(s.steps.map((x) => x.step)).toStrictEqual([
      { op: 'block', block: 0 },
      { op: 'block', block: 2 ** 40 - 1 },
      { op: 'valid_zones', block: 2 ** 40 - 1 },
      { op: 'state', block: 32, word: 'offline' },
    ]);
    const zones = parseScenario('zone DMA\nzone DMA32\nzone Normal node=1023\nzone Movable\nzone Device node=0\n');
    expect(zones.steps.map((x) => x.step)).toStrictEqual([
      { op: 'zone', zone: 'DMA', nid: 0 },
      { op: 'zone', zone: 'DMA32', nid: 0 },
      { op: 'zone', zone: 'Normal', nid: 1023 },
      { op: 'zone', zone: 'Movable', nid: 0 },
      { op: 'zone', zone: 'Device', nid: 0 },
    ]);
  });

  it('takes the text after the first arrow as written, up to a comment, blanks folded', () => {
    const s = parseScenario('block 1 -> a -> b\nvalid_zones 2 ->\t\tNone  at\tall  \t# comment\r\nnode 3 -> ok\nblock 4 -> "x" \\ é\n');
    expect(s.steps.map((x) => x.expect)).toStrictEqual(['a -> b', 'None at all', 'ok', '"x" \\ é']);
  });

  it('accepts any single token as a sysfs word, even one that looks like an option or an outcome', () => {
    const s = parseScenario('state 1 node=1\nonline 2 -EINVAL -> -EINVAL\nstate 3 a->b\nonline 4 ☃\n');
    expect(s.steps.map((x) => x.step)).toStrictEqual([
      { op: 'state', block: 1, word: 'node=1' },
      { op: 'online', block: 2, word: '-EINVAL' },
      { op: 'state', block: 3, word: 'a->b' },
      { op: 'online', block: 4, word: '☃' },
    ]);
  });

  it('checks page alignment of the new address steps against the geometry', () => {
    expect(() => parseScenario('geometry ppc64\npin 0x10000\nadd_memory 0 256M\n')).not.toThrow();
    expect(() => parseScenario('geometry ppc64\nunpin 0x1000\n')).toThrow('<scenario>:2:7: address 0x1000 is not aligned to the page size (65536)');
    expect(() => parseScenario('geometry ppc64\nmemunmap_pages 0 4K\n')).toThrow('size 4K is not aligned to the page size (65536)');
  });
});
