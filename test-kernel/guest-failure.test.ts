/**
 * A guest that panics or never becomes ready is killed and reported, and
 * leaves no QEMU process behind (release() also removes its socket folder).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { heldCount } from '../oracle/cleanup.ts';
import { kernelImage } from '../oracle/kernels.ts';
import { GuestFailure, Vm } from '../oracle/vm.ts';

const qemuChildren = (): string => {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), 'qemu-system'], { encoding: 'utf8' }).trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
};

/** SIGKILL is sent at once; the child is reaped a moment later. */
async function noQemuChildWithin(ms: number): Promise<string> {
  const end = Date.now() + ms;
  while (qemuChildren() !== '' && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return qemuChildren();
}

describe('guest failures', () => {
  const image = kernelImage('6.1');

  it('a guest that is not ready in time is killed, reported with its console, and cleaned up', async () => {
    const err = await Vm.boot(image, { cmdline: [], bootTimeoutMs: 500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuestFailure);
    expect((err as Error).message).toMatch(/guest never became ready: guest did not answer the ready line within/);
    expect(heldCount()).toBe(0);
    expect(await noQemuChildWithin(3000)).toBe('');
  });

  it('a kernel that panics at boot (no init) ends QEMU and is reported', async () => {
    const err = await Vm.boot(image, { cmdline: ['rdinit=/no-such-init', 'init=/no-such-init'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuestFailure);
    expect((err as Error).message).toMatch(/QEMU exited|never became ready/);
    expect((err as Error).message).toMatch(/console ends:/);
    expect(heldCount()).toBe(0);
    expect(await noQemuChildWithin(3000)).toBe('');
  });
});
