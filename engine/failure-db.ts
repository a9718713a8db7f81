/**
 * The failure database: every counterexample a `memhp run` finds, kept as a
 * scenario file so that the next run replays it before anything random
 * (Hypothesis's example database). One file per distinct failure, named
 * `<profile>--<property>--<content hash>.scn`; a comment header says how it
 * was found. Reading it never touches the seeded part of a run.
 *
 * Several runs may share one directory: each file is written under a
 * temporary name and renamed into place (base/atomic-file.ts), so a reader
 * sees a whole file or none, and the same failure found twice is one file.
 */
import { createHash } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { removeStaleTemps, writeFileAtomically } from '../base/atomic-file.ts';
import { isBugName, type BugName } from '../model/bugs.ts';
import { findProfileByFormerName } from '../model/profiles/index.ts';
import { parseScenario, ScenarioError, type Scenario } from '../scenario/index.ts';
import { UsageError } from '../base/usage-error.ts';
import { clip, excerpt, shownFile } from '../base/error-line.ts';
import { readUserFile } from '../base/read-file.ts';
import { parseGeneration, type Generation } from './generation.ts';

export const DEFAULT_FAILURES_DIR = join('.memhp', 'failures');

export interface FailureRecord {
  readonly profile: string;
  readonly property: string;
  readonly seed: number;
  readonly path?: string;
  readonly replayPath?: string;
  readonly bugs: readonly BugName[];
  /** `memhp run --generation state-aware` found it (its path re-runs only so); absent for the plain generation. */
  readonly generation?: 'state-aware';
  /** The counterexample as a scenario (reports/counterexample.ts). */
  readonly scenario: string;
}

export interface SavedFailure extends FailureRecord {
  /** File name inside the failures directory. */
  readonly file: string;
  readonly parsed: Scenario;
}

/** --failures-dir, else MEMHP_FAILURES_DIR, else .memhp/failures. */
export function failuresDirFrom(option: string | undefined, env: NodeJS.ProcessEnv): string {
  if (option !== undefined) return option;
  const fromEnv = env.MEMHP_FAILURES_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_FAILURES_DIR;
}

/** Same failure, same name: the hash covers what is replayed (bugs and steps), not how it was found. */
export function failureFileName(r: FailureRecord): string {
  const hash = createHash('sha256').update(`${[...r.bugs].sort().join(',')}\n${r.scenario}`).digest('hex').slice(0, 12);
  return `${r.profile}--${r.property}--${hash}.scn`;
}

function header(r: FailureRecord): string {
  return [
    `# memhp failure: found by memhp run, replayed first by every later run`,
    `# property: ${r.property}`,
    `# seed: ${r.seed}`,
    `# path: ${r.path ?? ''}`,
    `# replayPath: ${r.replayPath ?? ''}`,
    `# inject: ${[...r.bugs].sort().join(' ')}`,
    // only when not plain: a plain failure's file is byte for byte what it was
    ...(r.generation !== undefined ? [`# generation: ${r.generation}`] : []),
    `# profiles: ${FIRST_RELEASE_NAMES}`,
    '',
  ].join('\n');
}

/** Writes one failure (idempotent: the same failure overwrites its own file); returns the file name. */
export function saveFailure(dir: string, r: FailureRecord): string {
  const name = failureFileName(r);
  writeFileAtomically(join(dir, name), `${header(r)}${r.scenario}`);
  return name;
}

