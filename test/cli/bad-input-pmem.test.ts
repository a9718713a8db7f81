/**
 * Bad `config pmem` input, as a user would type it: one line on stderr and
 * exit 2, from `memhp replay` (the parser) and `memhp kernel` (what the
 * guest cannot have, refused before any boot).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memhp } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'memhp-bad-pmem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

function oneLine(args: string[]): string {
  const r = memhp(args);
  expect(r.code, r.stderr + r.stdout).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0] as string;
}

describe('bad config pmem input is one line, exit 2', () => {
  it('replay: a range on boot RAM it was not carved from', () => {
    const f = file('on-ram.scn', 'config pmem 0x10000000 64M\nboot 0x100000 0x3fee0000\ndump\n');
    expect(oneLine(['replay', f])).toBe(
      `memhp: ${f}:1:1: config pmem 0x10000000 0x4000000 overlaps boot memory 0x100000 0x3fee0000: a PMEM range is not RAM; leave it out of the boot lines to carve it out`,
    );
  });
  it('replay: a range off the page size', () => {
    const f = file('unaligned.scn', 'config pmem 0x100000800 2M\ndump\n');
    expect(oneLine(['replay', f])).toMatch(/unaligned\.scn:1:\d+: .*0x100000800.*page/);
  });
  it('replay: fsdax off the 2 MiB grid', () => {
    const f = file('grid.scn', 'config pmem 0x100100000 64M mode=fsdax\ndump\n');
    expect(oneLine(['replay', f])).toMatch(/grid\.scn:1:1: config pmem 0x100100000 0x4000000 mode=fsdax: must lie on the 2 MiB sub-section grid/);
  });
  it('kernel: more memmap= ranges than KASLR avoids, before any boot', () => {
    const f = file(
      'five.scn',
      [
        'config pmem 0x10000000 2M',
        'config pmem 0x10400000 2M',
        'config pmem 0x10800000 2M',
        'config pmem 0x10c00000 2M',
        'config pmem 0x11000000 2M',
        'boot 0x1000 0x9e000',
        'boot 0x100000 0xff00000',
        'boot 0x10200000 0x200000',
        'boot 0x10600000 0x200000',
        'boot 0x10a00000 0x200000',
        'boot 0x10e00000 0x200000',
        'boot 0x11200000 0x2ede0000',
        'memremap_pages 0x10000000 2M',
        '',
      ].join('\n'),
    );
    expect(oneLine(['kernel', f, '--kernel', '6.1'])).toBe(
      `memhp: ${f}: not expressible on a real kernel: 5 memmap= ranges (holes in the boot lines and config pmem): the decompressor's KASLR avoids at most 4, and the kernel may land on the rest`,
    );
  });
});
