import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../scenario/index.ts';
import { editDistance, suggest } from '../../scenario/suggest.ts';
import { profileNames } from '../../model/profiles/index.ts';

const KNOWN_STEPS =
  'known: add_pages, remove_pages, fail, pfn_valid, valid_section, present_section, online_section, pfn_to_online_page, dump, ' +
  'add_memory, add_memory_driver_managed, remove_memory, memremap_pages, memunmap_pages, state, online, pin, unpin, eject_memory, poison, virtio_mem_resize, veto, valid_zones, block, zone, node';
const GEOMETRY_USAGE =
  'usage: geometry <preset> | geometry page=<size> section=<size> [subsection=<size>] block=<size> [physbits=<bits>]';
const KNOWN_ERRNOS = 'known: -EPERM, -ENOENT, -EINTR, -ENOMEM, -EBUSY, -ENXIO, -EEXIST, -ENODEV, -EINVAL, -ERANGE, -E2BIG, -EHWPOISON';

function errorOf(text: string): ScenarioError {
  try {
    parseScenario(text, 'x.scn');
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error(`parsed: ${JSON.stringify(text)}`);
}

/** [what, input, exact message] */
type Case = readonly [string, string, string];

const FILE_CASES: Case[] = [
  ['empty file', '', 'x.scn: empty scenario (no steps)'],
  ['only comments and blanks', '  \n# only a comment\n\n', 'x.scn: empty scenario (no steps)'],
  ['NUL byte', 'dump\n\0\n', 'x.scn: not a text file'],
  ['binary noise', '\x89PNG\r\n\x1a\n\x01\x02\x03\x04\x05\x06\x07\x08', 'x.scn: not a text file'],
];

const LEXICAL_CASES: Case[] = [
  ['control character', 'dump\nadd_pages \x07 4K\n', 'x.scn:2:11: unexpected character U+0007'],
  ['no-break space', 'dump\ndump\u00a0\n', 'x.scn:2:5: unexpected character U+00A0'],
  ['bidi override', 'dump\u202e\n', 'x.scn:1:5: unexpected character U+202E'],
  ['lone carriage return', 'dump\rdump\n', 'x.scn:1:5: unexpected character U+000D'],
  ['astral characters count as one column', '\u{1f600} \x07\n', 'x.scn:1:3: unexpected character U+0007'],
];

const STEP_CASES: Case[] = [
  ['unknown step', 'dump\nfoo\n', `x.scn:2:1: unknown step "foo" (${KNOWN_STEPS})`],
  ['misspelt step', 'dump\nadd_page 0 4K\n', `x.scn:2:1: unknown step "add_page"; did you mean "add_pages"? (${KNOWN_STEPS})`],
  ['transposed letters', 'fial next root -ENOMEM\n', `x.scn:1:1: unknown step "fial"; did you mean "fail"? (${KNOWN_STEPS})`],
  ['wrong case', 'Dump\n', `x.scn:1:1: unknown step "Dump"; did you mean "dump"? (${KNOWN_STEPS})`],
  ['misspelt header word', 'profil v5.3\n', `x.scn:1:1: unknown step "profil"; did you mean "profile"? (${KNOWN_STEPS})`],
  ['long unknown word is cut', `dump\nx${'y'.repeat(100)}\n`, `x.scn:2:1: unknown step "x${'y'.repeat(39)}"... (${KNOWN_STEPS})`],
  ['weird word is escaped', '\ufffd"\\\n', `x.scn:1:1: unknown step "\ufffd\\"\\\\" (${KNOWN_STEPS})`],
  ['extra argument', 'add_pages 0 4K extra\n', 'x.scn:1:16: unexpected "extra" (usage: add_pages <start> <size> [node=N])'],
  ['missing argument', 'add_pages 0\n', 'x.scn:1:12: missing size (usage: add_pages <start> <size> [node=N])'],
  ['argument to dump', 'dump now\n', 'x.scn:1:6: unexpected "now" (usage: dump)'],
  ['missing query address', 'pfn_valid\n', 'x.scn:1:10: missing address (usage: pfn_valid <address>)'],
  ['node on remove_pages', 'remove_pages 0 4K node=1\n', 'x.scn:1:19: unexpected "node=1" (usage: remove_pages <start> <size>)'],
  ['unknown option', 'add_pages 0 4K foo=1\n', 'x.scn:1:16: unknown option "foo=1" (usage: add_pages <start> <size> [node=N])'],
  ['fail without next', 'fail now root -ENOMEM\n', 'x.scn:1:6: expected "next", got "now" (usage: fail next <root|usage|memmap|memory_block> -<ERRNO>)'],
  ['unknown fault point', 'fail next heap -ENOMEM\n', 'x.scn:1:11: unknown allocation point "heap" (known: root, usage, memmap, memory_block)'],
  ['errno without minus', 'fail next root ENOMEM\n', `x.scn:1:16: unknown errno "ENOMEM" (${KNOWN_ERRNOS})`],
  ['unknown errno', 'fail next root -EFOO\n', `x.scn:1:16: unknown errno "-EFOO" (${KNOWN_ERRNOS})`],
  ['missing errno', 'fail next root\n', 'x.scn:1:15: missing errno (usage: fail next <root|usage|memmap|memory_block> -<ERRNO>)'],
];

const NUMBER_CASES: Case[] = [
  ['not a number', 'add_pages zz 4K\n', 'x.scn:1:11: expected an address, got "zz"'],
  ['unknown unit', 'add_pages 4K 2MB\n', 'x.scn:1:14: expected a size, got "2MB"'],
  ['negative', 'add_pages -4K 4K\n', 'x.scn:1:11: expected an address, got "-4K"'],
  ['hex too large', 'add_pages 0x20000000000000 4K\n', 'x.scn:1:11: number too large: 0x20000000000000'],
  ['decimal too large', 'add_pages 99999999999999999999999 4K\n', 'x.scn:1:11: number too large: 99999999999999999999999'],
  ['unit too large', 'add_pages 8P 4K\n', 'x.scn:1:11: number too large: 8P'],
  ['very long number is cut', `add_pages 1${'0'.repeat(60)} 4K\n`, `x.scn:1:11: number too large: 1${'0'.repeat(39)}...`],
  ['leading zero', 'add_pages 010 4K\n', 'x.scn:1:11: leading zero in decimal number "010" (octal is not supported)'],
  ['unaligned address', 'add_pages 0x1001 4K\n', 'x.scn:1:11: address 0x1001 is not aligned to the page size (4096)'],
  ['unaligned size', 'add_pages 0 0x1001\n', 'x.scn:1:13: size 0x1001 is not aligned to the page size (4096)'],
  ['unaligned size in units', 'remove_pages 0 6K\n', 'x.scn:1:16: size 6K is not aligned to the page size (4096)'],
  ['unaligned query', 'pfn_valid 0x800\n', 'x.scn:1:11: address 0x800 is not aligned to the page size (4096)'],
  ['unaligned for the geometry', 'geometry ppc64\nadd_pages 0x1000 64K\n', 'x.scn:2:11: address 0x1000 is not aligned to the page size (65536)'],
  ['node too large', 'add_pages 0 4K node=1024\n', 'x.scn:1:16: node 1024 is out of range (0..1023)'],
  ['node not a number', 'add_pages 0 4K node=x\n', 'x.scn:1:16: expected node=N with N a decimal integer, got "node=x"'],
  ['negative node', 'boot 0 4K node=-1\n', 'x.scn:1:11: expected node=N with N a decimal integer, got "node=-1"'],
  ['node twice', 'add_pages 0 4K node=1 node=2\n', 'x.scn:1:23: option node= given twice'],
];

const EXPECT_CASES: Case[] = [
  ['missing outcome', 'dump ->\n', 'x.scn:1:8: missing outcome after "->"'],
  [
    'unknown outcome',
    'dump -> okay\n',
    'x.scn:1:9: unknown outcome "okay" (known: ok, -EPERM, -ENOENT, -EINTR, -ENOMEM, -EBUSY, -ENXIO, -EEXIST, -ENODEV, -EINVAL, -ERANGE, -E2BIG, -EHWPOISON, WARN, BUG, true, false, page, NULL)',
  ],
  ['two outcomes', 'dump -> ok ok\n', 'x.scn:1:12: unexpected "ok" after the outcome'],
  ['no step', '-> ok\n', 'x.scn:1:1: expected a step before "->"'],
  ['outcome on a header line', 'profile v5.3 -> ok\n', 'x.scn:1:14: an expected outcome ("->") is not allowed on a header line'],
];

const KNOWN_ZONES = 'known: DMA, DMA32, Normal, Movable, Device';
const ZONE_USAGE = 'usage: zone <DMA|DMA32|Normal|Movable|Device> [node=N]';
const VETO_USAGE = 'usage: veto <MEM_GOING_ONLINE|MEM_GOING_OFFLINE|MEM_PREPARE_ONLINE> -<ERRNO>';
const KNOWN_OUTCOMES =
  'known: ok, -EPERM, -ENOENT, -EINTR, -ENOMEM, -EBUSY, -ENXIO, -EEXIST, -ENODEV, -EINVAL, -ERANGE, -E2BIG, -EHWPOISON, WARN, BUG, true, false, page, NULL';

const BLOCK_CASES: Case[] = [
  ['unknown zone name', 'zone HighMem\n', `x.scn:1:6: unknown zone "HighMem" (${KNOWN_ZONES})`],
  ['zone names are case-sensitive', 'zone normal node=1 -> start_pfn=0\n', `x.scn:1:6: unknown zone "normal"; did you mean "Normal"? (${KNOWN_ZONES})`],
  ['missing zone name', 'zone\n', `x.scn:1:5: missing zone name (${ZONE_USAGE})`],
  ['zone with a block id', 'zone Normal 32\n', `x.scn:1:13: unexpected "32" (${ZONE_USAGE})`],
  [
    'unknown notifier event',
    'veto MEM_ONLINE -ENOMEM\n',
    'x.scn:1:6: unknown notifier event "MEM_ONLINE" (known: MEM_GOING_ONLINE, MEM_GOING_OFFLINE, MEM_PREPARE_ONLINE)',
  ],
  ['veto errno without minus', 'veto MEM_GOING_ONLINE ENOMEM\n', `x.scn:1:23: unknown errno "ENOMEM" (${KNOWN_ERRNOS})`],
  ['veto without errno', 'veto MEM_GOING_OFFLINE\n', `x.scn:1:23: missing errno (${VETO_USAGE})`],
  ['missing block id', 'state\n', 'x.scn:1:6: missing block id (usage: state <block> <word>)'],
  ['missing block id before the arrow', 'valid_zones -> Normal\n', 'x.scn:1:12: missing block id (usage: valid_zones <block>)'],
  ['missing sysfs word', 'online 32\n', 'x.scn:1:10: missing word (usage: online <block> <word>)'],
  ['the arrow is no sysfs word', 'state 32 -> ok\n', 'x.scn:1:9: missing word (usage: state <block> <word>)'],
  ['two sysfs words', 'state 32 online movable\n', 'x.scn:1:17: unexpected "movable" (usage: state <block> <word>)'],
  ['block id with a unit', 'block 4K\n', 'x.scn:1:7: expected a block id (decimal or 0x hex, no unit), got "4K"'],
  ['block id with a leading zero', 'valid_zones 010\n', 'x.scn:1:13: expected a block id (decimal or 0x hex, no unit), got "010"'],
  ['block id 2^40', 'block 1099511627776\n', 'x.scn:1:7: block id "1099511627776" is out of range (0..1099511627775)'],
  ['hex block id 2^40', 'state 0x10000000000 online\n', 'x.scn:1:7: block id "0x10000000000" is out of range (0..1099511627775)'],
  ['huge block id', `block ${'9'.repeat(60)}\n`, `x.scn:1:7: block id "${'9'.repeat(40)}"... is out of range (0..1099511627775)`],
  ['node step: not decimal', 'node 0x1\n', 'x.scn:1:6: expected a node number (decimal), got "0x1"'],
  ['node step: out of range', 'node 1024 -> offline\n', 'x.scn:1:6: node 1024 is out of range (0..1023)'],
  ['node option on remove_memory', 'remove_memory 4G 128M node=1\n', 'x.scn:1:23: unexpected "node=1" (usage: remove_memory <start> <size>)'],
  ['node option on valid_zones', 'valid_zones 1 node=1\n', 'x.scn:1:15: unexpected "node=1" (usage: valid_zones <block>)'],
  ['unaligned add_memory', 'add_memory 4G 0x1800\n', 'x.scn:1:15: size 6K is not aligned to the page size (4096)'],
  ['unaligned pin', 'pin 0x1001\n', 'x.scn:1:5: address 0x1001 is not aligned to the page size (4096)'],
  ['missing memremap size', 'memremap_pages 4G\n', 'x.scn:1:18: missing size (usage: memremap_pages <start> <size> [node=N])'],
];

const ANSWER_CASES: Case[] = [
  ['empty text expectation', 'block 32 ->\n', 'x.scn:1:12: missing expected answer after "->"'],
  ['only a comment after the arrow', 'node 0 ->   # offline\n', 'x.scn:1:10: missing expected answer after "->"'],
  ['text expectation on an operation step', 'state 32 online -> online Normal\n', `x.scn:1:20: unknown outcome "online" (${KNOWN_OUTCOMES})`],
  ['two words on an operation step', 'add_memory 4G 128M -> ok Normal\n', 'x.scn:1:26: unexpected "Normal" after the outcome'],
  ['an errno does not make a text', 'veto MEM_GOING_ONLINE -EBUSY -> Movable\n', `x.scn:1:33: unknown outcome "Movable" (${KNOWN_OUTCOMES})`],
  ['the step is checked before its expectation', 'add_memory 0x1001 128M -> okay\n', 'x.scn:1:12: address 0x1001 is not aligned to the page size (4096)'],
  [
    'a misspelt observation step is an unknown step',
    'valid_zone 32 -> Normal Movable\n',
    `x.scn:1:1: unknown step "valid_zone"; did you mean "valid_zones"? (${KNOWN_STEPS})`,
  ],
  ['header line with a bad outcome', 'profile v5.3 -> maybe\n', 'x.scn:1:14: an expected outcome ("->") is not allowed on a header line'],
];

const HEADER_CASES: Case[] = [
  ['unknown profile', '# c\n\nprofile v9.9\n', `x.scn:3:9: unknown profile "v9.9" (known: ${profileNames().join(', ')})`],
  ['profile twice', 'profile v5.3\nprofile v5.5\n', 'x.scn:2:1: profile given twice (first on line 1)'],
  ['profile without name', 'profile\n', 'x.scn:1:8: missing profile name (usage: profile <name>)'],
  ['profile with two names', 'profile v5.3 v5.5\n', 'x.scn:1:14: unexpected "v5.5" (usage: profile <name>)'],
  ['header after a step', 'dump\nprofile v5.3\n', 'x.scn:2:1: "profile" must come before the first step (line 1)'],
  ['boot after a step', 'boot 0 1G\n\nadd_pages 4G 128M\nboot 2G 1G\n', 'x.scn:4:1: "boot" must come before the first step (line 3)'],
  ['geometry twice', 'geometry x86_64\ngeometry ppc64\n', 'x.scn:2:1: geometry given twice (first on line 1)'],
  ['unknown geometry preset', 'geometry sparc\n', 'x.scn:1:10: unknown geometry "sparc" (known: x86_64, ppc64, arm64-64k, s390)'],
  ['prototype name is no preset', 'geometry constructor\n', 'x.scn:1:10: unknown geometry "constructor" (known: x86_64, ppc64, arm64-64k, s390)'],
  ['geometry without argument', 'geometry\n', `x.scn:1:9: missing geometry (${GEOMETRY_USAGE})`],
  ['preset with keys', 'geometry x86_64 page=4K\n', 'x.scn:1:17: unexpected "page=4K" after the geometry preset'],
  ['missing geometry key', 'geometry page=4K section=128M\n', 'x.scn:1:1: missing geometry key block= (required: page=, section=, block=)'],
  ['unknown geometry key', 'geometry page=4K section=128M block=128M colour=red\n', `x.scn:1:42: unknown option "colour=red" (${GEOMETRY_USAGE})`],
  ['geometry key twice', 'geometry page=4K page=4K section=128M block=128M\n', 'x.scn:1:18: option page= given twice'],
  ['size not a power of two', 'geometry page=3K section=128M block=128M\n', 'x.scn:1:15: page size must be a power of two, got "3K"'],
  ['zero size', 'geometry page=4K section=0 block=128M\n', 'x.scn:1:26: section size must be a power of two, got "0"'],
  ['bad geometry size', 'geometry page=4K section=12Q block=128M\n', 'x.scn:1:26: expected a size, got "12Q"'],
  ['physbits with a unit', 'geometry page=4K section=128M block=128M physbits=4K\n', 'x.scn:1:51: physbits must be a decimal integer, got "4K"'],
  ['geometryProblem: page', 'geometry page=1M section=128M block=128M\n', 'x.scn:1:1: page size must be between 4K and 256K'],
  ['geometryProblem: block', 'geometry page=4K section=128M block=64M\n', 'x.scn:1:1: memory block must be at least one section'],
  [
    'geometryProblem: physbits',
    'geometry page=4K section=128M block=128M physbits=60\n',
    'x.scn:1:1: physbits above 52 are not supported (addresses must stay exact in a double)',
  ],
  ['config twice', 'config vmemmap on\nconfig vmemmap off\n', 'x.scn:2:8: config vmemmap given twice (first on line 1)'],
  ['bad memmap_on_memory value', 'config memmap_on_memory maybe\n', 'x.scn:1:25: bad value "maybe" for config memmap_on_memory (allowed: N, Y, force)'],
  ['memmap_on_memory flag twice', 'add_memory 4G 128M memmap_on_memory memmap_on_memory\n', 'x.scn:1:37: flag memmap_on_memory given twice'],
  ['negative auto_movable_ratio', 'config auto_movable_ratio -1\n', 'x.scn:1:27: bad value "-1" for config auto_movable_ratio (allowed: <percent, 0 or more>)'],
  ['unknown online_policy', 'config online_policy movable\n', 'x.scn:1:22: bad value "movable" for config online_policy (allowed: contig-zones, auto-movable)'],
  ['unknown config key', 'config nope on\n', 'x.scn:1:8: unknown config key "nope" (known: vmemmap, sparsemem_extreme, auto_online_blocks, movable_node, memmap_on_memory, online_policy, auto_movable_ratio, auto_movable_numa_aware, pmem, virtio_mem)'],
  ['bad config value', 'config vmemmap maybe\n', 'x.scn:1:16: bad value "maybe" for config vmemmap (allowed: on, off)'],
  ['missing config value', 'config vmemmap\n', 'x.scn:1:15: missing config value (usage: config <key> <value>)'],
  ['boot overlap', 'boot 0 1G\nboot 512M 1G\n', 'x.scn:2:1: boot ranges overlap'],
  ['boot overlap reported at the higher range', 'boot 512M 1G\nboot 0 1G\n', 'x.scn:1:1: boot ranges overlap'],
  ['empty boot range', 'boot 0 0\n', 'x.scn:1:1: boot range size must be greater than 0'],
  ['boot beyond physbits', 'boot 64T 4K\n', 'x.scn:1:1: boot range ends beyond MAX_PHYSMEM_BITS (2^46)'],
  ['boot nodes sharing a section', 'boot 0 64M\nboot 64M 64M node=1\n', 'x.scn:2:1: section 0 would hold boot memory of nodes 0 and 1'],
  ['boot unaligned for a later geometry', 'boot 0 4K\ngeometry ppc64\n', 'x.scn:1:8: size 4K is not aligned to the page size (65536)'],
  ['boot checked before a later unknown word', 'boot 0x800 4K\nfoo\n', 'x.scn:1:6: address 0x800 is not aligned to the page size (4096)'],
];

describe.each([
  ['file', FILE_CASES],
  ['lexical', LEXICAL_CASES],
  ['steps', STEP_CASES],
  ['numbers', NUMBER_CASES],
  ['expectations', EXPECT_CASES],
  ['header', HEADER_CASES],
  ['blocks and zones', BLOCK_CASES],
  ['text answers', ANSWER_CASES],
] as const)('scenario errors: %s', (_group, cases) => {
  it.each(cases)('%s', (_what, input, message) => {
    const e = errorOf(input);
    expect(e.message).toBe(message);
    expect(e.file).toBe('x.scn');
    expect(`${e.file}${e.line === undefined ? '' : `:${e.line}:${e.column}`}: ${e.detail}`).toBe(message);
  });
});

describe('ScenarioError', () => {
  it('is an Error named ScenarioError with undefined line and column for whole-file problems', () => {
    const e = errorOf('');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ScenarioError');
    expect(e.line).toBeUndefined();
    expect(e.column).toBeUndefined();
    const f = errorOf('dump\nfoo\n');
    expect([f.line, f.column]).toEqual([2, 1]);
  });

  it('uses <scenario> when no file name is given', () => {
    expect(() => parseScenario('')).toThrow(new ScenarioError('<scenario>', undefined, 'empty scenario (no steps)'));
    expect(() => parseScenario('')).toThrow(/^<scenario>: empty scenario \(no steps\)$/);
  });
});

describe('suggestions', () => {
  it('measures edits with transpositions as one', () => {
    expect(editDistance('fial', 'fail', 2)).toBe(1);
    expect(editDistance('add_page', 'add_pages', 2)).toBe(1);
    expect(editDistance('abcdef', 'ghijkl', 2)).toBe(3);
  });

  it('suggests within two edits, but not when most of the word changes', () => {
    expect(suggest('remov_page', ['add_pages', 'remove_pages'])).toBe('remove_pages');
    expect(suggest('foo', ['boot', 'dump'])).toBeUndefined();
    expect(suggest('xx', ['dump'])).toBeUndefined();
    expect(suggest('DUMP', ['dump'])).toBe('dump');
  });
});
