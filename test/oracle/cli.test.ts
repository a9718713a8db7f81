/** `memhp kernel` refuses what it cannot do in one line, exit 2, before booting anything. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memhp } from '../helpers/cli.ts';

/** A cache holding an (empty) image of kernel 7.3, so the checks after the kernel's are reached on any host. */
function cacheWithKernel73(): string {
  const cache = mkdtempSync(join(tmpdir(), 'memhp-cache-'));
  mkdirSync(join(cache, 'kernels', '7.3'), { recursive: true });
  writeFileSync(join(cache, 'kernels', '7.3', 'vmlinuz'), '');
  return cache;
}

describe('memhp kernel: up-front refusals', () => {
  it('names the package when QEMU is not on PATH', () => {
    const r = memhp(['kernel', 'oracle/corpus/eject.scn', '--kernel', '7.3'], undefined, { PATH: '/nonexistent', MEMHP_CACHE: cacheWithKernel73() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^memhp: qemu-system-x86_64 not found on PATH: run `apt-get install -y qemu-system-x86`/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names the fetch command when the kernel image is missing', () => {
    const r = memhp(['kernel', 'oracle/corpus/eject.scn', '--kernel', '7.3'], undefined, { MEMHP_CACHE: '/nonexistent-memhp-cache' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kernel 7\.3 is not fetched .*run `bash oracle\/setup\/fetch-kernels\.sh 7\.3`/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses steps a pc-dimm guest cannot express, naming them', () => {
    const r = memhp(['kernel', 'scenarios/examples/eject-memory.scn']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not expressible on a real kernel');
    expect(r.stderr).toContain('pin (line 19)');
    expect(r.stderr).toContain('node (line 28)');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a boot timeout that is no whole number of seconds from 1 on, before any boot', () => {
    for (const t of ['0', '1.5', 'soon']) {
      const r = memhp(['kernel', 'oracle/corpus/eject.scn', '--boot-timeout', t]);
      expect(r.code, t).toBe(2);
      expect(r.stderr.trim().split('\n'), t).toEqual([expect.stringMatching(/^memhp: .*boot-timeout/)]);
    }
  });

  it('refuses an unknown kernel', () => {
    const r = memhp(['kernel', '--kernel', '4.19']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('memhp: unknown kernel "4.19" (known: 5.10, 6.1, 6.12, 7.3, all)');
  });

  it('refuses in one line a file whose profile line and expectations it would only note (the note came first, on 3 more lines)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'memhp-kernel-note-')), 'k.scn');
    writeFileSync(file, 'profile v6.1\nadd_memory 0x100000000 128M -> ok\n');
    const unknown = memhp(['kernel', file, '--kernel', '4.19']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('memhp: unknown kernel "4.19" (known: 5.10, 6.1, 6.12, 7.3, all)\n');
    const missing = memhp(['kernel', file, '--kernel', '7.3'], undefined, { MEMHP_CACHE: '/nonexistent-memhp-cache' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^memhp: kernel 7\.3 is not fetched [^\n]*\n$/);
  });
});

describe('memhp kernel --image: the image is checked before any boot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memhp-image-'));

  it('refuses /dev/null in one line, exit 2', () => {
    const r = memhp(['kernel', 'oracle/corpus/eject.scn', '--image', '/dev/null']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('memhp: /dev/null: not a regular file (a character device), not a kernel image\n');
    expect(r.stdout).toBe('');
  });

  it('refuses a truncated image, naming the sizes', () => {
    const b = Buffer.alloc(0x400);
    b[0x1f1] = 1;
    b.writeUInt32LE(0x1000, 0x1f4);
    b.writeUInt16LE(0xaa55, 0x1fe);
    b.write('HdrS', 0x202, 'latin1');
    b.writeUInt16LE(0x020f, 0x206);
    b[0x211] = 1;
    b[0x236] = 1;
    const p = join(dir, 'bzImage.cut');
    writeFileSync(p, b);
    const r = memhp(['kernel-campaign', '--image', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`memhp: ${p}: truncated: 1024 bytes, but its header says 66560 (1 setup sectors and 65536 bytes of kernel)\n`);
  });

  it('refuses a missing image and --modules without --image', () => {
    const missing = memhp(['kernel', '--image', join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`memhp: --image ${join(dir, 'nope')}: no such file\n`);
    const modules = memhp(['kernel', '--modules', dir]);
    expect(modules.code).toBe(2);
    expect(modules.stderr).toBe("memhp: --modules goes with --image (the stock kernels' are known)\n");
  });
});

describe('memhp kernel-build: refusals before any work', () => {
  it('refuses a folder that is not a kernel tree', () => {
    const r = memhp(['kernel-build', '--source', 'oracle']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('memhp: --source oracle: not a kernel tree (no top-level Makefile with VERSION, Kconfig and arch/x86/)\n');
  });

  it('refuses a patch it cannot read', () => {
    const r = memhp(['kernel-build', '--source', '6.1', '--patch', '/nonexistent/fix.patch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('memhp: --patch /nonexistent/fix.patch: cannot read it\n');
  });
});
