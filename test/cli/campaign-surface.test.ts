/** `memhp kernel-campaign --surface` takes the campaign's surfaces only: anything else is one line, exit 2, before any boot. */
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
});
