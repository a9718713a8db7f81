/**
 * `memhp kernel-campaign --surface` takes the campaign's surfaces only, and `--jobs` a number of guests
 * from 1 to 64: anything else is one line, exit 2, before any boot.
 */
import { describe, expect, it } from 'vitest';
import { memhp } from '../helpers/cli.ts';

describe('memhp kernel-campaign --surface', () => {
  it('refuses an unknown surface, naming the known ones', () => {
    const r = memhp(['kernel-campaign', '--kernel', '6.1', '--surface', 'pmem,cxl'], undefined, { MEMHP_CACHE: '/nonexistent-memhp-cache' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('memhp: --surface pmem,cxl: unknown surface "cxl" (dimm, pmem, kmem, virtio-mem)\n');
  });

  it('checks the surfaces before the kernels: a known surface gets as far as the missing kernel', () => {
    const r = memhp(['kernel-campaign', '--kernel', '6.1', '--surface', 'kmem'], undefined, { MEMHP_CACHE: '/nonexistent-memhp-cache' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^memhp: kernel 6\.1 is not fetched/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses --jobs outside 1..64 or not a number, before looking for the kernel', () => {
    for (const [jobs, line] of [
      ['0', 'memhp: --jobs 0 is outside 1..64\n'],
      ['two', null],
    ] as const) {
      const r = memhp(['kernel-campaign', '--kernel', '6.1', '--jobs', jobs], undefined, { MEMHP_CACHE: '/nonexistent-memhp-cache' });
      expect(r.code, jobs).toBe(2);
      expect(r.stderr.trim().split('\n'), jobs).toHaveLength(1);
      expect(r.stderr, jobs).toMatch(/^memhp: --jobs /);
      if (line !== null) expect(r.stderr).toBe(line);
    }
  });
});
