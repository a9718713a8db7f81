/**
 * Applies the developer's patches, in order, to a build's copy of the source
 * tree. The copy shares unchanged files with the pristine tree (hard links),
 * so every file a patch touches is first given a file of its own: patch(1)
 * itself writes a new file and renames it, but nothing here relies on that.
 * A patch is tried with --dry-run first, so one that does not apply changes
 * nothing and is named with its first failing hunk. No fuzz: a hunk whose
 * context has moved on is a patch for another tree, not a near miss.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, renameSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { UsageError } from '../../base/usage-error.ts';
import type { Input } from './layout.ts';

/** The tree-relative paths a -p1 unified diff (plain or git) names. */
export function touchedFiles(text: string): string[] {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^(?:\+\+\+|---) (?:[^/\s]+\/)(\S+)/.exec(line) ?? /^(?:rename|copy) (?:from|to) (\S+)/.exec(line);
    if (m === null || (m[0].startsWith('---') && /^--- \/dev\/null/.test(line))) continue;
    const path = normalize(m[1] as string);
    if (path.startsWith('..') || path.startsWith('/')) continue;
    out.add(path);
  }
  return [...out].sort();
}

/** Gives each file its own inode so patching it cannot reach the pristine tree through a hard link. */
function unshare(tree: string, files: readonly string[]): void {
  for (const f of files) {
    const p = join(tree, f);
    if (!existsSync(p) || lstatSync(p).nlink < 2) continue;
    copyFileSync(p, `${p}.memhp-unshare`);
    renameSync(`${p}.memhp-unshare`, p);
  }
}

/** The first failure patch(1) reports, in a few words. */
export function firstFailure(output: string): string {
  let file = '';
  for (const line of output.split('\n')) {
    const f = /^(?:checking|patching) file '?([^']+?)'?$/.exec(line);
    if (f !== null) file = f[1] as string;
    const hunk = /^Hunk #(\d+) FAILED at (\d+)/.exec(line);
    if (hunk !== null) return `hunk #${hunk[1]} of ${file} (at line ${hunk[2]}) does not apply`;
    if (/Reversed \(or previously applied\) patch detected/.test(line)) return `${file || 'a file'}: already applied (or reversed)`;
    const missing = /can't find file to patch at input line (\d+)/.exec(line);
    if (missing !== null) {
      const named = /^\|\+\+\+ \S+?\/(\S+)/m.exec(output) ?? /^\|--- \S+?\/(\S+)/m.exec(output);
      return `${named !== null ? named[1] : 'a file it patches'} is not in the tree (patch line ${missing[1]})`;
    }
    const malformed = /malformed patch at line (\d+)/.exec(line);
    if (malformed !== null) return `malformed at line ${malformed[1]}`;
    if (/Only garbage was found/.test(line)) return 'not a unified diff';
  }
  return (output.trim().split('\n').pop() ?? 'patch failed').trim();
}

function runPatch(tree: string, patch: Input, dryRun: boolean): { ok: boolean; output: string } {
  const args = ['-p1', '--batch', '--forward', '--fuzz=0', '--no-backup-if-mismatch', '-r', '-', '-d', tree, ...(dryRun ? ['--dry-run'] : [])];
  const r = spawnSync('patch', args, { input: patch.text, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Applies each patch in order; the first that does not apply is a UsageError naming it and its first failing hunk. */
export function applyPatches(tree: string, patches: readonly Input[], treeName: string): void {
  for (const p of patches) {
    const files = touchedFiles(p.text);
    if (files.length === 0) throw new UsageError(`--patch ${p.path}: not a unified diff (no ---/+++ file lines)`);
    const dry = runPatch(tree, p, true);
    if (!dry.ok) throw new UsageError(`--patch ${p.path} does not apply to ${treeName}: ${firstFailure(dry.output)}`);
    unshare(tree, files);
    const real = runPatch(tree, p, false);
    if (!real.ok) throw new UsageError(`--patch ${p.path} does not apply to ${treeName}: ${firstFailure(real.output)}`);
  }
}
