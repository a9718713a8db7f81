/**
 * The failure database: every counterexample a `memhp run` finds is kept as a
 * scenario file a person can read and replay, and later runs replay the kept
 * ones before their seeded search (Hypothesis's example database, as files).
 * The seeded part never reads the database, so keeping failures cannot change
 * what a seed finds.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBugName, type BugName } from '../model/bugs.ts';
import { findProperty } from '../properties/catalogue.ts';
import { parseScenario, ScenarioError } from '../scenario/index.ts';
import { Lockstep } from './lockstep.ts';
import { machineFor, UsageError } from './machine.ts';

export const DEFAULT_FAILURES_DIR = join('.memhp', 'failures');
const MARK = '# memhp failure';
const EXT = '.scn';

export interface SavedFailure {
  /** File name inside the database directory. */
  readonly file: string;
  readonly profile: string;
  readonly property: string;
  readonly inject: readonly string[];
  readonly seed: number;
  readonly path: string;
  readonly replayPath: string;
  /** The scenario text (everything after the header). */
  readonly scenario: string;
}

export interface SavedReplay {
  readonly file: string;
  readonly profile: string;
  readonly property: string;
  readonly inject: readonly string[];
  /** `fails`: the property still breaks on it (at `step`, with `checks`); `passes`: it no longer does. */
  readonly status: 'fails' | 'passes';
  readonly step?: number;
  readonly checks?: readonly string[];
}

type NewFailure = Omit<SavedFailure, 'file'>;

function header(f: NewFailure): string {
  return [
    `${MARK}: replayed by every memhp run with the same profile, property and --inject; memhp failures clear removes it`,
    `# profile: ${f.profile}`,
    `# property: ${f.property}`,
    `# inject: ${f.inject.length === 0 ? 'none' : f.inject.join(' ')}`,
    `# seed: ${f.seed}`,
    `# path: ${JSON.stringify(f.path)}`,
    `# replayPath: ${JSON.stringify(f.replayPath)}`,
  ].join('\n');
}

/** The file name: profile, property and a hash of what makes the failure (scenario and switches). */
export function failureFileName(f: Pick<NewFailure, 'profile' | 'property' | 'inject' | 'scenario'>): string {
  const hash = createHash('sha256').update(`${f.inject.join(' ')}\n${f.scenario}`).digest('hex').slice(0, 12);
  return `${f.profile}--${f.property}--${hash}${EXT}`;
}

/** Saves a failure unless the same one is already there; returns its file name. */
export function saveFailure(dir: string, f: NewFailure): string {
  const file = failureFileName(f);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, file);
  if (!existsSync(target)) writeFileSync(target, `${header(f)}\n${f.scenario.endsWith('\n') ? f.scenario : `${f.scenario}\n`}`);
  return file;
}

function field(lines: readonly string[], name: string, file: string): string {
  const prefix = `# ${name}: `;
  const line = lines.find((l) => l.startsWith(prefix));
  if (line === undefined) throw new UsageError(`${file}: not a failure database entry (no "${prefix.trim()}" line); memhp failures clear removes it`);
  return line.slice(prefix.length);
}

function quoted(text: string, name: string, file: string): string {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'string') return v;
  } catch {
    // falls through to the one-line error
  }
  throw new UsageError(`${file}: the ${name} line is not a quoted string`);
}

export function parseFailure(file: string, text: string): SavedFailure {
  const lines = text.split('\n');
  if (!lines[0]?.startsWith(MARK)) throw new UsageError(`${file}: not a failure database entry (first line is not "${MARK}: …"); memhp failures clear removes it`);
  const end = lines.findIndex((l) => !l.startsWith('#'));
  const head = lines.slice(0, end === -1 ? lines.length : end);
  const seed = Number(field(head, 'seed', file));
  if (!Number.isSafeInteger(seed)) throw new UsageError(`${file}: the seed line is not an integer`);
  const injectWord = field(head, 'inject', file);
  const inject = injectWord === 'none' ? [] : injectWord.split(' ');
  const unknown = inject.find((b) => !isBugName(b));
  if (unknown !== undefined) throw new UsageError(`${file}: unknown bug switch "${unknown}" in the inject line`);
  return {
    file,
    profile: field(head, 'profile', file),
    property: field(head, 'property', file),
    inject,
    seed,
    path: quoted(field(head, 'path', file), 'path', file),
    replayPath: quoted(field(head, 'replayPath', file), 'replayPath', file),
    scenario: lines.slice(head.length).join('\n'),
  };
}

/** Every saved failure, sorted by file name; an unreadable or malformed entry is a UsageError. */
export function listFailures(dir: string): SavedFailure[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(EXT))
    .sort()
    .map((f) => {
      let text: string;
      try {
        text = readFileSync(join(dir, f), 'utf8');
      } catch (e) {
        throw new UsageError(`${join(dir, f)}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      return parseFailure(join(dir, f), text);
    });
}

/** Removes every saved failure; returns how many there were. */
export function clearFailures(dir: string): number {
  if (!existsSync(dir)) return 0;
  const files = readdirSync(dir).filter((f) => f.endsWith(EXT));
  for (const f of files) rmSync(join(dir, f));
  return files.length;
}

/** Replays one saved failure under its property's checks, with its switches on. */
export function replayFailure(f: SavedFailure): SavedReplay {
  const property = findProperty(f.property);
  if (property === undefined) throw new UsageError(`${f.file}: unknown property "${f.property}"`);
  let scenario;
  try {
    scenario = parseScenario(f.scenario, f.file);
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(e.message);
    throw e;
  }
  const setup = machineFor(scenario);
  const lock = new Lockstep(setup, property.kinds, property.checks, new Set(f.inject as BugName[]));
  const base = { file: f.file, profile: f.profile, property: f.property, inject: f.inject };
  for (const [i, s] of scenario.steps.entries()) {
    const result = lock.apply(s.step);
    if (result.violations.length > 0) {
      return { ...base, status: 'fails', step: i + 1, checks: [...new Set(result.violations.map((v) => v.check))] };
    }
  }
  return { ...base, status: 'passes' };
}

/** The saved failures that belong to this run (its profiles, properties and exact set of switches), replayed. */
export function replaySaved(
  dir: string,
  profiles: readonly string[],
  properties: readonly string[],
  inject: readonly string[],
): SavedReplay[] {
  const want = [...inject].sort().join(' ');
  return listFailures(dir)
    .filter((f) => profiles.includes(f.profile) && properties.includes(f.property) && [...f.inject].sort().join(' ') === want)
    .map(replayFailure);
}
