/**
 * One QEMU guest: machine `pc`, 1 GiB of boot RAM and room for 8 DIMMs up to
 * 8 GiB, the stock kernel with our initramfs, QMP and the command channel on
 * unix sockets the host listens on (QEMU connects as client, so there is no
 * race on socket creation). A guest that does not become ready in time is
 * killed and its console tail reported. A booted guest can be saved to a
 * file and started again from it (save(), restore(): oracle/boot-snapshot.ts).
 */
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { accelArgs, chooseAccel, type Accel } from './accel.ts';
import { SerialChannel, GuestTimeout } from './channel.ts';
import { hold, isHeld, release } from './cleanup.ts';
import { buildInitramfs } from './initramfs.ts';
import { imageLabel, type KernelImage } from './kernel-image.ts';
import { requireQemu, requireSetpriv } from './kernels.ts';
import { Qmp } from './qmp.ts';
import type { VirtioMemDevice } from '../model/step.ts';
import { virtioMemArgs } from './virtio-mem-guest.ts';
import { startWatchdog } from './run-dir.ts';
import { newHeldRunDir, type HeldRunDir } from './held-run-dir.ts';

export const BOOT_RAM = '1G';
export const MEMORY_ARGS = ['-m', `${BOOT_RAM},slots=8,maxmem=8G`];

export interface BootOptions {
  /** Extra kernel command line words (from the scenario's config lines). */
  readonly cmdline: readonly string[];
  readonly bootTimeoutMs?: number;
  /** A folder of libnvdimm modules and their load-order (oracle/pmem-modules.ts), for a legacy-PMEM guest. */
  readonly pmemModules?: string;
  /** A virtio-mem device (oracle/virtio-mem-guest.ts) and the folder of the modules it needs, if any. */
  readonly virtioMem?: { readonly device: VirtioMemDevice; readonly modules?: string };
}

/** A guest that did not come up; `consoleTail` holds the console's last lines for whoever wants more than the one line. */
export class GuestFailure extends Error {
  constructor(
    message: string,
    readonly consoleTail = '',
  ) {
    super(message);
  }
}

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

/** What QEMU is started with, less the run folder's sockets and console: a restored guest needs the same. */
interface Machine {
  readonly kernel: KernelImage;
  /** The initramfs file (a restored guest's QEMU loads it again, as it loads the kernel, before its state is read back). */
  readonly initrd: string;
  readonly cmdline: string;
  readonly accel: Accel;
  readonly opts: BootOptions;
}

/** A booted guest written to a file (Vm.save()), and what it takes to start it again. */
export interface SavedGuest {
  readonly machine: Machine;
  /** The guest kernel's release, from the ready line of the boot that was saved. */
  readonly release: string;
  readonly file: string;
}

