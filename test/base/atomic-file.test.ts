/**
 * Report and failure files are whole or absent: a full disk while writing
 * leaves the previous report as it was; a crash between the renames never
 * leaves an old report.json beside new companions; temporary files of dead
 * writers go at the next start, a live writer's stay. Failures of the
 * filesystem are injected by wrapping node:fs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isTempName, prepareOutputDir, removeStaleTemps, writeFilesAtomically } from '../../base/atomic-file.ts';
import { UsageError } from '../../base/usage-error.ts';

const fault = vi.hoisted(() => ({ write: undefined as string | undefined, rename: undefined as string | undefined, code: 'ENOSPC' }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const fail = (): never => {
    throw Object.assign(new Error(`${fault.code}: injected`), { code: fault.code });
  };
  // which file an fd belongs to: the temporary name starts with "." + the final name
  const names = new Map<number, string>();
  return {
    ...real,
    openSync: (path: fs.PathLike, ...rest: unknown[]) => {
      const fd = (real.openSync as (...a: unknown[]) => number)(path, ...rest);
      names.set(fd, String(path));
      return fd;
    },
    writeSync: (fd: number, ...rest: unknown[]) => {
      if (fault.write !== undefined && names.get(fd)?.includes(`/.${fault.write}.memhp-tmp-`)) fail();
      return (real.writeSync as (...a: unknown[]) => number)(fd, ...rest);
    },
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      if (fault.rename !== undefined && String(to).endsWith(`/${fault.rename}`)) fail();
      real.renameSync(from, to);
    },
  };
});

afterEach(() => {
  fault.write = undefined;
  fault.rename = undefined;
  fault.code = 'ENOSPC';
});

const tmp = (): string => mkdtempSync(join(tmpdir(), 'memhp-atomic-'));
const report = (tag: string) => [
  { name: 'counterexamples/a.scn', data: `profile v5.5 # ${tag}\n` },
  { name: 'summary.md', data: `# summary ${tag}\n` },
  { name: 'report.html', data: `<p>${tag}</p>\n` },
  { name: 'report.json', data: `{"tag":"${tag}"}\n` },
];
const contents = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => !fs.statSync(join(dir, f)).isDirectory())
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );

describe('writeFilesAtomically', () => {
  it('writes every file, report.json among them', () => {
    const dir = tmp();
    writeFilesAtomically(dir, report('new'), 'report.json');
    expect(contents(dir)).toEqual({
      'counterexamples/a.scn': 'profile v5.5 # new\n',
      'report.html': '<p>new</p>\n',
      'report.json': '{"tag":"new"}\n',
      'summary.md': '# summary new\n',
    });
  });

  it.each(['summary.md', 'report.json', 'counterexamples/a.scn'])('a full disk while writing %s: one-line error, exit-2 kind, the old report intact, no temporary file', (file) => {
    const dir = tmp();
    writeFilesAtomically(dir, report('old'), 'report.json');
    const before = contents(dir);
    fault.write = file.replace(/^.*\//, '');
    let err: unknown;
    try {
      writeFilesAtomically(dir, report('new'), 'report.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(`cannot write ${join(dir, file)}: no space left on device (ENOSPC)`);
    expect(contents(dir)).toEqual(before);
  });

  it('an I/O error is not the user\'s to fix: a plain error (exit 3), still one line', () => {
    const dir = tmp();
    fault.write = 'report.html';
    fault.code = 'EIO';
    let err: unknown;
    try {
      writeFilesAtomically(dir, report('new'), 'report.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(`cannot write ${join(dir, 'report.html')}: input/output error (EIO)`);
    expect(contents(dir)).toEqual({});
  });

  it('stopped between the renames: new companions never sit beside the old report.json', () => {
    const dir = tmp();
    writeFilesAtomically(dir, report('old'), 'report.json');
    fault.rename = 'report.json';
    expect(() => writeFilesAtomically(dir, report('new'), 'report.json')).toThrow(/cannot write .*report\.json/);
    const now = contents(dir);
    expect(now['summary.md']).toBe('# summary new\n');
    expect(now['report.json']).toBeUndefined();
    expect(Object.keys(now).filter(isTempName)).toEqual([]);
  });
});

describe('temporary files', () => {
  it('removeStaleTemps removes a dead writer\'s, keeps a live one\'s and every other file', () => {
    const dir = tmp();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = `.report.json.memhp-tmp-${dead}-0123abcd`;
    const live = `.report.json.memhp-tmp-${process.pid}-0123abcd`;
    for (const f of [stale, live, 'report.json', '.hidden']) writeFileSync(join(dir, f), 'x');
    expect(removeStaleTemps(dir)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['.hidden', live, 'report.json'].sort());
  });

  it('prepareOutputDir creates missing parents and refuses, in one line, a path under a file', () => {
    const dir = tmp();
    prepareOutputDir(join(dir, 'a', 'b'), 'report directory');
    expect(existsSync(join(dir, 'a', 'b'))).toBe(true);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual([]);
    writeFileSync(join(dir, 'file'), '');
    expect(() => prepareOutputDir(join(dir, 'file', 'x'), 'report directory')).toThrow(
      new UsageError(`report directory ${join(dir, 'file', 'x')}: cannot create (a component of the path is not a directory, ENOTDIR)`),
    );
    expect(() => prepareOutputDir(join(dir, 'file'), 'failures directory')).toThrow(new UsageError(`failures directory ${join(dir, 'file')}: is not a directory`));
  });
});
