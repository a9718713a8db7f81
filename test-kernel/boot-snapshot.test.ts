/**
 * Saved boots (oracle/boot-snapshot.ts): a guest restored from the copy of a
 * booted one is that machine — the same kernel, the same memory state read
 * from sysfs and /proc, a DIMM hot-added and onlined as on a fresh boot —
 * one boot serves every start with the same command line, and closing the
 * store leaves no QEMU process and no folder.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { BootSnapshots } from '../oracle/boot-snapshot.ts';
import { heldCount } from '../oracle/cleanup.ts';
import { KernelMachine } from '../oracle/kernel-machine.ts';
import { kernelImage } from '../oracle/kernels.ts';

/** This process's run folders (other jobs on the machine make their own in the same /tmp). */
const ownDirs = (): string[] =>
  readdirSync(tmpdir()).filter((n) => {
    try {
      return n.startsWith('memhp-qemu-') && readFileSync(join(tmpdir(), n, 'owner'), 'utf8').startsWith(`${process.pid} `);
    } catch {
      return false;
    }
  });

describe('saved boots', () => {
  it('a restored guest is the booted one: same release and state; one boot for two starts; nothing left after close', async () => {
    const image = kernelImage('6.1');
    // this process's own store, not the tier's shared one (test-kernel/saved-boots.ts): one boot, two restores, its folder gone on close
    const snapshots = new BootSnapshots(4, null);
    const cmdline = ['memhp_default_state=offline'];
    const booted = await KernelMachine.boot(image, cmdline);
    const fresh = await booted.state();
    booted.close();
    try {
      for (let run = 0; run < 2; run++) {
        const km = await KernelMachine.boot(image, cmdline, [], undefined, [], { snapshots });
        try {
          expect(km.vm.release).toBe(booted.vm.release);
          expect(await km.state(), `start ${run + 1}`).toEqual(fresh);
          // the first start's hot-add must not show in the second: each starts from the saved boot
          expect((await km.apply({ op: 'add_memory', start: 2 ** 32, size: 2 ** 27, nid: 0 })).answer).toBe('ok');
          expect((await km.apply({ op: 'state', block: 32, word: 'online_movable' })).answer).toBe('ok');
          expect((await km.state()).blocks['32']?.state).toBe('online');
        } finally {
          km.close();
        }
      }
      expect([snapshots.boots, snapshots.restores]).toEqual([1, 2]);
    } finally {
      snapshots.close();
    }
    expect(heldCount()).toBe(0);
    expect(ownDirs()).toEqual([]);
  });

  it('a shared folder (MEMHP_SAVED_BOOTS): a boot one store saved serves another, which boots nothing; closing a store leaves the folder to its owner', async () => {
    const image = kernelImage('6.1');
    const shared = mkdtempSync(join(tmpdir(), 'memhp-saved-boots-test-'));
    try {
      const cmdline = ['memhp_default_state=offline'];
      const states: unknown[] = [];
      // two stores stand for two processes of the tier (the corpus's and the campaign's)
      const stores = [new BootSnapshots(4, shared), new BootSnapshots(4, shared)];
      for (const store of stores) {
        const km = await KernelMachine.boot(image, cmdline, [], undefined, [], { snapshots: store });
        try {
          states.push(await km.state());
        } finally {
          km.close();
        }
        store.close();
      }
      expect(states[1]).toEqual(states[0]);
      expect(stores.map((s) => [s.boots, s.restores])).toEqual([[1, 1], [0, 1]]);
      expect(stores[1]!.bootMs).toEqual([]);
      expect(stores[1]!.restoreMs).toHaveLength(1);
      // one saved boot, whole (no half-written one), still there after both stores closed
      const saved = readdirSync(shared);
      expect(saved).toHaveLength(1);
      expect(readdirSync(join(shared, saved[0]!)).sort()).toEqual(['initramfs.cpio', 'saved.json', 'state']);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
    expect(heldCount()).toBe(0);
    expect(ownDirs()).toEqual([]);
  });
});
