/**
 * What the generators mutate: every scenario and JSON file under
 * scenarios/, regressions/ and oracle/corpus/, the patch profiles, and
 * files memhp itself writes — a replay's report.json, the two shard.json of
 * one sharded run, and a real failing case's path and replayPath (from the
 * B-5 entry of regressions/, found again from scratch). Built once by the
 * parent and handed to every child, so all of them mutate the same bytes.
 */
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replayCommand } from '../cli/replay.ts';
import { runCommand } from '../cli/run.ts';
import { SHARD_FILE } from '../reports/merge.ts';
import { quietly } from './capture.ts';

export const REPO = fileURLToPath(new URL('..', import.meta.url));

export interface Named {
  readonly name: string;
  readonly text: string;
}

export interface FailingCase {
  readonly seed: number;
  readonly runs: number;
  readonly steps: number;
  readonly profile: string;
  readonly property: string;
  readonly inject: string;
  readonly path: string;
  readonly replayPath: string;
}

export interface Material {
  readonly scenarios: readonly Named[];
  readonly jsonFiles: readonly Named[];
  readonly profiles: readonly Named[];
  readonly report: string;
  readonly shards: readonly [string, string];
  readonly failing: FailingCase;
  /** Every whitespace-separated word of the scenarios, sorted: tokens to stir in. */
  readonly vocabulary: readonly string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

/** The repository's own input files, by extension, in a fixed order. */
export function repoFiles(ext: string): Named[] {
  return ['scenarios', 'regressions', join('oracle', 'corpus')]
    .flatMap((d) => walk(join(REPO, d)))
    .filter((f) => f.endsWith(ext))
    .map((f) => ({ name: relative(REPO, f), text: readFileSync(f, 'utf8') }));
}

/** B-5 (regressions/B-05-shrink-pgdat-uninit/meta.json): found from scratch with seed 4, 300 runs, 20 steps. */
const B5 = { seed: 4, runs: 300, steps: 20, profile: 'v5.5', property: 'no-uninit-memmap-read', inject: 'remove-reads-zone' } as const;

/**
 * `failing` skips the search for B-5's path (seconds of shrinking): the
 * fast-tier test passes one it recorded, since a stale path is only one
 * more malformed token.
 */
function findB5(work: string): FailingCase {
  const found = join(work, 'b5');
  quietly(() =>
    runCommand({ seed: B5.seed, numRuns: B5.runs, maxSteps: B5.steps, profiles: [B5.profile], properties: [B5.property], bugs: new Set([B5.inject]), workers: 1, failuresDir: join(work, 'failures'), out: found }),
  );
  const entry = (JSON.parse(readFileSync(join(found, 'report.json'), 'utf8')) as { properties: Array<{ path?: string; replayPath?: string }> }).properties[0];
  if (entry?.path === undefined || entry.replayPath === undefined) throw new Error('fuzz material: the B-5 run did not fail: no path to mutate');
  return { ...B5, path: entry.path, replayPath: entry.replayPath };
}

export function buildMaterial(work: string, failing?: FailingCase): Material {
  mkdirSync(work, { recursive: true });
  const scenarios = repoFiles('.scn');
  const jsonFiles = repoFiles('.json');
  const profiles = jsonFiles.filter((f) => f.name.endsWith('.profile.json'));
  const small = scenarios.find((s) => s.name.endsWith('pins.scn')) ?? scenarios[0]!;
  const report = join(work, 'replay');
  quietly(() => replayCommand(join(REPO, small.name), { impl: 'both', json: false, bugs: new Set(), out: report }));
  const runOpts = { seed: 7, numRuns: 2, maxSteps: 5, profiles: ['v5.5', 'v6.1'], properties: ['differential'], bugs: new Set<never>(), workers: 1, failuresDir: join(work, 'failures') };
  const shards = [1, 2].map((index) => {
    const out = join(work, `shard-${index}`);
    quietly(() => runCommand({ ...runOpts, shard: { index, count: 2 }, out }));
    return readFileSync(join(out, SHARD_FILE), 'utf8');
  }) as [string, string];
  const vocabulary = [...new Set(scenarios.flatMap((s) => s.text.split(/\s+/)).filter((w) => w !== ''))].sort();
  return {
    scenarios,
    jsonFiles,
    profiles,
    report: readFileSync(join(report, 'report.json'), 'utf8'),
    shards,
    failing: failing ?? findB5(work),
    vocabulary,
  };
}
