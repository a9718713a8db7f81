/**
 * Legacy PMEM on the guest: the kernel command line a `config pmem` gives,
 * what the guest cannot have, the iomem lines read back, and the answer
 * classes of libnvdimm and the driver core. Expected values written by hand
 * from arch/x86/kernel/e820.c (memmap=<size>!<start> is E820_TYPE_PRAM) and
 * drivers/base/bus.c (bind of a bound device -EBUSY, unbind of an unbound
 * one -ENODEV).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inexpressible, kernelCmdline, pmemLayoutProblem } from '../../oracle/expressible.ts';
import { parseState } from '../../oracle/guest-state.ts';
import { LIBNVDIMM_REFUSED } from '../../oracle/kernel-machine.ts';
import { latitudeFor } from '../../oracle/nondeterminism.ts';
import { wantsPmem } from '../../oracle/pmem-modules.ts';
import { parseScenario } from '../../scenario/index.ts';
import { memhp } from '../helpers/cli.ts';

const CARVED_BOOT = [
  { start: 0x1000, size: 0x9e000, nid: 0 },
  { start: 0x100000, size: 0x3f900000, nid: 0 },
  { start: 0x3fc00000, size: 0x3e0000, nid: 0 },
];
const TWO = [
  { start: 0x100000000, size: 0x200000 },
  { start: 0x100400000, size: 0x200000 },
];

describe('config pmem on the guest', () => {
  it('a range carved out of RAM is memmap=<size>!<start>, not a reserved hole', () => {
    expect(kernelCmdline([], CARVED_BOOT, [{ start: 0x3fa00000, size: 0x200000 }])).toEqual([
      'memhp_default_state=offline',
      'memmap=0x200000!0x3fa00000',
    ]);
    // without the PMEM range the same boot lines leave a hole, which is memmap=$
    expect(kernelCmdline([], CARVED_BOOT)).toBe(
      "boot lines must be the guest's (boot 0x1000 0x9e000 / boot 0x100000 0x3fee0000), or those with holes between 0x100000 and 0x3c000000: the hole 0x3fa00000 0x200000 is outside that window or not page-aligned",
    );
  });

  it('ranges above RAM need no boot lines; each is one memmap=!', () => {
    expect(kernelCmdline([], [], TWO)).toEqual(['memhp_default_state=offline', 'memmap=0x200000!0x100000000', 'memmap=0x200000!0x100400000']);
    expect(wantsPmem(['memhp_default_state=offline', 'memmap=0x200000!0x100000000'])).toBe(true);
    expect(wantsPmem(['memmap=0x80000$0x8100000'])).toBe(false);
  });

  it('refuses ranges e820 would merge, ranges on the guest RAM and below 1 MiB, one line each', () => {
    expect(pmemLayoutProblem([], [TWO[0]!, { start: 0x100200000, size: 0x200000 }])).toMatch(/^config pmem 0x100000000 0x200000 touches config pmem 0x100200000 0x200000: e820 merges them/);
    expect(pmemLayoutProblem([], [{ start: 0x3fa00000, size: 0x200000 }])).toMatch(/overlaps the guest's boot memory 0x100000 0x3fee0000/);
    expect(pmemLayoutProblem([], [{ start: 0x100000000, size: 0x200000 }])).toBeUndefined();
    expect(pmemLayoutProblem([], [{ start: 0x3ffe0000, size: 0x20000 }])).toMatch(/carved out of its RAM above 1 MiB or lie from 0x100000000 up/);
    expect(pmemLayoutProblem([], [{ start: 0xc0000000, size: 0x200000 }])).toMatch(/carved out of its RAM above 1 MiB or lie from 0x100000000 up/);
    expect(pmemLayoutProblem(CARVED_BOOT, [{ start: 0x80000, size: 0x1000 }])).toMatch(/the guest's PMEM must lie above 1 MiB/);
  });

  it('memremap_pages / memunmap_pages are expressible for exactly a config pmem range', () => {
    const s = (steps: string): ReturnType<typeof parseScenario> =>
      parseScenario(`config pmem 0x100000000 2M\nconfig pmem 0x100400000 2M\n${steps}\n`, 't.scn');
    expect(inexpressible(s('memremap_pages 0x100000000 2M\nmemunmap_pages 0x100400000 2M'))).toEqual([]);
    expect(inexpressible(s('memremap_pages 0x100000000 4M'))).toEqual([
      'line 3: memremap_pages 0x100000000 0x400000 is not a config pmem range; on the guest it binds or unbinds the namespace over exactly one',
    ]);
    expect(inexpressible(parseScenario('memunmap_pages 0x100000000 2M\n', 't.scn'))[0]).toMatch(/is not a config pmem range/);
  });

  it('reads the PMEM and namespace lines of /proc/iomem', () => {
    const st = parseState(
      [
        'Node 0, zone   Device',
        '        spanned  1536',
        '        present  0',
        '        managed  0',
        'I 100000000-1001fffff : Persistent Memory (legacy)',
        'I 100000000-1001fffff : namespace0.0',
        'I 100400000-1005fffff : Persistent Memory (legacy)',
      ].join('\n'),
    );
    expect(st.iomem).toEqual([
      '0x100000000-0x1001fffff Persistent Memory (legacy)',
      '0x100000000-0x1001fffff namespace0.0',
      '0x100400000-0x1005fffff Persistent Memory (legacy)',
    ]);
    expect(st.zones.Device).toEqual({ spanned: 1536, present: 0, managed: 0 });
  });

  it('reads them as grep prints them, indented, from the one grep over zoneinfo and iomem', () => {
    const st = parseState(['Node 0, zone   Device', '        spanned  0', '  100000000-1001fffff : Persistent Memory (legacy)', '    100000000-1001fffff : namespace0.0'].join('\n'));
    expect(st.iomem).toEqual(['0x100000000-0x1001fffff Persistent Memory (legacy)', '0x100000000-0x1001fffff namespace0.0']);
    expect(st.zones.Device).toEqual({ spanned: 0, present: 0, managed: 0 });
  });

  it('answer classes: libnvdimm-refused agrees with a failure only; bound/unbound refusals map to the model\'s errno only', () => {
    const bind = { op: 'memremap_pages', start: 0x100000000, size: 0x100000, nid: 0 } as const;
    const unbind = { op: 'memunmap_pages', start: 0x100000000, size: 0x200000 } as const;
    expect(latitudeFor(bind, '-EINVAL', LIBNVDIMM_REFUSED, undefined)?.id).toBe('libnvdimm-refused');
    expect(latitudeFor(bind, 'ok', LIBNVDIMM_REFUSED, undefined)).toBeUndefined();
    expect(latitudeFor(bind, '-EEXIST', '-EBUSY', undefined)?.id).toBe('namespace-already-bound');
    expect(latitudeFor(bind, 'ok', '-EBUSY', undefined)).toBeUndefined();
    expect(latitudeFor(unbind, '-EINVAL', '-ENODEV', undefined)?.id).toBe('namespace-not-bound');
    expect(latitudeFor(unbind, 'ok', '-ENODEV', undefined)).toBeUndefined();
  });
});

describe('memhp kernel: legacy PMEM input refused in one line, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memhp-pmem-'));
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('a config pmem on boot RAM it was not carved from', () => {
    const r = memhp(['kernel', file('on-ram.scn', 'config pmem 0x3fa00000 2M\nboot 0x100000 0x3fee0000\nmemremap_pages 0x3fa00000 2M\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^memhp: .*config pmem 0x3fa00000 0x200000 overlaps boot memory 0x100000 0x3fee0000/);
  });

  it('missing libnvdimm modules name the fetch command', () => {
    const cache = mkdtempSync(join(tmpdir(), 'memhp-cache-'));
    mkdirSync(join(cache, 'kernels', '7.3'), { recursive: true });
    writeFileSync(join(cache, 'kernels', '7.3', 'vmlinuz'), '');
    const r = memhp(['kernel', file('ok.scn', 'config pmem 0x100000000 2M\nmemremap_pages 0x100000000 2M\n'), '--kernel', '7.3'], undefined, { MEMHP_CACHE: cache });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/libnvdimm modules of kernel 7\.3 are not fetched: run bash oracle\/setup\/fetch-modules\.sh 7\.3/);
  });
});
