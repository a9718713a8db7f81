/**
 * oracle/kernel-image.ts: a kernel named on the command line. Until
 * `memhp kernel-build` lands, an image by path is taken minimally: its base
 * name, release unknown, and the profile it must be given.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../engine/machine.ts';
import { resolveKernel } from '../../oracle/kernel-image.ts';

function fakeBzImage(): string {
  const buf = Buffer.alloc(0x400);
  buf.write('HdrS', 0x202, 'latin1');
  const file = join(mkdtempSync(join(tmpdir(), 'memhp-img-')), 'bzImage-test');
  writeFileSync(file, buf);
  return file;
}

describe('resolveKernel', () => {
  it('an image by path: its base name, held to the profile given', () => {
    const file = fakeBzImage();
    expect(resolveKernel(file, { profile: 'v6.12' })).toEqual({ name: 'bzImage-test', vmlinuz: file, release: 'unknown', pkg: 'unknown', profile: 'v6.12' });
  });

  it('refuses, in one line each: an unknown series, a missing file, a file that is no bzImage, a path without a profile, an unknown profile', () => {
    const file = fakeBzImage();
    const notImage = join(mkdtempSync(join(tmpdir(), 'memhp-img-')), 'notes.txt');
    writeFileSync(notImage, 'hello');
    const cases: Array<[() => unknown, RegExp]> = [
      [() => resolveKernel('6.2'), /unknown kernel "6.2" \(known: 5.10, 6.1, 6.12, 7.3, or a path to a bzImage\)/],
      [() => resolveKernel('/nonexistent/bzImage', { profile: 'v6.1' }), /no such kernel image file/],
      [() => resolveKernel(notImage, { profile: 'v6.1' }), /not a bzImage/],
      [() => resolveKernel(file), /has no release profile/],
      [() => resolveKernel(file, { profile: 'v9.9' }), /unknown profile "v9.9"/],
    ];
    for (const [f, msg] of cases) {
      expect(f).toThrow(UsageError);
      expect(f).toThrow(msg);
    }
  });
});
