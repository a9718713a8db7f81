/**
 * Booted guests saved once and started again from the saved copy: a run that
 * needs a freshly booted kernel with a command line and devices it has seen
 * before gets a guest restored from the copy taken at the init's prompt
 * (Vm.save(), QEMU's migration stream to a file) instead of a boot. Under TCG
 * a boot of a stock kernel costs ≈ 5.6 s of QEMU CPU, a restore ≈ 0.25 s; and
 * the restored guest is the booted one to the byte (memory, devices, vCPU,
 * the guest's clock), so no state of an earlier run carries over, seen or
 * unseen — which a reset by writes and ejects cannot promise (an online type
 * left on a block, fa2be40fe7c0; isolated pageblocks; QEMU's DIMM slots).
 *
 * The copies live in one folder (memhp-qemu-*, with an owner file: removed on
 * close, on exit or a signal, by a watchdog if this process is killed, and by
 * the next run if all else fails). Each is ≈ 100 MB (the guest's non-zero
 * pages); the least recently used beyond `keep` are deleted.
 *
 * A folder shared by several processes (MEMHP_SAVED_BOOTS, which
 * `npm run test:kernel` sets for its whole run: test-kernel/saved-boots.ts)
 * holds saved boots instead, one sub-folder per boot key, kept until its
 * owner removes the folder: a boot the corpus saved serves the campaign and
 * the audit's child processes too. A boot is saved under a temporary name
 * and renamed into place whole; two processes saving the same one keep the
 * first (the same machine either way).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../base/usage-error.ts';
import { newHeldRunDir, type HeldRunDir } from './held-run-dir.ts';
import type { KernelImage } from './kernel-image.ts';
import { Vm, type BootOptions, type SavedGuest } from './vm.ts';

interface Entry {
  readonly saved: Promise<SavedGuest>;
  readonly dir: string;
  /** Restores started from it and not finished (its file must stay until they have read it). */
  users: number;
  /** In the shared folder: never deleted by this process. */
  readonly shared: boolean;
}

/** The environment variable naming a folder of saved boots shared by processes (set by the kernel tier). */
export const SAVED_BOOTS_ENV = 'MEMHP_SAVED_BOOTS';

export class BootSnapshots {
  private folder: HeldRunDir | undefined;
  /** By boot key, least recently used first. */
  private readonly entries = new Map<string, Entry>();
  private serial = 0;
  /** Guests booted (and saved), guests restored. */
  boots = 0;
  restores = 0;
  /** How long each boot took to the guest's ready line, and each restore to its first answer (ms). */
  readonly bootMs: number[] = [];
  readonly restoreMs: number[] = [];

  /** `shared`: a folder of saved boots other processes use too (null: this process's own, removed on close). */
  constructor(
    private readonly keep = 4,
    private readonly shared: string | null = process.env[SAVED_BOOTS_ENV] || null,
  ) {}

  /** A freshly booted guest of `kernel` with `opts`: restored from its saved boot, booted and saved first if there is none. */
  async start(kernel: KernelImage, opts: BootOptions): Promise<Vm> {
    const key = bootKey(kernel, opts);
    let entry = this.entries.get(key);
    if (entry !== undefined) this.entries.delete(key);
    else if (this.shared !== null) {
      const dir = join(this.shared, createHash('sha256').update(key).digest('hex').slice(0, 16));
      entry = { saved: this.fromShared(kernel, opts, this.shared, dir), dir, users: 0, shared: true };
      const failed = entry;
      entry.saved.catch(() => {
        if (this.entries.get(key) === failed) this.entries.delete(key);
      });
    } else {
      const dir = join(this.dir(), String(++this.serial));
      mkdirSync(dir);
      entry = { saved: this.take(kernel, opts, dir), dir, users: 0, shared: false };
      // a boot that failed is not kept: the next start boots again
      entry.saved.catch(() => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
        rmSync(dir, { recursive: true, force: true });
      });
    }
    this.entries.set(key, entry);
    entry.users++;
    try {
      const saved = await entry.saved;
      const vm = await Vm.restore(saved, kernel, opts.bootTimeoutMs);
      this.restores++;
      this.restoreMs.push(vm.bootMs);
      return vm;
    } finally {
      entry.users--;
      this.evict();
    }
  }

  private async take(kernel: KernelImage, opts: BootOptions, dir: string): Promise<SavedGuest> {
    const vm = await Vm.boot(kernel, opts);
    try {
      const saved = await vm.save(dir);
      this.boots++;
      this.bootMs.push(vm.bootMs);
      return saved;
    } finally {
      vm.close();
    }
  }

  /** The shared folder's saved boot of this key, booted and saved there first if no process has. */
  private async fromShared(kernel: KernelImage, opts: BootOptions, shared: string, dir: string): Promise<SavedGuest> {
    const index = join(dir, 'saved.json');
    if (!existsSync(shared)) throw new UsageError(`${SAVED_BOOTS_ENV}=${shared}: no such folder`);
    if (!existsSync(index)) {
      const part = mkdtempSync(join(shared, '.part-'));
      try {
        const saved = await this.take(kernel, opts, part);
        const placed: SavedGuest = { ...saved, file: join(dir, 'state'), machine: { ...saved.machine, initrd: join(dir, 'initramfs.cpio') } };
        writeFileSync(join(part, 'saved.json'), JSON.stringify(placed));
        try {
          renameSync(part, dir);
        } catch (e) {
          // another process saved the same boot meanwhile: its copy serves
          if (!existsSync(index)) throw e;
        }
      } finally {
        rmSync(part, { recursive: true, force: true });
      }
    }
    return JSON.parse(readFileSync(index, 'utf8')) as SavedGuest;
  }

  private evict(): void {
    const own = [...this.entries].filter(([, e]) => !e.shared);
    const idle = own.filter(([, e]) => e.users === 0);
    for (const [key, e] of idle.slice(0, Math.max(0, own.length - this.keep))) {
      this.entries.delete(key);
      rmSync(e.dir, { recursive: true, force: true });
    }
  }

  private dir(): string {
    if (this.folder === undefined) {
      this.folder = newHeldRunDir();
    }
    return this.folder.dir;
  }

  /** Deletes every saved guest and the folder (guests started from them run on: they have read their copy). */
  close(): void {
    if (this.folder === undefined) return;
    this.folder.remove();
    this.folder = undefined;
    this.entries.clear();
  }
}

/** What makes two boots the same machine: the kernel, its modules, the command line, the initramfs's module sets, the devices. */
function bootKey(kernel: KernelImage, o: BootOptions): string {
  return JSON.stringify([kernel.vmlinuz, kernel.modules ?? null, o.cmdline, o.pmemModules ?? null, o.virtioMem ?? null]);
}
