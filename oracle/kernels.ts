/**
 * The four stock Debian kernels the oracle boots, and the checks that say
 * exactly what to install when something is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KERNELS_DIR } from './paths.ts';

export const KERNEL_SERIES = ['5.10', '6.1', '6.12', '7.3'] as const;
export type KernelSeries = (typeof KERNEL_SERIES)[number];

export function isKernelSeries(s: string): s is KernelSeries {
  return (KERNEL_SERIES as readonly string[]).includes(s);
}

/** `5.10`, `all`, or a comma list → the series to run, or a one-line error. */
export function parseKernelChoice(text: string): KernelSeries[] | string {
  if (text === 'all') return [...KERNEL_SERIES];
  const out: KernelSeries[] = [];
  for (const part of text.split(',')) {
    if (!isKernelSeries(part)) return `unknown kernel "${part}" (known: ${KERNEL_SERIES.join(', ')}, all)`;
    out.push(part);
  }
  return out;
}

export interface KernelImage {
  readonly series: KernelSeries;
  readonly vmlinuz: string;
  /** uname -r of the packaged kernel, e.g. 6.1.0-50-amd64. */
  readonly release: string;
  /** The Debian package it came from. */
  readonly pkg: string;
}

/** What a boot needs: a stock image, or any bzImage with what is known of it (oracle/kernel-image.ts). */
export interface BootImage {
  readonly vmlinuz: string;
  readonly release: string;
  readonly pkg: string;
  readonly series?: KernelSeries;
  /** How reports name it: the series of a stock image, else the file's base name. */
  readonly name?: string;
}

/** One line telling how to fix a missing prerequisite; exit 2 follows. */
export class MissingPrerequisite extends Error {}

const SETUP = 'bash oracle/setup/install.sh';

export function kernelImage(series: KernelSeries): KernelImage {
  const dir = join(KERNELS_DIR, series);
  const vmlinuz = join(dir, 'vmlinuz');
  if (!existsSync(vmlinuz)) {
    throw new MissingPrerequisite(
      `kernel ${series} is not fetched (no ${vmlinuz}): run \`bash oracle/setup/fetch-kernels.sh ${series}\``,
    );
  }
  const read = (f: string): string => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8').trim() : 'unknown');
  return { series, vmlinuz, release: read('release'), pkg: read('package') };
}

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
