/**
 * The guest's initramfs, built at run time from the host's static busybox and
 * our own init script (oracle/guest/init.sh). Every kernel the oracle needs
 * builds memory hotplug, ACPI memory hotplug and the 8250 serial driver in;
 * a `--modules` tree is copied to /lib/modules/<release> for the guest's
 * modprobe, in a fixed order so the archive is the same for the same tree.
 * A legacy-PMEM run adds the libnvdimm modules under lib/memhp-pmem/, which
 * the init loads (oracle/pmem-modules.ts).
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cpioNewc, type CpioEntry } from './cpio.ts';
import { requireBusybox } from './kernels.ts';
import { GUEST_INIT } from './paths.ts';

export interface ModulesTree {
  readonly dir: string;
  readonly release: string;
}

function treeEntries(dir: string, prefix: string): CpioEntry[] {
  const out: CpioEntry[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = lstatSync(path);
    const at = `${prefix}/${name}`;
    if (st.isDirectory()) out.push({ name: at, mode: 0o40755 }, ...treeEntries(path, at));
    else if (st.isSymbolicLink()) out.push({ name: at, mode: 0o120777, data: Buffer.from(readlinkSync(path)) });
    else if (st.isFile()) out.push({ name: at, mode: 0o100644, data: readFileSync(path) });
  }
  return out;
}

export function buildInitramfs(modules?: ModulesTree, pmemModules?: string, virtioMemModules?: string): Buffer {
  const busybox = readFileSync(requireBusybox());
  const init = readFileSync(GUEST_INIT);
  return cpioNewc([
    { name: 'bin', mode: 0o40755 },
    { name: 'dev', mode: 0o40755 },
    // The kernel opens /dev/console for init before any devtmpfs exists.
    { name: 'dev/console', mode: 0o20600, rdev: { major: 5, minor: 1 } },
    { name: 'proc', mode: 0o40755 },
    { name: 'sys', mode: 0o40755 },
    { name: 'tmp', mode: 0o41777 },
    { name: 'bin/busybox', mode: 0o100755, data: busybox },
    { name: 'init', mode: 0o100755, data: init },
    ...(modules !== undefined ? modulesEntries(modules) : []),
    ...(pmemModules !== undefined
      ? [...(modules === undefined ? [{ name: 'lib', mode: 0o40755 }] : []), { name: 'lib/memhp-pmem', mode: 0o40755 }, ...treeEntries(pmemModules, 'lib/memhp-pmem')]
      : []),
    // the virtio-mem driver and its transport (oracle/virtio-mem-guest.ts), loaded by the init
    ...(virtioMemModules !== undefined
      ? [
          ...(modules === undefined && pmemModules === undefined ? [{ name: 'lib', mode: 0o40755 }] : []),
          { name: 'lib/memhp-virtio-mem', mode: 0o40755 },
          ...treeEntries(virtioMemModules, 'lib/memhp-virtio-mem'),
        ]
      : []),
  ]);
}

/** The entries that put a lib/modules/<release> tree at the same place in the guest, in a fixed order. */
export function modulesEntries(modules: ModulesTree): CpioEntry[] {
  const base = `lib/modules/${modules.release}`;
  return [{ name: 'lib', mode: 0o40755 }, { name: 'lib/modules', mode: 0o40755 }, { name: base, mode: 0o40755 }, ...treeEntries(modules.dir, base)];
}
