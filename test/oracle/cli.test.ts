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

  it('refuses an unknown kernel', () => {
    const r = memhp(['kernel', '--kernel', '4.19']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('memhp: unknown kernel "4.19" (known: 5.10, 6.1, 6.12, 7.3, all)');
  });
});
