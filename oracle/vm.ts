/**
 * One QEMU guest: machine `pc`, 1 GiB of boot RAM and room for 8 DIMMs up to
 * 8 GiB, the stock kernel with our initramfs, QMP and the command channel on
 * unix sockets the host listens on (QEMU connects as client, so there is no
 * race on socket creation). A guest that does not become ready in time is
 * killed and its console tail reported.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accelArgs, chooseAccel, type Accel } from './accel.ts';
import { SerialChannel, GuestTimeout } from './channel.ts';
import { hold, release } from './cleanup.ts';
import { buildInitramfs } from './initramfs.ts';
import type { BootImage } from './kernels.ts';
import { requireQemu } from './kernels.ts';
import { Qmp } from './qmp.ts';

export const BOOT_RAM = '1G';
export const MEMORY_ARGS = ['-m', `${BOOT_RAM},slots=8,maxmem=8G`];

export interface BootOptions {
  /** Extra kernel command line words (from the scenario's config lines). */
  readonly cmdline: readonly string[];
  readonly bootTimeoutMs?: number;
}

export class GuestFailure extends Error {}

function accept(server: Server, timeoutMs: number, what: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new GuestFailure(`QEMU did not connect its ${what} socket`)), timeoutMs);
    server.once('connection', (s) => {
      clearTimeout(t);
      resolve(s);
    });
  });
}

let qemuVersionCache: string | undefined;
export function qemuVersion(): string {
  if (qemuVersionCache === undefined) {
    const out = execFileSync(requireQemu(), ['--version'], { encoding: 'utf8' });
    qemuVersionCache = /version (\S+)/.exec(out)?.[1] ?? out.split('\n')[0] ?? 'unknown';
  }
  return qemuVersionCache;
}

export class Vm {
  private constructor(
    readonly kernel: BootImage,
    readonly cmdline: string,
    readonly accel: Accel,
    readonly release: string,
    readonly qmp: Qmp,
    readonly shell: SerialChannel,
    readonly bootMs: number,
    private readonly handle: ReturnType<typeof hold>,
    private readonly servers: Server[],
    private readonly consolePath: string,
  ) {}

  static async boot(kernel: BootImage, opts: BootOptions): Promise<Vm> {
    const qemu = requireQemu();
    const initramfs = buildInitramfs();
    const dir = mkdtempSync(join(tmpdir(), 'memhp-qemu-'));
    const initrd = join(dir, 'initramfs.cpio');
    writeFileSync(initrd, initramfs);
    const qmpPath = join(dir, 'qmp.sock');
    const cmdPath = join(dir, 'cmd.sock');
    const consolePath = join(dir, 'console.log');
    const servers = [createServer(), createServer()];
    const [qmpServer, cmdServer] = servers as [Server, Server];
    await Promise.all([
      new Promise<void>((r) => qmpServer.listen(qmpPath, r)),
      new Promise<void>((r) => cmdServer.listen(cmdPath, r)),
    ]);
    const accel = chooseAccel();
    // panic=-1 reboots at once on a panic and -no-reboot turns that into QEMU's exit.
    const cmdline = ['console=ttyS0', 'panic=-1', 'oops=panic', 'loglevel=4', ...opts.cmdline].join(' ');
    const args = [
      '-machine', 'pc', ...accelArgs(accel), ...MEMORY_ARGS, '-smp', '1',
      '-nodefaults', '-display', 'none', '-no-reboot',
      '-kernel', kernel.vmlinuz, '-initrd', initrd, '-append', cmdline,
      '-serial', `file:${consolePath}`,
      '-chardev', `socket,id=cmd,path=${cmdPath}`, '-serial', 'chardev:cmd',
      '-chardev', `socket,id=qmp,path=${qmpPath}`, '-mon', 'chardev=qmp,mode=control',
    ];
    const started = Date.now();
    const child = spawn(qemu, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const handle = hold(child, dir);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const close = (): void => {
      for (const s of servers) s.close();
      release(handle);
    };
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, sig) =>
        reject(new GuestFailure(`QEMU exited (${sig ?? code}) during boot${stderr ? `: ${stderr.trim()}` : ''}`)),
      ),
    );
    exited.catch(() => undefined);
    try {
      const [qmpSock, cmdSock] = await Promise.race([
        Promise.all([accept(qmpServer, 10_000, 'QMP'), accept(cmdServer, 10_000, 'serial')]),
        exited,
      ]);
      const qmp = new Qmp(qmpSock);
      const shell = new SerialChannel(cmdSock);
      await Promise.race([qmp.start(), exited]);
      const release_ = await Promise.race([shell.ready(opts.bootTimeoutMs ?? 90_000), exited]);
      return new Vm(kernel, cmdline, accel, release_, qmp, shell, Date.now() - started, handle, servers, consolePath);
    } catch (e) {
      const tail = consoleTail(consolePath);
      close();
      const why = e instanceof GuestTimeout ? `guest never became ready: ${e.message}` : e instanceof Error ? e.message : String(e);
      const last = tail.split('\n').map((l) => l.trim()).filter((l) => l !== '').pop() ?? 'no console output';
      throw new GuestFailure(`${kernel.name ?? kernel.series ?? kernel.vmlinuz} (${kernel.release}): ${why}; console ends: ${last}${tail ? `\n  console tail:\n${tail}` : ''}`);
    }
  }

  /** Whether QEMU is still running (a panic with -no-reboot ends it). */
  get alive(): boolean {
    const c = this.handle.child;
    return c.exitCode === null && c.signalCode === null;
  }

  consoleTail(lines = 15): string {
    return consoleTail(this.consolePath, lines);
  }

  close(): void {
    for (const s of this.servers) s.close();
    release(this.handle);
  }
}

function consoleTail(path: string, lines = 15): string {
  if (!existsSync(path)) return '';
  return readFileSync(path, 'latin1')
    .split('\n')
    .slice(-lines)
    .map((l) => `    ${l}`)
    .join('\n')
    .trimEnd();
}