/** The .scn files of the directory, sorted; none when it does not exist yet. */
export function failureFiles(dir: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UsageError(`failures directory ${dir}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!isDir) throw new UsageError(`failures directory ${dir}: is not a directory`);
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.scn')).sort();
  } catch (e) {
    throw new UsageError(`failures directory ${dir}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * Files without this header line were written while v4.10, v4.13 and v4.14
 * were called v4.11, v4.12 and v4.13: their profile names are read as they
 * were meant (model/profiles/index.ts findProfileByFormerName()).
 */
const FIRST_RELEASE_NAMES = 'named after their first kernel release';

const NAME = /^([^-]+(?:-[^-]+)*)--([a-z0-9-]+?)--[0-9a-f]{12}\.scn$/;

export interface LoadedFailures {
  readonly failures: SavedFailure[];
  /** One line each for the files that cannot be read or parsed, to be printed: they are skipped, never fatal. */
  readonly unreadable: string[];
}

/**
 * Reads every saved failure. A file that cannot be read or parsed (a
 * hand-edited one, a 0-byte one from a full disk before writes were atomic)
 * is left out and named in `unreadable`, so one bad file never stops every
 * later run, and never passes unseen.
 */
export function loadFailures(dir: string): LoadedFailures {
  const failures: SavedFailure[] = [];
  const unreadable: string[] = [];
  for (const file of failureFiles(dir)) {
    try {
      failures.push(loadFailure(dir, file));
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      unreadable.push(`${e.message}; skipped`);
    }
  }
  return { failures, unreadable };
}

function loadFailure(dir: string, file: string): SavedFailure {
  const where = join(dir, file);
  const bad = (why: string): UsageError => new UsageError(`saved failure ${shownFile(where)}: ${why} (delete it or run memhp failures clear)`);
  let text: string;
  try {
    text = readUserFile(where, undefined, 'saved failure');
  } catch (e) {
    // readUserFile's message starts with the file name, which bad() gives already.
    const prefix = `${shownFile(where)}: `;
    if (e instanceof UsageError) throw bad(e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message);
    throw e;
  }
  if (text === '') throw bad('empty file');
  const m = NAME.exec(file);
  if (m === null) throw bad('name is not <profile>--<property>--<hash>.scn');
  const fields = new Map<string, string>();
  const lines = text.split('\n');
  let i = 0;
  for (; i < lines.length && lines[i]!.startsWith('#'); i++) {
    const f = /^# (\w+): ?(.*)$/.exec(lines[i]!);
    if (f !== null) fields.set(f[1]!, f[2]!.trim());
  }
  const property = fields.get('property');
  const seedText = fields.get('seed');
  const inject = fields.get('inject');
  if (property === undefined || seedText === undefined || inject === undefined) throw bad('header lacks property, seed or inject');
  if (property !== m[2]) throw bad(`header says property ${clip(property)}, the name says ${clip(m[2]!)}`);
  if (!/^-?\d+$/.test(seedText)) throw bad(`seed ${excerpt(seedText)} is not an integer`);
  const seed = Number(seedText);
  if (seed < -(2 ** 31) || seed > 2 ** 31 - 1) throw bad(`seed ${excerpt(seedText)} is outside ${-(2 ** 31)}..${2 ** 31 - 1}`);
  const bugs = inject === '' ? [] : inject.split(/\s+/);
  const unknown = bugs.find((b) => !isBugName(b));
  if (unknown !== undefined) throw bad(`unknown bug switch ${excerpt(unknown)}`);
  const scenario = lines.slice(i).join('\n');
  let parsed: Scenario;
  try {
    parsed = parseScenario(text, where);
  } catch (e) {
    if (e instanceof ScenarioError) throw bad(`${e.line !== undefined ? `line ${e.line}: ` : ''}${e.detail}`);
    throw e;
  }
  if (parsed.profile !== m[1]) throw bad(`scenario profile ${parsed.profile === undefined ? '(none)' : clip(parsed.profile)} does not match the name`);
  const profile = fields.get('profiles') === FIRST_RELEASE_NAMES ? m[1]! : (findProfileByFormerName(m[1]!)?.name ?? m[1]!);
  if (profile !== m[1]) parsed = { ...parsed, profile };
  const path = fields.get('path') ?? '';
  const replayPath = fields.get('replayPath') ?? '';
  const generationText = fields.get('generation');
  let generation: Generation = 'plain';
  if (generationText !== undefined) {
    try {
      generation = parseGeneration(generationText, 'generation');
    } catch (e) {
      if (e instanceof UsageError) throw bad(e.message);
      throw e;
    }
  }
  return {
    file,
    profile,
    property,
    seed,
    ...(path !== '' ? { path } : {}),
    ...(replayPath !== '' ? { replayPath } : {}),
    bugs: bugs as BugName[],
    ...(generation === 'state-aware' ? { generation } : {}),
    scenario,
    parsed,
  };
}

/** Removes every saved failure (and dead runs' temporary files); returns how many failures there were. */
export function clearFailures(dir: string): number {
  const files = failureFiles(dir);
  for (const f of files) rmSync(join(dir, f), { force: true });
  removeStaleTemps(dir);
  return files.length;
}
