/**
 * The in-process entry points: a FuzzInput's files written into a fresh
 * directory, then the command function the CLI would call, with the
 * option parsing main.ts does in front of it, and errors turned into
 * stderr and an exit code by the CLI's own reportError path.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errorReport, EXIT_OK } from '../cli/errors.ts';
import { failuresListCommand } from '../cli/failures.ts';
import { bugOptions, implOption, intOption, pathOption, replayPathOption } from '../cli/options.ts';
import { replayCommand } from '../cli/replay.ts';
import { reportCheckCommand } from '../cli/report-check.ts';
import { reportMergeCommand } from '../cli/report-merge.ts';
import { runCommand, type RunOptions } from '../cli/run.ts';
import { parseShard } from '../engine/shard.ts';
import { resolveFixedRunSettings } from '../properties/settings.ts';
import { captured } from './capture.ts';
import type { FuzzInput } from './input.ts';
import type { FailingCase } from './material.ts';

export interface EntryResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const SMALL = 'profile v5.5\ndump\n';

/** Writes the input's files under `dir` (emptied first). */
export function writeInput(input: FuzzInput, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(input.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

function smallRun(dir: string): RunOptions {
  return { seed: 1, numRuns: 1, maxSteps: 3, profiles: ['v5.5'], properties: ['differential'], bugs: new Set(), workers: 1, failuresDir: join(dir, 'failures-db'), out: join(dir, 'out') };
}

function failingRun(dir: string, f: FailingCase, path: string | undefined, replayPath: string | undefined): number {
  return runCommand({
    seed: f.seed,
    numRuns: f.runs,
    maxSteps: f.steps,
    profiles: [f.profile],
    properties: [f.property],
    bugs: bugOptions([f.inject]),
    workers: 1,
    failuresDir: join(dir, 'failures-db'),
    out: join(dir, 'out'),
    ...(path !== undefined ? { path: pathOption(path) } : {}),
    ...(replayPath !== undefined ? { replayPath: replayPathOption(replayPath) } : {}),
  });
}

function optionCommand(input: FuzzInput, dir: string, failing: FailingCase): number {
  const t = input.token ?? '';
  const small = join(dir, 'small.scn');
  writeFileSync(small, SMALL);
  const replay = { impl: 'both' as const, json: false, bugs: new Set<never>(), out: join(dir, 'out') };
  switch (input.option) {
    case 'seed': return runCommand({ ...smallRun(dir), seed: intOption('seed', t, -(2 ** 31), 2 ** 31 - 1) });
    case 'runs': intOption('runs', t, 1, 10_000_000); return EXIT_OK;
    case 'steps': intOption('steps', t, 1, 100_000); return EXIT_OK;
    case 'workers': intOption('workers', t, 1, 1024); return EXIT_OK;
    case 'inject': return replayCommand(small, { ...replay, bugs: bugOptions([t]) });
    case 'impl': return replayCommand(small, { ...replay, impl: implOption(t) });
    case 'profile': return replayCommand(small, { ...replay, profile: t });
    case 'property': return runCommand({ ...smallRun(dir), properties: [t] });
    case 'shard': return runCommand({ ...smallRun(dir), profiles: ['v5.5', 'v6.1', 'v7.3'], shard: parseShard(t) });
    case 'path': return failingRun(dir, failing, t, undefined);
    case 'replay-path': return failingRun(dir, failing, failing.path, t);
    case 'MEMHP_SEED':
    case 'MEMHP_NUM_RUNS':
      resolveFixedRunSettings({ [input.option]: t }, () => 1);
      return EXIT_OK;
    default: throw new Error(`fuzz: unknown option ${String(input.option)}`);
  }
}

function command(input: FuzzInput, dir: string, failing: FailingCase): number {
  const out = join(dir, 'out');
  // One implementation: a valid scenario's replay is most of the fuzz tier's time, and what is fuzzed is the input, not the models.
  const replay = { impl: 'reference' as const, json: false, bugs: new Set<never>(), out };
  switch (input.kind) {
    case 'replay': return replayCommand(join(dir, 'case.scn'), replay);
    case 'profile': {
      const file = Object.keys(input.files).find((f) => f.startsWith('p.profile'))!;
      return replayCommand(join(dir, 'case.scn'), { ...replay, profile: join(dir, file) });
    }
    case 'failures': return failuresListCommand(join(dir, 'failures'));
    case 'report-check': return reportCheckCommand(join(dir, 'report.json'));
    case 'merge': return reportMergeCommand([join(dir, 'a'), join(dir, 'b')], out);
    case 'option': return optionCommand(input, dir, failing);
    case 'run-path': return failingRun(dir, failing, input.token, input.replayPath);
  }
}

/** Runs one input in this process, in `dir`; the outcome as the CLI would show it. */
export function runInput(input: FuzzInput, dir: string, failing: FailingCase, onWritten: () => void = () => {}): EntryResult {
  writeInput(input, dir);
  onWritten();
  const r = captured(() => command(input, dir, failing));
  if (r.error === undefined) return { code: r.value ?? 3, stdout: r.stdout, stderr: r.stderr };
  const { text, code } = errorReport(r.error, '');
  return { code, stdout: r.stdout, stderr: r.stderr + text };
}

/** The same input as `memhp` arguments, for the real CLI (cwd `dir`). */
export function cliArgs(input: FuzzInput, dir: string, failing: FailingCase): { args: string[]; env: Record<string, string> } {
  const out = ['--out', join(dir, 'out')];
  const run = (extra: string[]): string[] => ['run', '--seed', '1', '--runs', '1', '--steps', '3', '--profile', 'v5.5', '--property', 'differential', '--workers', '1', '--failures-dir', join(dir, 'failures-db'), ...out, ...extra];
  const failingRunArgs = (extra: string[]): string[] =>
    ['run', '--seed', String(failing.seed), '--runs', String(failing.runs), '--steps', String(failing.steps), '--profile', failing.profile, '--property', failing.property, '--inject', failing.inject, '--workers', '1', '--failures-dir', join(dir, 'failures-db'), ...out, ...extra];
  // The last of 10000 shards of a run is empty: the options are parsed, nothing is run.
  const nothing = ['--shard', '10000/10000', '--failures-dir', join(dir, 'failures-db'), ...out];
  const small = join(dir, 'small.scn');
  const t = input.token ?? '';
  switch (input.kind) {
    case 'replay': return { args: ['replay', join(dir, 'case.scn'), '--impl', 'reference', ...out], env: {} };
    case 'profile': return { args: ['replay', join(dir, 'case.scn'), '--impl', 'reference', '--profile', join(dir, Object.keys(input.files).find((f) => f.startsWith('p.profile'))!), ...out], env: {} };
    case 'failures': return { args: ['failures', 'list', '--failures-dir', join(dir, 'failures')], env: {} };
    case 'report-check': return { args: ['report', 'check', join(dir, 'report.json')], env: {} };
    case 'merge': return { args: ['report', 'merge', join(dir, 'a'), join(dir, 'b'), ...out], env: {} };
    case 'run-path': return { args: failingRunArgs(['--path', t, ...(input.replayPath !== undefined ? ['--replay-path', input.replayPath] : [])]), env: {} };
    case 'option':
      switch (input.option) {
        case 'seed': return { args: ['run', '--seed', t, ...run([]).slice(3)], env: {} };
        case 'runs': return { args: ['run', '--runs', t, ...nothing], env: {} };
        case 'steps': return { args: ['run', '--steps', t, ...nothing], env: {} };
        case 'workers': return { args: ['run', '--workers', t, ...nothing], env: {} };
        case 'inject': return { args: ['replay', small, '--inject', t, ...out], env: {} };
        case 'impl': return { args: ['replay', small, '--impl', t, ...out], env: {} };
        case 'profile': return { args: ['replay', small, '--profile', t, ...out], env: {} };
        case 'property': return { args: ['run', '--property', t, '--seed', '1', '--runs', '1', '--steps', '3', '--profile', 'v5.5', '--workers', '1', '--failures-dir', join(dir, 'failures-db'), ...out], env: {} };
        case 'shard': return { args: ['run', '--shard', t, '--seed', '1', '--runs', '1', '--steps', '3', '--profile', 'v5.5', '--profile', 'v6.1', '--profile', 'v7.3', '--property', 'differential', '--workers', '1', '--failures-dir', join(dir, 'failures-db'), ...out], env: {} };
        case 'path': return { args: failingRunArgs(['--path', t]), env: {} };
        case 'replay-path': return { args: failingRunArgs(['--path', failing.path, '--replay-path', t]), env: {} };
        case 'MEMHP_SEED':
        case 'MEMHP_NUM_RUNS':
          return { args: ['run', ...nothing], env: { [input.option]: t } };
        default: throw new Error(`fuzz: unknown option ${String(input.option)}`);
      }
  }
}
