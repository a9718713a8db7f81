/**
 * A guest that panics or never becomes ready is killed and reported, and
 * leaves no QEMU process behind (release() also removes its socket folder).
 * The never-ready image's run (a child process waiting out its 20 s boot
 * timeout) starts first and runs beside the two in-process guests: their
 * checks look at this process's own QEMU children, which it has none of.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { memhpAsync, type CliResult } from '../test/helpers/cli.ts';
import { beforeAll, describe, expect, it } from 'vitest';
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
  let zeroed: { path: string; run: Promise<CliResult> };

  beforeAll(() => {
    // Debian's 6.1 with its protected-mode part zeroed: the header is whole, the kernel never runs.
    const b = readFileSync(image.vmlinuz);
    b.fill(0, ((b[0x1f1] as number) + 1) * 512);
    const path = join(mkdtempSync(join(tmpdir(), 'memhp-zeroed-')), 'zeroed.bzImage');
    writeFileSync(path, b);
    // the run gives up after --boot-timeout (90 s by default; 20 here keeps the tier's time in hand)
    zeroed = { path, run: memhpAsync(['kernel', '--image', path, 'oracle/corpus/eject.scn', '--boot-timeout', '20']) };
  });

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

  it('an image that never gets ready: one line naming it and the console\'s last line, exit 2, no retry', async () => {
    const p = zeroed.path;
    const r = await zeroed.run;
    rmSync(dirname(p), { recursive: true, force: true });
    expect(r.code).toBe(2);
    // the progress lines aside (cli/progress.ts prints them plain when stderr is no terminal)
    const lines = r.stderr.trim().split('\n').filter((l) => !/^memhp: kernel \S+: scenario \d+\/\d+ /.test(l));
    expect(lines[0]).toBe(`memhp: zeroed.bzImage (${image.release}): profile v6.1 (release ${image.release} is 6.1)`);
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toMatch(new RegExp(`^memhp: ${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(${image.release}\\): guest never became ready: .* within 20 s; console ends: `));
    expect(r.stderr).not.toMatch(/trying once more|internal error/);
  });
});

