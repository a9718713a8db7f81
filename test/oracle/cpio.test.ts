/**
 * The initramfs archive is cpio "newc" as the kernel reads it
 * (Documentation/driver-api/early-userspace/buffer-format.rst): "070701",
 * 13 fields of 8 hex digits, the name with its NUL, padding to 4 bytes, the
 * data, padding to 4 bytes, and a final "TRAILER!!!" entry.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpioNewc } from '../../oracle/cpio.ts';
import { modulesEntries } from '../../oracle/initramfs.ts';

const field = (buf: Buffer, at: number, i: number): number => parseInt(buf.subarray(at + 6 + i * 8, at + 14 + i * 8).toString('ascii'), 16);

describe('cpio newc', () => {
  const data = Buffer.from('hello');
  const archive = cpioNewc([
    { name: 'init', mode: 0o100755, data },
    { name: 'dev/console', mode: 0o20600, rdev: { major: 5, minor: 1 } },
  ]);

  it('starts with the newc magic and the first entry\'s mode, size and name size', () => {
    expect(archive.subarray(0, 6).toString('ascii')).toBe('070701');
    expect(field(archive, 0, 1)).toBe(0o100755);
    expect(field(archive, 0, 6)).toBe(5);
    expect(field(archive, 0, 11)).toBe('init'.length + 1);
    // 110-byte header + "init\0" = 115, padded to 116; then the data.
    expect(archive.subarray(116, 121).toString()).toBe('hello');
  });

  it('pads the data to 4 bytes, so the next header starts at 124 with the device numbers', () => {
    expect(archive.subarray(124, 130).toString('ascii')).toBe('070701');
    expect(field(archive, 124, 1)).toBe(0o20600);
    expect(field(archive, 124, 9)).toBe(5);
    expect(field(archive, 124, 10)).toBe(1);
  });

  it('ends with the TRAILER!!! entry, whole archive a multiple of 4 bytes', () => {
    expect(archive.includes(Buffer.from('TRAILER!!!\0'))).toBe(true);
    expect(archive.length % 4).toBe(0);
  });
});

describe('--modules: the tree copied into the initramfs', () => {
  it('puts every file, folder and link under lib/modules/<release>, sorted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memhp-modules-'));
    mkdirSync(join(dir, 'kernel', 'drivers'), { recursive: true });
    writeFileSync(join(dir, 'modules.dep'), 'kernel/drivers/b.ko:\n');
    writeFileSync(join(dir, 'kernel', 'drivers', 'b.ko'), 'B');
    writeFileSync(join(dir, 'kernel', 'drivers', 'a.ko'), 'A');
    symlinkSync('/nonexistent/build', join(dir, 'build'));
    const entries = modulesEntries({ dir, release: '6.1.176-memhp' });
    expect(entries.map((e) => `${e.name} ${e.mode.toString(8)}`)).toEqual([
      'lib 40755',
      'lib/modules 40755',
      'lib/modules/6.1.176-memhp 40755',
      'lib/modules/6.1.176-memhp/build 120777',
      'lib/modules/6.1.176-memhp/kernel 40755',
      'lib/modules/6.1.176-memhp/kernel/drivers 40755',
      'lib/modules/6.1.176-memhp/kernel/drivers/a.ko 100644',
      'lib/modules/6.1.176-memhp/kernel/drivers/b.ko 100644',
      'lib/modules/6.1.176-memhp/modules.dep 100644',
    ]);
    expect(entries.find((e) => e.name.endsWith('/build'))?.data?.toString()).toBe('/nonexistent/build');
    expect(entries.find((e) => e.name.endsWith('a.ko'))?.data?.toString()).toBe('A');
  });
});
