/** `memhp kernel` refuses what it cannot do in one line, exit 2, before booting anything. */
import { describe, expect, it } from 'vitest';
import { memhp } from '../helpers/cli.ts';

describe('memhp kernel: up-front refusals', () => {
  it('names the package when QEMU is not on PATH', () => {
    const r = memhp(['kernel', 'oracle/corpus/eject.scn'], undefined, { PATH: '/nonexistent' });
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