const shellQuote = (w: string): string => `'${w.replace(/'/g, `'\\''`)}'`;

export class Vm {
  readonly cmdline: string;

  private constructor(
    readonly kernel: KernelImage,
    private readonly machine: Machine,
    readonly accel: Accel,
    readonly release: string,
    readonly qmp: Qmp,
    readonly shell: SerialChannel,
    readonly bootMs: number,
    private readonly handle: ReturnType<typeof hold>,
    private readonly servers: Server[],
    private readonly consolePath: string,
  ) {
    this.cmdline = machine.cmdline;
  }

  static async boot(kernel: KernelImage, opts: BootOptions): Promise<Vm> {
    const initramfs = buildInitramfs(kernel.modules !== undefined ? { dir: kernel.modules, release: kernel.release } : undefined, opts.pmemModules, opts.virtioMem?.modules);
    const run = newHeldRunDir();
    const initrd = join(run.dir, 'initramfs.cpio');
    try {
      writeFileSync(initrd, initramfs);
    } catch (e) {
      run.remove();
      throw e;
    }
    // panic=-1 reboots at once on a panic and -no-reboot turns that into QEMU's exit. no_timer_check:
    // timer_irq_works() (arch/x86/kernel/apic/io_apic.c) counts ticks across a 10-tick busy wait, which a
    // TCG vCPU descheduled on a loaded host misses; the kernel then hunts for another timer route
    // ("..MP-BIOS bug: 8254 timer not connected to IO-APIC") and may never get to init.
    const cmdline = ['console=ttyS0', 'panic=-1', 'oops=panic', 'loglevel=4', 'no_timer_check', ...opts.cmdline].join(' ');
    const machine: Machine = { kernel, initrd, cmdline, accel: chooseAccel(), opts };
    return Vm.start(machine, run, [], (shell) => shell.ready(opts.bootTimeoutMs ?? 90_000));
  }

  /**
   * Starts a guest from a saved copy of a booted one (save(), oracle/boot-snapshot.ts): the same
   * machine and devices, its memory and device state read back from `file`, so it carries on
   * from the moment the copy was taken, at the init's prompt. A ping on the command channel says
   * it is answering. `kernel` names it (the same image under another name: an audit's base and
   * patched sides).
   */
  static async restore(saved: SavedGuest, kernel: KernelImage = saved.machine.kernel, timeoutMs = 90_000): Promise<Vm> {
    return Vm.start({ ...saved.machine, kernel }, newHeldRunDir(), ['-incoming', `exec:cat ${shellQuote(saved.file)}`], async (shell, qmp) => {
      // the incoming guest keeps the run state it was saved in (stopped): it is started once its state is loaded
      const end = Date.now() + timeoutMs;
      for (;;) {
        const status = ((await qmp.execute('query-status')) as { status?: string }).status;
        if (status === 'running') break;
        if (status === 'paused' || status === 'postmigrate') await qmp.execute('cont');
        else if (status !== 'inmigrate') throw new GuestFailure(`the saved guest is ${status ?? 'in no known state'} after loading`);
        if (Date.now() > end) throw new GuestTimeout(`the saved guest did not resume within ${Math.round(timeoutMs / 1000)} s`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await shell.run('true', timeoutMs);
      return saved.release;
    });
  }

  private static async start(machine: Machine, run: HeldRunDir, extra: readonly string[], ready: (shell: SerialChannel, qmp: Qmp) => Promise<string>): Promise<Vm> {
    const { kernel, opts } = machine;
    const dir = run.dir;
    const qmpPath = join(dir, 'qmp.sock');
    const cmdPath = join(dir, 'cmd.sock');
    const consolePath = join(dir, 'console.log');
    const servers = [createServer(), createServer()];
    const [qmpServer, cmdServer] = servers as [Server, Server];
    let qemu: string;
    let setpriv: string;
    try {
      qemu = requireQemu();
      setpriv = requireSetpriv();
      await Promise.all([
        new Promise<void>((r, reject) => qmpServer.once('error', reject).listen(qmpPath, r)),
        new Promise<void>((r, reject) => cmdServer.once('error', reject).listen(cmdPath, r)),
      ]);
    } catch (e) {
      // before QEMU runs, the folder is the held run dir's alone
      for (const srv of servers) srv.close();
      run.remove();
      throw e;
    }
    const args = [
      '-machine', 'pc', ...accelArgs(machine.accel), ...MEMORY_ARGS, '-smp', '1',
      '-nodefaults', '-display', 'none', '-no-reboot',
      '-kernel', kernel.vmlinuz, '-initrd', machine.initrd, '-append', machine.cmdline,
      '-serial', `file:${consolePath}`,
      '-chardev', `socket,id=cmd,path=${cmdPath}`, '-serial', 'chardev:cmd',
      '-chardev', `socket,id=qmp,path=${qmpPath}`, '-mon', 'chardev=qmp,mode=control',
      ...(opts.virtioMem === undefined ? [] : virtioMemArgs(opts.virtioMem.device)),
      ...extra,
    ];
    const started = Date.now();
    // QEMU gets SIGKILL when this process dies, however it dies; the watchdog removes the folder then.
    const child = spawn(setpriv, ['--pdeathsig', 'KILL', '--', qemu, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    const watchdog = child.pid !== undefined ? startWatchdog(child.pid, dir) : undefined;
    const handle = hold(child, dir, `QEMU guest of ${imageLabel(kernel)}`, watchdog);
    run.handOver();
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
      const release_ = await Promise.race([ready(shell, qmp), exited]);
      return new Vm(kernel, machine, machine.accel, release_, qmp, shell, Date.now() - started, handle, servers, consolePath);
    } catch (e) {
      const tail = consoleTail(consolePath);
      close();
      const why = (e instanceof GuestTimeout ? `guest never became ready: ${e.message}` : e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, '; ');
      const last = tail.split('\n').map((l) => l.trim()).filter((l) => l !== '').pop() ?? 'no console output';
      const label = kernel.series !== undefined ? `${kernel.series} (${kernel.release})` : `${kernel.vmlinuz} (${kernel.release})`;
      throw new GuestFailure(`${label}: ${why}; console ends: ${last}`, tail);
    }
  }

  /**
   * Writes the guest's whole state (memory, devices, vCPU) into the folder `dir` through QEMU's
   * migration stream, with a copy of its initramfs, for restore(). The guest is stopped first, so
   * the copy is of one instant, and stays stopped: the caller closes it.
   */
  async save(dir: string, timeoutMs = 60_000): Promise<SavedGuest> {
    const file = join(dir, 'state');
    const part = `${file}.part`;
    const initrd = join(dir, 'initramfs.cpio');
    copyFileSync(this.machine.initrd, initrd);
    await this.qmp.execute('stop');
    // the default cap (128 MiB/s) is for live migration over a network; this goes to a local file
    await this.qmp.execute('migrate-set-parameters', { 'max-bandwidth': 2 ** 40 });
    // written under another name and renamed when cat is done, so a complete file is one that exists
    await this.qmp.execute('migrate', { uri: `exec:cat > ${shellQuote(part)} && mv ${shellQuote(part)} ${shellQuote(file)}` });
    const end = Date.now() + timeoutMs;
    for (;;) {
      const m = (await this.qmp.execute('query-migrate')) as { status?: string; 'error-desc'?: string };
      if (m.status === 'failed' || m.status === 'cancelled') throw new GuestFailure(`saving the booted guest failed: ${m['error-desc'] ?? m.status}`);
      if (m.status === 'completed' && existsSync(file)) break;
      if (Date.now() > end) throw new GuestFailure(`saving the booted guest took more than ${Math.round(timeoutMs / 1000)} s`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { machine: { ...this.machine, initrd }, release: this.release, file };
  }

  /** Whether QEMU is still running (a panic with -no-reboot ends it). */
  get alive(): boolean {
    const c = this.handle.child;
    return c.exitCode === null && c.signalCode === null;
  }

  /** Whether the guest is still registered for teardown: false once close() (or a signal) has killed it and removed its folder. */
  get held(): boolean {
    return isHeld(this.handle);
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
