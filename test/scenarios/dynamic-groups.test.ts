/**
 * Dynamic memory groups (`add_memory … group=dynamic:<unit>`, v5.15): what
 * memory_group_register_dynamic() takes, what the scenario language refuses,
 * and how a unit bigger than the add is judged by its online sections.
 * Expected answers are worked out from the kernel's rules by hand.
 */
import { describe, expect, it } from 'vitest';
import { machineFor } from '../../engine/machine.ts';
import { replaySteps } from '../../engine/replay.ts';
import { parseScenario, printStep } from '../../scenario/index.ts';

const AUTO = ['config online_policy auto-movable', 'config auto_online_blocks online', 'boot 0x0 0x40000000'];

function passes(profile: string, lines: readonly string[]): boolean {
  const scenario = parseScenario(`${[`profile ${profile}`, ...lines].join('\n')}\n`, 't.scn');
  const r = replaySteps(machineFor(scenario), scenario.steps, ['reference', 'optimized']);
  const failed = r.steps.find((s) => s.unmet !== undefined || s.result.violations.length > 0);
  expect(failed === undefined ? '' : `${printStep(failed.source.step)}: ${failed.unmet ?? failed.result.violations.map((v) => v.message).join('; ')}`).toBe('');
  return r.passed;
}

describe('group=dynamic:<unit>', () => {
  it.each([
    ['0', 'a unit of 0'],
    ['384M', 'not a power of two'],
    ['64M', 'smaller than a memory block'],
  ])('memory_group_register_dynamic() refuses %s (%s): -EINVAL, nothing added', (unit) => {
    expect(passes('v6.12', [...AUTO, `add_memory 0x100000000 128M group=dynamic:${unit} -> -EINVAL`, 'block 32 -> -ENOENT'])).toBe(true);
  });

  it('before v5.15 there are no memory groups: the add is a plain one', () => {
    expect(passes('v5.10', ['boot 0x0 0x40000000', 'add_memory 0x100000000 128M group=dynamic:0 -> ok', 'block 32 -> offline'])).toBe(true);
  });

  it('a unit of two blocks goes one way: the second block follows the first into ZONE_NORMAL', () => {
    // ratio 100 of 262144 early pages; 7 blocks Movable (229376), then a 256M unit needs 65536 more: too many
    const adds = Array.from({ length: 7 }, (_, i) => `add_memory 0x${(0x100000000 + i * 0x8000000).toString(16)} 128M -> ok`);
    expect(
      passes('v6.12', [
        ...AUTO,
        'config auto_movable_ratio 100',
        ...adds,
        'block 38 -> online Movable',
        'add_memory 0x140000000 128M group=dynamic:256M -> ok',
        'block 40 -> online Normal',
        'add_memory 0x148000000 128M group=dynamic:256M -> ok',
        'block 41 -> online Normal',
      ]),
    ).toBe(true);
  });

  it('the adds of one node and one unit share a group; removing them all unregisters it', () => {
    expect(
      passes('v6.12', [
        ...AUTO,
        'config auto_movable_ratio 100',
        'add_memory 0x100000000 128M group=dynamic:128M -> ok',
        'state 32 offline -> ok',
        'remove_memory 0x100000000 128M -> ok',
        'add_memory 0x100000000 128M group=dynamic:128M -> ok',
        'block 32 -> online Movable',
      ]),
    ).toBe(true);
  });
});

