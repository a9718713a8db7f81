/**
 * `memhp kernel-build`: a bootable x86_64 bzImage of Debian's source of a
 * series or the developer's tree, with patches and config fragments, built
 * out of tree and kept for incremental rebuilds (layout.ts). A patched build
 * of Debian's source starts from a copy of the unpatched build's object tree,
 * so only what the patches change compiles again.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../../base/usage-error.ts';
import { onSignalStop } from '../cleanup.ts';
import { ownerAlive } from '../run-dir.ts';
import { BUILD_NEEDS, PATCH_NEEDS, requireTools, SOURCE_NEEDS } from './deps.ts';
import { configure } from './kconfig.ts';
import { BUILT, buildKey, localVersion, OBJ, OUT_DIR, PROJECT_FRAGMENT, TREE_DONE, TREES_DIR, type Input } from './layout.ts';
import { firstError, runMake } from './make.ts';
import { applyPatches } from './patch.ts';
import { debianTree, ownTree, type KernelSource } from './source.ts';
import { duration, ticker } from './ticker.ts';

export interface KernelBuildOptions {
  /** A Debian series (6.1, 6.12, 7.3) or a kernel tree. */
  readonly source: string;
  readonly patches: readonly string[];
  readonly fragment?: string;
  readonly out?: string;
  readonly jobs?: number;
  readonly log?: (line: string) => void;
}

export interface KernelBuildResult {
  readonly name: string;
  readonly image: string;
  readonly release: string;
  readonly config: string;
  readonly key: string;
  readonly seconds: number;
  /** Files Kbuild compiled ("CC" lines) in this run. */
  readonly compiled: number;
  /** The object tree this build started from, when it was seeded from the unpatched build. */
  readonly seededFrom?: string;
  readonly copiedTo?: string;
}

function readInput(path: string, what: string): Input {
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch {
    throw new UsageError(`${what} ${path}: cannot read it`);
  }
}

/** Fixed build identity, so the same inputs give the same image (the kernel's reproducible-builds variables). */
const BUILD_ENV = { KBUILD_BUILD_USER: 'memhp', KBUILD_BUILD_HOST: 'kernel-build', KBUILD_BUILD_VERSION: '1', KBUILD_BUILD_TIMESTAMP: '1970-01-01' };

function lock(path: string, label: string): () => void {
  if (existsSync(path)) {
    const owner = readFileSync(path, 'utf8');
    if (ownerAlive(owner)) throw new UsageError(`${label} is being built by another memhp kernel-build (pid ${owner.split(' ')[0]})`);
  }
  const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  writeFileSync(path, `${process.pid} ${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}\n`);
  return () => rmSync(path, { force: true });
}

