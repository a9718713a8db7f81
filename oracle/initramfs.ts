/**
 * The guest's initramfs, built at run time from the host's static busybox and
 * our own init script (oracle/guest/init.sh). No kernel modules: every kernel
 * the oracle boots builds memory hotplug, ACPI memory hotplug and the 8250
 * serial driver in.
 */
import { readFileSync } from 'node:fs';
import { cpioNewc } from './cpio.ts';
import { requireBusybox } from './kernels.ts';
import { GUEST_INIT } from './paths.ts';

export function buildInitramfs(): Buffer {
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
  ]);
}
