/**
 * The kernel source of a build: Debian's linux-source package of a series
 * (fetched and unpacked once by oracle/setup/kernel-source.sh), or the
 * developer's own tree, which must be a clean kernel tree (Kbuild refuses an
 * out-of-tree build next to an in-tree one).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../base/usage-error.ts';
import { onSignalStop } from '../cleanup.ts';
import { KERNEL_SOURCE_SCRIPT, SRC_DIR } from './layout.ts';

export interface KernelSource {
  /** Part of the build key: `debian:linux-source-6.1=6.1.176-1` or `dir:/abs/path`. */
  readonly id: string;
  readonly tree: string;
  /** VERSION.PATCHLEVEL.SUBLEVEL and EXTRAVERSION from the top Makefile, e.g. 6.1.176. */
  readonly version: string;
  /** Whether the tree is the project's pristine copy (builds copy it) or the developer's (built out of tree in place). */
  readonly pristine: boolean;
  readonly label: string;
}

/** `6.1.176` from a kernel tree's top-level Makefile, or undefined when it is not one. */
export function makefileVersion(tree: string): string | undefined {
  const mk = resolve(tree, 'Makefile');
  if (!existsSync(mk)) return undefined;
  const text = readFileSync(mk, 'utf8').slice(0, 4000);
  const field = (k: string): string | undefined => new RegExp(`^${k} = ?(.*)$`, 'm').exec(text)?.[1]?.trim();
  const [v, p, s, e] = [field('VERSION'), field('PATCHLEVEL'), field('SUBLEVEL'), field('EXTRAVERSION')];
  if (v === undefined || p === undefined || !/^\d+$/.test(v)) return undefined;
  return `${v}.${p}${s !== undefined && s !== '' ? `.${s}` : ''}${e ?? ''}`;
}

export function ownTree(dir: string): KernelSource {
  const tree = resolve(dir);
  if (!existsSync(tree) || !statSync(tree).isDirectory()) throw new UsageError(`--source ${dir}: no such directory (give 6.1, 6.12, 7.3 or a kernel tree)`);
  const version = makefileVersion(tree);
  if (version === undefined || !existsSync(resolve(tree, 'Kconfig')) || !existsSync(resolve(tree, 'arch/x86/Kconfig'))) {
    throw new UsageError(`--source ${dir}: not a kernel tree (no top-level Makefile with VERSION, Kconfig and arch/x86/)`);
  }
  if (existsSync(resolve(tree, '.config')) || existsSync(resolve(tree, 'include/config'))) {
    throw new UsageError(`--source ${dir}: holds an in-tree build (.config): memhp builds out of tree; run \`make mrproper\` there first`);
  }
  return { id: `dir:${tree}`, tree, version, pristine: false, label: `${tree} (${version})` };
}

/** Debian's source of a series, fetched and unpacked when not yet cached; the script's progress lines go to stderr. */
export async function debianTree(series: string): Promise<KernelSource> {
  const child = spawn('bash', [KERNEL_SOURCE_SCRIPT, series, SRC_DIR], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let lastErr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    for (const line of d.split('\n').filter((l) => l.trim() !== '')) {
      lastErr = line;
      if (line.startsWith('memhp: ') && !/^memhp: no /.test(line)) process.stderr.write(`${line}\n`);
    }
  });
  const unregister = onSignalStop(`fetching linux-source-${series} (an unfinished download or unpack is redone next time)`, () => child.kill('SIGTERM'));
  const code = await new Promise<number | null>((r) => child.once('close', r));
  unregister();
  const tree = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || tree === '') {
    throw new UsageError(lastErr.replace(/^memhp: /, '') || `oracle/setup/kernel-source.sh ${series} failed (exit ${code})`);
  }
  const version = makefileVersion(tree);
  if (version === undefined) throw new UsageError(`${tree}: the unpacked linux-source holds no kernel Makefile`);
  const debVersion = tree.split('/').pop()?.slice(series.length + 1) ?? version;
  return { id: `debian:linux-source-${series}=${debVersion}`, tree, version, pristine: true, label: `Debian linux-source-${series} ${debVersion}` };
}