/** A copy of `from` at `to`, made under a temporary name and renamed, so an interrupted copy never looks finished. */
function copyTree(from: string, to: string, hardLinks: boolean): void {
  const tmp = `${to}.copy-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const r = spawnSync('cp', [hardLinks ? '-al' : '-a', from, tmp], { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`cp ${from} failed: ${(r.stderr ?? '').trim().split('\n')[0]}`);
  }
  renameSync(tmp, to);
}

/**
 * objtool is built by tools/'s own make, which names its sources by absolute
 * path; in a copied object tree those still name the base tree, the command
 * lines differ, objtool is rebuilt, and every object (each depends on the
 * objtool binary) with it. Its recorded commands are moved to the new tree.
 */
function retargetTools(dir: string, from: string, to: string): void {
  if (!existsSync(dir)) return;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && (/^\..*\.cmd$/.test(e.name) || e.name.endsWith('.d'))) {
        const text = readFileSync(p, 'utf8');
        if (text.includes(`${from}/`)) writeFileSync(p, text.split(`${from}/`).join(`${to}/`));
      }
    }
  };
  walk(dir);
}

/** Copies left by a run that died mid-copy (their owner's pid is in the name). */
function clearDeadCopies(): void {
  for (const n of readdirSync(TREES_DIR)) {
    const m = /\.copy-(\d+)$/.exec(n);
    if (m === null) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      rmSync(join(TREES_DIR, n), { recursive: true, force: true });
    }
  }
}

export async function kernelBuild(o: KernelBuildOptions): Promise<KernelBuildResult> {
  const log = o.log ?? ((l: string) => process.stderr.write(`memhp: ${l}\n`));
  const t0 = Date.now();
  const patches = o.patches.map((p) => readInput(p, '--patch'));
  const userFragments = o.fragment !== undefined ? [readInput(o.fragment, '--config-fragment')] : [];
  const fragments = [readInput(PROJECT_FRAGMENT, 'the project fragment'), ...userFragments];
  const isSeries = /^\d+\.\d+$/.test(o.source);
  // What the developer gave is checked before the host's tools, so that answer does not depend on the host.
  const own = isSeries ? undefined : ownTree(o.source);
  requireTools(BUILD_NEEDS);
  if (patches.length > 0) requireTools(PATCH_NEEDS);
  if (isSeries) requireTools(SOURCE_NEEDS);
  const src: KernelSource = own ?? (await debianTree(o.source));

  const key = buildKey(src.id, patches, fragments);
  const lv = localVersion(patches, userFragments, key, src.version);
  const name = `${src.version}${lv}`;
  mkdirSync(TREES_DIR, { recursive: true });
  clearDeadCopies();
  const work = join(TREES_DIR, key);
  const unlock = lock(`${work}.lock`, name);
  const stopNote = onSignalStop(`the build of ${name} (the cache stays consistent: an unfinished step is redone next time)`, () => undefined);
  try {
    // Debian's tree and any patched tree are built in a copy; a developer's unpatched tree in place (out of tree).
    const inCopy = src.pristine || patches.length > 0;
    const srctree = inCopy ? work : src.tree;
    const objAbs = join(work, OBJ);
    const obj = inCopy ? OBJ : objAbs;
    if (inCopy && !existsSync(join(work, TREE_DONE))) {
      rmSync(work, { recursive: true, force: true });
      log(`copying ${src.label}${patches.length > 0 ? ` and applying ${patches.length} patch${patches.length === 1 ? '' : 'es'}` : ''}`);
      copyTree(src.tree, work, true);
      try {
        applyPatches(work, patches, src.label);
      } catch (e) {
        rmSync(work, { recursive: true, force: true });
        throw e;
      }
      writeFileSync(join(work, TREE_DONE), `${JSON.stringify({ source: src.id, patches: patches.map((p) => p.path) })}\n`);
    }
    mkdirSync(work, { recursive: true });

    // A patched build of Debian's tree starts from the unpatched build's objects: same relative paths, older mtimes.
    let seededFrom: string | undefined;
    const base = join(TREES_DIR, buildKey(src.id, [], fragments), OBJ);
    if (src.pristine && patches.length > 0 && !existsSync(objAbs) && existsSync(join(base, BUILT))) {
      log(`starting from the object tree of the unpatched build (${base})`);
      copyTree(base, objAbs, false);
      retargetTools(join(objAbs, 'tools'), realpathSync(dirname(base)), realpathSync(work));
      rmSync(join(objAbs, BUILT), { force: true });
      seededFrom = base;
    }
    mkdirSync(objAbs, { recursive: true });

    const env = { ...process.env, ...BUILD_ENV };
    const makeLog = join(objAbs, '.memhp-make.log');
    writeFileSync(makeLog, '');
    if (await configure({ srctree, obj, objAbs, fragments, env, log: makeLog, name })) log(`configured ${name}: tinyconfig + ${fragments.map((f) => f.path.split('/').pop()).join(' + ')}`);

    const jobs = o.jobs ?? availableParallelism();
    let compiled = 0;
    let last = '';
    const started = Date.now();
    const tick = ticker(() => `building ${name}: ${compiled} files compiled${last ? `, last ${last}` : ''}, ${duration(Date.now() - started)}`);
    let run;
    try {
      run = await runMake({
        cwd: srctree,
        args: [`O=${obj}`, `-j${jobs}`, `LOCALVERSION=${lv}`, 'bzImage'],
        env,
        log: makeLog,
        what: `make (building ${name})`,
        onLine: (kind, target) => {
          if (kind === 'CC') compiled++;
          last = target;
        },
      });
    } finally {
      tick.stop();
    }
    if (run.code !== 0) throw new UsageError(`make failed building ${name}: ${firstError(makeLog)}; log: ${makeLog}`);
    const release = execFileSync('make', ['-s', `O=${obj}`, `LOCALVERSION=${lv}`, 'kernelrelease'], { cwd: srctree, env, encoding: 'utf8' }).trim();
    writeFileSync(join(objAbs, BUILT), `${run.compiled} ${release}\n`);

    const outDir = join(OUT_DIR, name);
    mkdirSync(outDir, { recursive: true });
    const image = join(outDir, 'bzImage');
    copyFileSync(join(objAbs, 'arch/x86/boot/bzImage'), image);
    copyFileSync(join(objAbs, '.config'), join(outDir, '.config'));
    writeFileSync(join(outDir, 'release'), `${release}\n`);
    const seconds = Math.round((Date.now() - t0) / 1000);
    writeFileSync(
      join(outDir, 'build.json'),
      `${JSON.stringify({ name, release, source: src.id, patches: patches.map((p) => p.path), fragments: fragments.map((f) => f.path), key, tree: work }, null, 1)}\n`,
    );
    let copiedTo: string | undefined;
    if (o.out !== undefined) {
      copiedTo = resolve(o.out);
      mkdirSync(copiedTo, { recursive: true });
      copyFileSync(image, join(copiedTo, 'bzImage'));
      copyFileSync(join(outDir, '.config'), join(copiedTo, '.config'));
      writeFileSync(join(copiedTo, 'release'), `${release}\n`);
    }
    return { name, image, release, config: join(outDir, '.config'), key, seconds, compiled: run.compiled, ...(seededFrom !== undefined ? { seededFrom } : {}), ...(copiedTo !== undefined ? { copiedTo } : {}) };
  } finally {
    stopNote();
    unlock();
  }
}
