/**
 * Boot lines that punch holes into the guest's RAM become `memmap=<size>$<start>`
 * (e820-reserved, not System RAM) on the kernel command line, and the model
 * boots the same ranges; anything else is refused in one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guestSetup } from '../../oracle/compare.ts';
import { GUEST_BOOT, guestHoles, inexpressible, kernelCmdline } from '../../oracle/expressible.ts';
import { parseScenario } from '../../scenario/index.ts';
import { memhp } from '../helpers/cli.ts';

const HOLEY = [
  { start: 0x1000, size: 0x9e000, nid: 0 },
  { start: 0x100000, size: 0x8000000, nid: 0 },
  { start: 0x8180000, size: 0x37e60000, nid: 0 },
];

describe('guest boot lines with holes', () => {
  it('no lines, or the guest\'s own: no hole, no memmap=', () => {
    expect(guestHoles([])).toEqual([]);
    expect(guestHoles(GUEST_BOOT)).toEqual([]);
    expect(kernelCmdline([], GUEST_BOOT)).toEqual(['memhp_default_state=offline']);
  });

  it('a 512K hole at 0x8100000 is memmap=0x80000$0x8100000', () => {
    expect(guestHoles(HOLEY)).toEqual([{ start: 0x8100000, size: 0x80000 }]);
    expect(kernelCmdline([{ key: 'movable_node', value: 'on', line: 1 }], HOLEY)).toEqual([
      'memhp_default_state=offline',
      'movable_node',
      'memmap=0x80000$0x8100000',
    ]);
  });

  it('two holes, in address order, the lines in any order', () => {
    const boot = [
      { start: 0x10100000, size: 0x2fee0000, nid: 0 },
      { start: 0x1000, size: 0x9e000, nid: 0 },
      { start: 0x100000, size: 0x1000000, nid: 0 },
      { start: 0x1200000, size: 0xee00000, nid: 0 },
    ];
    expect(guestHoles(boot)).toEqual([
      { start: 0x1100000, size: 0x100000 },
      { start: 0x10000000, size: 0x100000 },
    ]);
  });

  it('refuses a hole outside 1 MiB .. 0x3c000000, RAM the guest has not, and another node', () => {
    expect(guestHoles([{ start: 0x100000, size: 0x3fee0000, nid: 0 }])).toMatch(/the hole 0x1000 0x9e000 is outside that window/);
    expect(guestHoles([GUEST_BOOT[0]!, { start: 0x100000, size: 0x3fde0000, nid: 0 }])).toMatch(/the hole 0x3fee0000 0x100000 is outside that window/);
    expect(guestHoles([GUEST_BOOT[0]!, { start: 0x100000, size: 0x40000000, nid: 0 }])).toMatch(/0x100000 0x40000000 is not inside the guest's RAM/);
    expect(guestHoles([GUEST_BOOT[0]!, { start: 0x100000, size: 0x3fee0000, nid: 1 }])).toMatch(/the guest has one node/);
  });

  it('the model boots the file\'s ranges: DMA32 present leaves out the hole\'s 128 pages', () => {
    const text = `${HOLEY.map((r) => `boot 0x${r.start.toString(16)} 0x${r.size.toString(16)}`).join('\n')}\nzone DMA32\n`;
    const s = parseScenario(text, 'holey.scn');
    expect(inexpressible(s)).toEqual([]);
    expect(guestSetup(s, 'v6.1').boot).toEqual(HOLEY);
    expect(guestSetup(parseScenario('zone DMA32\n', 'plain.scn'), 'v6.1').boot).toEqual(GUEST_BOOT);
  });

  it('memhp kernel refuses a boot line outside the guest\'s RAM in one line, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memhp-holes-'));
    const file = join(dir, 'outside.scn');
    writeFileSync(file, 'boot 0x100000 0x80000000\nzone DMA32\n');
    const r = memhp(['kernel', file]);
    rmSync(dir, { recursive: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^memhp: .*not expressible on a real kernel: boot lines must be the guest's/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