/** `state <b> online` and the zone it lands in, for each block of `blocks`. */
const onlineEach = (blocks: readonly number[], zone: string): string[] => blocks.flatMap((b) => [`state ${b} online -> ok`, `block ${b} -> online ${zone}`]);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// auto_movable_can_online_movable() and auto_movable_zone_for_pfn() (v5.15) term by term. Pages in
// units of one 128M block (32768 pages); 1G of boot RAM is 8 blocks of early kernel pages (E).
describe('auto-movable accounting of dynamic memory groups', () => {
  const V612 = ['config online_policy auto-movable', 'boot 0x0 0x40000000'];
  /** `lines` under v6.12's auto-movable policy at `ratio`, with 1G of boot RAM on node 0 (and `boot`). */
  const autoMovable = (ratio: number, lines: readonly string[], boot: readonly string[] = []): boolean =>
    passes('v6.12', [...V612, ...boot, `config auto_movable_ratio ${ratio}`, ...lines]);

  it('the asking group is left out of the walk: its kernel block allows 150 % of E + 1 block MOVABLE', () => {
    // ratio 150, group G with 1 kernel block: 13 MOVABLE blocks fit (13 <= 1.5 x 9 = 13.5), the 14th does not.
    // Walking G as well would take its needs off E and its MOVABLE off the total: room for a 14th.
    expect(
      autoMovable(150, [
        'add_memory 0x100000000 1920M group=dynamic:128M -> ok',
        'state 32 online_kernel -> ok',
        ...onlineEach(range(33, 45), 'Movable'),
        ...onlineEach([46], 'Normal'),
      ]),
    ).toBe(true);
  });

  it('numa-aware: the per-node check walks only the groups of that node', () => {
    // node 1's group fills node 1 (8 MOVABLE blocks need all 8 of E1). System-wide E = 16 - 8 = 8 is left;
    // on node 0 nothing is needed: a unit of node 0 goes MOVABLE. Counting node 1's group on node 0
    // would leave node 0 no early pages.
    expect(
      autoMovable(100, [
        'add_memory 0x100000000 1G node=1 group=dynamic:128M -> ok',
        ...onlineEach(range(32, 39), 'Movable'),
        'add_memory 0x140000000 128M group=dynamic:128M -> ok',
        ...onlineEach([40], 'Movable'),
      ], ['boot 0x40000000 0x40000000 node=1']),
    ).toBe(true);
  });

  it('another group needs its MOVABLE x 100 / ratio less its own kernel pages', () => {
    // A: 1 kernel + 2 MOVABLE blocks, so it needs 2 - 1 = 1 block of E. With 2 plain MOVABLE blocks, a
    // 512M unit (4 blocks) weighs 4 + (4 - 2) = 6 against 8 - 1 = 7: MOVABLE, block by block as the
    // unit fills. Then plain DIMMs: the unit needs 4, so E - 5 = 3 against the MOVABLE outside groups
    // (2, then 3): one more block fits, the next goes to ZONE_NORMAL.
    expect(
      autoMovable(100, [
        'add_memory 0x100000000 384M group=dynamic:128M -> ok',
        'state 32 online_kernel -> ok',
        ...onlineEach([33, 34], 'Movable'),
        'add_memory 0x200000000 256M -> ok',
        'state 64 online_movable -> ok',
        'state 65 online_movable -> ok',
        'add_memory 0x120000000 512M group=dynamic:512M -> ok',
        ...onlineEach(range(36, 39), 'Movable'),
        'add_memory 0x210000000 128M -> ok',
        ...onlineEach([66], 'Movable'),
        'add_memory 0x218000000 128M -> ok',
        ...onlineEach([67], 'Normal'),
      ]),
    ).toBe(true);
  });

  it('a group with more kernel than its MOVABLE needs gives nothing back', () => {
    // A: 2 kernel blocks, no MOVABLE: it needs 0 - 2 < 0, counted as 0, so E stays 8. With 7 plain
    // MOVABLE blocks a 256M unit (2 blocks) is 9 > 8: ZONE_NORMAL.
    expect(
      autoMovable(100, [
        'add_memory 0x100000000 256M group=dynamic:128M -> ok',
        'state 32 online_kernel -> ok',
        'state 33 online_kernel -> ok',
        'add_memory 0x110000000 896M -> ok',
        ...range(34, 40).map((b) => `state ${b} online_movable -> ok`),
        'add_memory 0x150000000 256M group=dynamic:256M -> ok',
        ...onlineEach([42], 'Normal'),
      ]),
    ).toBe(true);
  });

  it('when other groups need all of E, even the asking group\'s own kernel memory does not help', () => {
    // A (unit 256M): 8 MOVABLE blocks need all 8 of E. B (unit 128M) has a kernel block; its next
    // block goes to ZONE_NORMAL: E <= what the others need answers before B's kernel pages count.
    expect(
      autoMovable(100, [
        'add_memory 0x100000000 1G group=dynamic:256M -> ok',
        ...onlineEach(range(32, 39), 'Movable'),
        'add_memory 0x140000000 256M group=dynamic:128M -> ok',
        'state 40 online_kernel -> ok',
        ...onlineEach([41], 'Normal'),
      ]),
    ).toBe(true);
  });

  it('a unit is judged by its own online sections only, MOVABLE ones counting as done', () => {
    // 6 plain MOVABLE blocks; a 256M unit at blocks 38-39, a kernel block right after it at 40.
    // Block 38: the unit needs 2, 6 + 2 <= 8. Block 39: block 38 is MOVABLE, so 1 more, 7 + 1 <= 8.
    expect(
      autoMovable(100, [
        'add_memory 0x100000000 768M -> ok',
        ...range(32, 37).map((b) => `state ${b} online_movable -> ok`),
        'add_memory 0x140000000 128M -> ok',
        'state 40 online_kernel -> ok',
        'add_memory 0x130000000 256M group=dynamic:256M -> ok',
        ...onlineEach([38, 39], 'Movable'),
      ]),
    ).toBe(true);
  });

  // Boot RAM only at 2G..2G+128M: ZONE_DMA32 spans blocks 16 only, ZONE_NORMAL is empty.
  const AT_2G = ['config online_policy auto-movable', 'boot 0x80000000 0x8000000'];

  it('ratio 0: the kernel zone is looked up for the block alone, not for the rest of its DIMM', () => {
    // a DIMM at blocks 14-15 onlined from its end: block 15 touches no zone (ZONE_NORMAL); the DIMM's
    // two blocks from 15 on would reach into ZONE_DMA32
    expect(passes('v6.12', [...AT_2G, 'config auto_movable_ratio 0', 'add_memory 0x70000000 256M -> ok', ...onlineEach([15], 'Normal')])).toBe(true);
  });

  it('a unit of one block is looked up at the block itself when it goes to a kernel zone', () => {
    // 1 plain MOVABLE block fills E (1 block): the unit of block 15 goes to a kernel zone, ZONE_NORMAL
    // for block 15; looked up past the unit (block 16) it would be ZONE_DMA32
    expect(
      passes('v6.12', [
        ...AT_2G,
        'config auto_movable_ratio 100',
        'add_memory 0x100000000 128M -> ok',
        'state 32 online_movable -> ok',
        'add_memory 0x78000000 128M group=dynamic:128M -> ok',
        ...onlineEach([15], 'Normal'),
      ]),
    ).toBe(true);
  });
});

describe('group= in the scenario language', () => {
  it.each([
    ['add_memory 0x100000000 128M group=dynamic:\n', 't.scn:1:43: missing unit in group=dynamic:<unit>'],
    ['add_memory 0x100000000 128M group=static\n', 't.scn:1:29: expected group=dynamic:<unit>, got "group=static"'],
    ['add_memory 0x100000000 128M group=dynamic:12x\n', 't.scn:1:43: expected a size, got "12x"'],
    ['add_memory 0x100000000 128M group=dynamic:1000\n', 't.scn:1:43: size 0x3e8 is not aligned to the page size (4096)'],
  ])('%j is one line: %s', (text, message) => {
    expect(() => parseScenario(text, 't.scn')).toThrow(message);
  });

  it('prints back as written', () => {
    const s = parseScenario('add_memory 0x100000000 256M node=1 group=dynamic:128M memmap_on_memory\n', 't.scn');
    expect(printStep(s.steps[0]!.step)).toBe('add_memory 0x100000000 256M node=1 group=dynamic:128M memmap_on_memory');
  });
});
