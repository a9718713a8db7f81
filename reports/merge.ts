/**
 * Shards and their merge. A `memhp run --shard i/n` writes, beside its
 * report, `shard.json`: the whole plan of the run, which slice this shard
 * ran, and its results in full. `memhp report merge DIR…` checks that the
 * shards belong to one run and together cover it exactly once, puts the
 * results back in run order and writes the report the unsharded run would
 * have written, through the same writer.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { MAX_REPORT_BYTES, readUserFile } from '../cli/read-file.ts';
import { shownFile } from '../cli/error-line.ts';
import { join } from 'node:path';
import { UsageError, resolveProfile } from '../engine/machine.ts';
import { shardItems, workKey, type Shard, type WorkItem } from '../engine/shard.ts';
import type { PropertyResult } from '../properties/run-property.ts';
import { StepStats, sortTable } from '../properties/stats.ts';
import { writeRunReport } from './run-report.ts';

export const SHARD_FILE = 'shard.json';
const SHARD_SCHEMA_VERSION = 1;

export interface ShardRecord {
  readonly shard: Shard;
  /** Every profile × property of the whole run, in run order. */
  readonly plan: readonly WorkItem[];
  readonly seed: number;
  readonly numRuns: number;
  readonly maxSteps: number;
  readonly bugs: readonly string[];
  readonly results: readonly PropertyResult[];
}

export function writeShardRecord(dir: string, record: ShardRecord): void {
  writeFileSync(join(dir, SHARD_FILE), `${JSON.stringify({ schemaVersion: SHARD_SCHEMA_VERSION, ...record })}\n`);
}

function readShardRecord(dir: string): ShardRecord {
  const file = existsSync(dir) && statSync(dir).isDirectory() ? join(dir, SHARD_FILE) : dir;
  if (!existsSync(file)) throw new UsageError(`${shownFile(file)}: no shard record (run memhp run --shard i/n --out ${shownFile(dir)} first)`);
  const text = readUserFile(file, MAX_REPORT_BYTES, 'shard record');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError(`${shownFile(file)}: not a shard record (malformed JSON)`);
  }
  const r = raw as Partial<ShardRecord> & { schemaVersion?: unknown };
  if (
    typeof raw !== 'object' || raw === null || r.schemaVersion !== SHARD_SCHEMA_VERSION ||
    typeof r.shard?.index !== 'number' || typeof r.shard.count !== 'number' || !Array.isArray(r.plan) ||
    !Array.isArray(r.results) || typeof r.seed !== 'number' || typeof r.numRuns !== 'number' ||
    typeof r.maxSteps !== 'number' || !Array.isArray(r.bugs)
  ) {
    throw new UsageError(`${shownFile(file)}: not a shard record of schema version ${SHARD_SCHEMA_VERSION}`);
  }
  return r as ShardRecord;
}

/** The profile objects of counterexamples come back from their names, as the run built them. */
function rehydrate(r: PropertyResult): PropertyResult {
  const cx = r.counterexample;
  if (cx === undefined) return r;
  return { ...r, counterexample: { ...cx, setup: { ...cx.setup, profile: resolveProfile(cx.setup.profile.name) } } };
}

const runOf = (s: ShardRecord): string =>
  JSON.stringify([s.seed, s.numRuns, s.maxSteps, s.bugs, s.plan.map(workKey), s.shard.count]);

export interface MergeOutcome {
  readonly report: string;
  readonly shards: number;
  readonly results: readonly PropertyResult[];
}

/** Merges the shard records found in `dirs` into one report in `out`. */
export function mergeShards(dirs: readonly string[], out: string | undefined): MergeOutcome {
  if (dirs.length === 0) throw new UsageError('report merge: give the report directories of the shards');
  const shards = dirs.map(readShardRecord);
  const first = shards[0]!;
  for (const [i, s] of shards.entries()) {
    if (runOf(s) !== runOf(first)) throw new UsageError(`${dirs[i]}: a shard of another run (seed, runs, steps, switches or selection differ)`);
  }
  const seen = new Set<number>();
  for (const [i, s] of shards.entries()) {
    if (seen.has(s.shard.index)) throw new UsageError(`${dirs[i]}: shard ${s.shard.index}/${s.shard.count} given twice`);
    seen.add(s.shard.index);
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new UsageError(`report merge: shard(s) ${missing.map((i) => `${i}/${first.shard.count}`).join(', ')} missing`);
  const byKey = new Map<string, PropertyResult>();
  for (const [i, s] of shards.entries()) {
    const want = shardItems(s.plan, s.shard).map(workKey);
    const got = s.results.map((r) => `${r.profile}/${r.property}`);
    if (JSON.stringify(want) !== JSON.stringify(got)) throw new UsageError(`${dirs[i]}: results do not match shard ${s.shard.index}/${s.shard.count} of the plan`);
    for (const r of s.results) byKey.set(`${r.profile}/${r.property}`, rehydrate(r));
  }
  const results = first.plan.map((item) => byKey.get(workKey(item))!);
  const stats = new StepStats();
  for (const r of results) {
    stats.merge(r.stats);
    stats.merge(r.commands ?? {}, stats.commands);
  }
  const dir = out ?? join('reports', 'out', `run-${first.seed}`);
  const report = writeRunReport(dir, {
    seed: first.seed,
    numRuns: first.numRuns,
    maxSteps: first.maxSteps,
    bugs: first.bugs,
    results,
    stats: stats.sorted(),
    generation: sortTable(stats.commands),
  });
  return { report, shards: shards.length, results };
}
