/**
 * A kernel the oracle can boot: one of the four stock Debian images fetched
 * into .cache/kernels/<series>/, or any x86_64 bzImage given by path (a
 * `memhp kernel-build` output, a developer's own build). Everything about an
 * image is settled here before a boot: that it is a whole x86_64 bzImage, its
 * release (read from the image's own header), the profile it is held to, and
 * where its kernel config can be read.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../base/usage-error.ts';
import { looksLikeProfileFile, resolveProfileOrPatch } from '../engine/patch-profile.ts';
import { findProfile, profileNames } from '../model/profiles/index.ts';
import { readBzImage } from './bzimage.ts';
import { profileForRelease } from './image-profile.ts';
import { isKernelSeries, MissingPrerequisite, type KernelSeries } from './kernel-series.ts';
import { KERNELS_DIR } from './paths.ts';
import { RELEASE_PROFILES } from './release-profiles.ts';

export interface KernelImage {
  /** '6.1' for a stock image, else the image file's base name. */
  readonly name: string;
  /** Only the four stock Debian images. */
  readonly series?: KernelSeries;
  readonly vmlinuz: string;
  /** uname -r, from the image's setup header. */
  readonly release: string;
  /** The Debian package it came from, or 'image file'. */
  readonly pkg: string;
  /** The profile the image is held to (its release's, unless --profile said otherwise). */
  readonly profile: string;
  /** Why that profile: one line (printed with the run's header). */
  readonly profileWhy?: string;
  /** A lib/modules/<release> tree copied into the guest's initramfs. */
  readonly modules?: string;
  /** The kernel's .config, when known before boot; else the guest's /proc/config.gz is read. */
  readonly config?: string;
}

export interface ResolveOptions {
  readonly modules?: string;
  readonly config?: string;
  readonly profile?: string;
}

/** A profile name, or a patch profile file (engine/patch-profile.ts), checked now so a bad one stops the run before a boot. */
function checkedProfile(name: string): string {
  if (looksLikeProfileFile(name)) {
    resolveProfileOrPatch(name);
    return name.includes('/') ? name : `./${name}`;
  }
  if (findProfile(name) === undefined) throw new UsageError(`unknown profile "${name}" (known: ${profileNames().join(', ')})`);
  return name;
}

function checkedModules(dir: string, release: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--modules ${dir}: no such directory`);
  if (!existsSync(join(dir, 'modules.dep')) && !existsSync(join(dir, 'kernel'))) {
    throw new UsageError(`--modules ${dir}: not a lib/modules/<release> tree (no modules.dep, no kernel/)`);
  }
  const named = basename(resolve(dir));
  if (/^\d+\.\d+/.test(named) && named !== release) {
    throw new UsageError(`--modules ${dir}: modules of ${named}, but the image is ${release}`);
  }
  return resolve(dir);
}

function checkedConfig(file: string): string {
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`--config ${file}: no such file`);
  return resolve(file);
}

function stockImage(series: KernelSeries, opts: ResolveOptions): KernelImage {
  const dir = join(KERNELS_DIR, series);
  const vmlinuz = join(dir, 'vmlinuz');
  if (!existsSync(vmlinuz)) {
    throw new MissingPrerequisite(`kernel ${series} is not fetched (no ${vmlinuz}): run \`bash oracle/setup/fetch-kernels.sh ${series}\``);
  }
  const read = (f: string): string => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8').trim() : 'unknown');
  const release = read('release');
  const config = opts.config !== undefined ? checkedConfig(opts.config) : existsSync(join(dir, 'config')) ? join(dir, 'config') : undefined;
  return {
    name: series,
    series,
    vmlinuz,
    release,
    pkg: read('package'),
    profile: opts.profile !== undefined ? checkedProfile(opts.profile) : RELEASE_PROFILES[series],
    profileWhy: opts.profile !== undefined ? 'given with --profile' : `Debian's ${series} kernel (oracle/release-profiles.ts)`,
    ...(opts.modules !== undefined ? { modules: checkedModules(opts.modules, release) } : {}),
    ...(config !== undefined ? { config } : {}),
  };
}

function fileImage(path: string, opts: ResolveOptions): KernelImage {
  const vmlinuz = resolve(path);
  const header = readBzImage(path);
  const choice = opts.profile !== undefined ? { profile: checkedProfile(opts.profile), why: 'given with --profile' } : profileForRelease(header.release);
  // `memhp kernel-build` leaves the image's .config beside it.
  const beside = join(dirname(vmlinuz), '.config');
  const config = opts.config !== undefined ? checkedConfig(opts.config) : existsSync(beside) ? beside : undefined;
  // A build's output is always called bzImage (or vmlinuz): its release tells two images apart.
  const file = basename(vmlinuz);
  return {
    name: /^(bzImage|vmlinuz)/.test(file) ? header.release : file,
    vmlinuz,
    release: header.release,
    pkg: 'image file',
    profile: choice.profile,
    profileWhy: choice.why,
    ...(opts.modules !== undefined ? { modules: checkedModules(opts.modules, header.release) } : {}),
    ...(config !== undefined ? { config } : {}),
  };
}

/** A stock series name (`6.1`) or a path to an image; errors are one-line MissingPrerequisite/UsageError. */
export function resolveKernel(spec: string, opts: ResolveOptions = {}): KernelImage {
  if (isKernelSeries(spec)) return stockImage(spec, opts);
  if (spec.includes('/') || existsSync(spec)) return fileImage(spec, opts);
  throw new UsageError(`unknown kernel "${spec}" (known: 5.10, 6.1, 6.12, 7.3, or a path to an x86_64 bzImage)`);
}

/** How the image is named in output lines: the series, or the file's name and its release. */
export function imageLabel(k: KernelImage): string {
  return k.series !== undefined ? k.series : `${k.name} (${k.release})`;
}
