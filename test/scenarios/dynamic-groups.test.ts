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
