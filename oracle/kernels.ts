/**
 * The kernels the oracle boots (stock Debian series and image files, see
 * kernel-image.ts), and the checks that say exactly what to install when
 * something is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { resolveKernel, type KernelImage } from './kernel-image.ts';
import { MissingPrerequisite, type KernelSeries } from './kernel-series.ts';

export { KERNEL_SERIES, isKernelSeries, parseKernelChoice, MissingPrerequisite, type KernelSeries } from './kernel-series.ts';
export { resolveKernel, imageLabel, type KernelImage, type ResolveOptions } from './kernel-image.ts';

/** A stock Debian image by series (kept for callers that name a series). */
export function kernelImage(series: KernelSeries): KernelImage {
  return resolveKernel(series);
}

const SETUP = 'bash oracle/setup/install.sh';

/** The first executable of that name on PATH, or undefined. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** The Debian package that provides each host tool the oracle needs. */
const TOOLS: ReadonlyArray<{ readonly exe: string; readonly pkg: string }> = [
  { exe: 'qemu-system-x86_64', pkg: 'qemu-system-x86' },
];

export function requireQemu(): string {
  for (const t of TOOLS) {
    if (onPath(t.exe) === undefined) {
      throw new MissingPrerequisite(`${t.exe} not found on PATH: run \`apt-get install -y ${t.pkg}\` (or \`${SETUP}\`)`);
    }
  }
  return onPath('qemu-system-x86_64') as string;
}

/** setpriv (util-linux, essential on Debian) gives QEMU its parent-death signal. */
export function requireSetpriv(): string {
  const p = onPath('setpriv');
  if (p === undefined) throw new MissingPrerequisite('setpriv not found on PATH: run `apt-get install -y util-linux`');
  return p;
}

/** busybox-static installs /bin/busybox; a dynamically linked busybox cannot run in the initramfs. */
export const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

export function requireBusybox(): string {
  const found = BUSYBOX_CANDIDATES.find((p) => existsSync(p));
  if (found === undefined) {
    throw new MissingPrerequisite(`busybox not found: run \`apt-get install -y busybox-static\` (or \`${SETUP}\`)`);
  }
  const elf = readFileSync(found);
  // A PT_INTERP program header means dynamic linking: look for the interpreter path.
  if (elf.includes(Buffer.from('/lib64/ld-linux'))) {
    throw new MissingPrerequisite(`${found} is dynamically linked: run \`apt-get install -y busybox-static\``);
  }
  return found;
}
