/**
 * Where `memhp kernel-build` keeps things under .cache/kernel-build/:
 *   debs/               Debian's linux-source packages as downloaded
 *   src/<series>-<v>/   their trees, unpacked once, never written to
 *   trees/<key>/        one build: a copy of the source with the patches applied,
 *                       and its object tree in .build/ (inside the source tree, so
 *                       Kbuild names every source file relatively and a copy of an
 *                       object tree stays valid in another tree: incremental builds)
 *   out/<name>/         the finished image: bzImage, .config, release, build.json
 * A build's key hashes its source, its patches and its config fragments.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CACHE_DIR, PROJECT_ROOT } from '../paths.ts';

export const KB_DIR = join(CACHE_DIR, 'kernel-build');
export const SRC_DIR = join(KB_DIR, 'src');
export const TREES_DIR = join(KB_DIR, 'trees');
export const OUT_DIR = join(KB_DIR, 'out');
export const OBJ = '.build';
/** Written into a tree once its copy and patches are complete. */
export const TREE_DONE = '.memhp-tree';
/** Written into an object tree after a successful build. */
export const BUILT = '.memhp-built';
/** Written into an object tree once it is configured, with the fragments' hash. */
export const CONFIGURED = '.memhp-configured';
export const PROJECT_FRAGMENT = join(PROJECT_ROOT, 'oracle', 'kconfig', 'memhp.config');
export const KERNEL_SOURCE_SCRIPT = join(PROJECT_ROOT, 'oracle', 'setup', 'kernel-source.sh');

export const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export interface Input {
  /** For the key and messages: the file's path as given. */
  readonly path: string;
  readonly text: string;
}

/** `debian:6.1.176-1` or `dir:/abs/path`, then the contents of patches and fragments, in order. */
export function buildKey(sourceId: string, patches: readonly Input[], fragments: readonly Input[]): string {
  const doc = JSON.stringify({ source: sourceId, patches: patches.map((p) => sha(p.text)), fragments: fragments.map((f) => sha(f.text)) });
  return sha(doc).slice(0, 16);
}

/** A file's stem as a release suffix: letters, digits, dots and dashes. */
export function stem(path: string): string {
  const base = path.split('/').pop() ?? path;
  return base.replace(/\.(patch|diff|config|frag|cfg)$/, '').replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/** The build's LOCALVERSION: `-memhp`, then the patches' and the user fragments' stems. */
export function localVersion(patches: readonly Input[], userFragments: readonly Input[], key: string, kernelVersion: string): string {
  const lv = ['-memhp', ...[...patches, ...userFragments].map((p) => `-${stem(p.path)}`)].join('');
  // uname's release field holds 64 characters (__NEW_UTS_LEN): a long patch set is named by its key instead.
  return kernelVersion.length + lv.length <= 64 ? lv : `-memhp-${key.slice(0, 12)}`;
}
