/**
 * A kernel to boot, named on the command line: one of the four stock Debian
 * series, or a path to a bzImage. A stock image is held to its release
 * profile (oracle/release-profiles.ts); an image by path has no release
 * profile, so it needs one given (`--profile`), and what else is known of it
 * (release, package) is left 'unknown' here.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError } from '../engine/machine.ts';
import { looksLikeProfileFile, resolveProfileOrPatch } from '../engine/patch-profile.ts';
import { isKernelSeries, kernelImage, KERNEL_SERIES, type KernelSeries } from './kernels.ts';
import { KERNELS_DIR } from './paths.ts';
import { RELEASE_PROFILES } from './release-profiles.ts';

export interface KernelImage {
  /** '6.1' for a stock image, else the file's base name. */
  readonly name: string;
  /** Only the four stock Debian images. */
  readonly series?: KernelSeries;
  readonly vmlinuz: string;
  readonly release: string;
  readonly pkg: string;
  /** Default profile the image is held to. */
  readonly profile: string;
  readonly modules?: string;
  readonly config?: string;
}

/** A stock series or a bzImage path → the image, or a one-line UsageError (MissingPrerequisite for an unfetched series). */
export function resolveKernel(spec: string, opts: { modules?: string; config?: string; profile?: string } = {}): KernelImage {
  if (opts.profile !== undefined) resolveProfileOrPatch(opts.profile);
  if (isKernelSeries(spec)) {
    const img = kernelImage(spec);
    const config = opts.config ?? (existsSync(join(KERNELS_DIR, spec, 'config')) ? join(KERNELS_DIR, spec, 'config') : undefined);
    return {
      name: spec,
      series: spec,
      vmlinuz: img.vmlinuz,
      release: img.release,
      pkg: img.pkg,
      profile: opts.profile ?? RELEASE_PROFILES[spec],
      ...(opts.modules !== undefined ? { modules: opts.modules } : {}),
      ...(config !== undefined ? { config } : {}),
    };
  }
  if (!looksLikeProfileFile(spec) && !existsSync(spec)) {
    throw new UsageError(`unknown kernel "${spec}" (known: ${KERNEL_SERIES.join(', ')}, or a path to a bzImage)`);
  }
  if (!existsSync(spec) || !statSync(spec).isFile()) throw new UsageError(`${spec}: no such kernel image file`);
  if (!isBzImage(spec)) throw new UsageError(`${spec}: not a bzImage (no "HdrS" boot header at 0x202): give arch/x86/boot/bzImage`);
  if (opts.profile === undefined) {
    throw new UsageError(`${spec}: an image given by path has no release profile: name the profile it is held to (--base-profile / --to / --profile)`);
  }
  return {
    name: basename(spec),
    vmlinuz: spec,
    release: 'unknown',
    pkg: 'unknown',
    profile: opts.profile,
    ...(opts.modules !== undefined ? { modules: opts.modules } : {}),
    ...(opts.config !== undefined ? { config: opts.config } : {}),
  };
}

/** The x86 boot protocol's header magic "HdrS" at offset 0x202 (Documentation/arch/x86/boot.rst). */
function isBzImage(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4);
    return readSync(fd, buf, 0, 4, 0x202) === 4 && buf.toString('latin1') === 'HdrS';
  } finally {
    closeSync(fd);
  }
}
