/** kernel-build's patch step: the files a patch touches, and the one-line reason patch(1) refused it. */
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync, linkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../base/usage-error.ts';
import { applyPatches, firstFailure, touchedFiles } from '../../oracle/build/patch.ts';

const PATCH = ['--- a/mm/x.c', '+++ b/mm/x.c', '@@ -1,3 +1,3 @@', ' one', '-two', '+TWO', ' three', ''].join('\n');

describe('touchedFiles', () => {
  it('reads plain and git diffs, new and renamed files', () => {
    const git = [
      'diff --git a/mm/a.c b/mm/b.c',
      'rename from mm/a.c',
      'rename to mm/b.c',
      '--- /dev/null',
      '+++ b/mm/new.c',
      '--- a/include/linux/mm.h\t2026-01-01',
      '+++ b/include/linux/mm.h\t2026-01-02',
    ].join('\n');
    expect(touchedFiles(git)).toEqual(['include/linux/mm.h', 'mm/a.c', 'mm/b.c', 'mm/new.c']);
    expect(touchedFiles(PATCH)).toEqual(['mm/x.c']);
    expect(touchedFiles('just text\n')).toEqual([]);
  });
});

describe('firstFailure', () => {
  it('names the hunk and the file', () => {
    expect(firstFailure('checking file mm/memory_hotplug.c\nHunk #2 FAILED at 1817.\n1 out of 2 hunks FAILED\n')).toBe(
      'hunk #2 of mm/memory_hotplug.c (at line 1817) does not apply',
    );
  });

  it('names a file missing from the tree', () => {
    const out = "can't find file to patch at input line 3\nPerhaps you used the wrong -p or --strip option?\nThe text leading up to this was:\n--------------------------\n|--- a/mm/nope.c\n|+++ b/mm/nope.c\n--------------------------\nNo file to patch.  Skipping patch.\n";
    expect(firstFailure(out)).toBe('mm/nope.c is not in the tree (patch line 3)');
  });

  it('says when the patch is already applied', () => {
    expect(firstFailure('checking file mm/x.c\nReversed (or previously applied) patch detected!  Skipping patch.\n')).toBe('mm/x.c: already applied (or reversed)');
  });
});

describe('applyPatches', () => {
  function tree(): { dir: string; pristine: string } {
    const base = mkdtempSync(join(tmpdir(), 'memhp-patch-'));
    const pristine = join(base, 'pristine');
    const dir = join(base, 'copy');
    mkdirSync(join(pristine, 'mm'), { recursive: true });
    mkdirSync(join(dir, 'mm'), { recursive: true });
    writeFileSync(join(pristine, 'mm/x.c'), 'one\ntwo\nthree\n');
    linkSync(join(pristine, 'mm/x.c'), join(dir, 'mm/x.c'));
    return { dir, pristine };
  }

  it('patches the copy and never the file it shares an inode with', () => {
    const t = tree();
    applyPatches(t.dir, [{ path: 'fix.patch', text: PATCH }], 'test tree');
    expect(readFileSync(join(t.dir, 'mm/x.c'), 'utf8')).toBe('one\nTWO\nthree\n');
    expect(readFileSync(join(t.pristine, 'mm/x.c'), 'utf8')).toBe('one\ntwo\nthree\n');
    expect(statSync(join(t.pristine, 'mm/x.c')).nlink).toBe(1);
  });

  it('refuses a patch that does not apply in one line naming it and its hunk, changing nothing', () => {
    const t = tree();
    const bad = PATCH.replace(' three', ' four');
    let err: unknown;
    try {
      applyPatches(t.dir, [{ path: 'bad.patch', text: bad }], 'test tree');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('--patch bad.patch does not apply to test tree: hunk #1 of mm/x.c (at line 1) does not apply');
    expect(readFileSync(join(t.dir, 'mm/x.c'), 'utf8')).toBe('one\ntwo\nthree\n');
  });

  it('refuses a file that is no diff at all', () => {
    const t = tree();
    expect(() => applyPatches(t.dir, [{ path: 'notes.txt', text: 'hello\n' }], 'test tree')).toThrow('--patch notes.txt: not a unified diff (no ---/+++ file lines)');
  });
});
