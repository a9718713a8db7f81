/**
 * Shards and their merge. A `memhp run --shard i/n` writes, beside its
 * report, `shard.json`: the whole plan of the run, which slice this shard
 * ran, and its results in full. `memhp report merge DIR…` checks that the
 * shards belong to one run and together cover it exactly once, puts the
 * results back in run order and writes the report the unsharded run would
 * have written, through the same writer.
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { MAX_REPORT_BYTES, readUserFile } from '../base/read-file.ts';
import { shownFile } from '../base/error-line.ts';
import { dirname, join, resolve } from 'node:path';
import type { OutputFile } from '../base/atomic-file.ts';
import { profileNamed } from '../engine/machine.ts';
import { UsageError } from '../base/usage-error.ts';
import { shardItems, workKey, type Shard, type WorkItem } from '../engine/shard.ts';
import type { PropertyResult } from '../properties/run-property.ts';
import { StepStats, sortTable } from '../properties/stats.ts';
import { writeRunReport } from './run-report.ts';
import { z } from 'zod';
import { isBugName } from '../model/bugs.ts';
import { issueLine } from '../base/schema-issue.ts';

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
  /** `memhp run --generation state-aware`; absent for the plain generation (the record is then as it always was). */
  readonly generation?: 'state-aware';
  /** `memhp run --swarm`; absent otherwise. The merged report's re-run lines need it to replay a path. */
  readonly swarm?: true;
  readonly results: readonly PropertyResult[];
}

/** shard.json, written with the shard's report (reports/write.ts) so the two never disagree. */
export function shardRecordFile(record: ShardRecord): OutputFile {
  return { name: SHARD_FILE, data: `${JSON.stringify({ schemaVersion: SHARD_SCHEMA_VERSION, ...record })}\n` };
}

const nat = z.number().int().nonnegative();
const table = z.record(z.string(), z.record(z.string(), nat));
/**
 * What merge reads of a shard record, checked before any of it is used;
 * counterexamples are checked by the report writer (reports/schema.ts).
 */
const shardRecordSchema = z
  .looseObject({
    schemaVersion: z.literal(SHARD_SCHEMA_VERSION),
    shard: z.strictObject({ index: z.number().int().min(1).max(10_000), count: z.number().int().min(1).max(10_000) }).refine((s) => s.index <= s.count, 'index above count'),
    plan: z.array(z.strictObject({ profile: z.string(), property: z.string() })).max(100_000),
    seed: z.number().int(),
    numRuns: nat,
    maxSteps: nat,
    bugs: z.array(z.string().refine(isBugName, 'not a bug switch')),
    generation: z.literal('state-aware').optional(),
    swarm: z.literal(true).optional(),
    results: z.array(
      z.looseObject({
        profile: z.string(),
        property: z.string(),
        status: z.enum(['passed', 'failed']),
        seed: z.number().int(),
        numRuns: nat,
        numShrinks: nat,
        stats: table,
        commands: table.optional(),
        findings: z.record(z.string(), nat),
        reached: z.record(z.string(), nat),
        swarm: z.record(z.string(), nat).optional(),
        path: z.string().optional(),
        replayPath: z.string().optional(),
        crash: z.string().optional(),
        counterexample: z.looseObject({ setup: z.looseObject({ profile: z.looseObject({ name: z.string() }) }) }).optional(),
      }),
    ),
  });

/** A shard's record file: DIR/shard.json, or the file itself. */
const recordFile = (dir: string): string => (existsSync(dir) && statSync(dir).isDirectory() ? join(dir, SHARD_FILE) : dir);

function readShardRecord(dir: string): ShardRecord {
  const file = recordFile(dir);
  if (!existsSync(file)) throw new UsageError(`${shownFile(file)}: no shard record (run memhp run --shard i/n --out ${shownFile(dir)} first)`);
  const text = readUserFile(file, MAX_REPORT_BYTES, 'shard record');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError(`${shownFile(file)}: not a shard record (malformed JSON)`);
  }
  const checked = shardRecordSchema.safeParse(raw);
  if (!checked.success) throw new UsageError(`${shownFile(file)}: not a shard record of schema version ${SHARD_SCHEMA_VERSION} (${issueLine(checked.error)})`);
  return checked.data as unknown as ShardRecord;
}

/** The profile objects of counterexamples come back from their names, as the run built them. */
function rehydrate(r: PropertyResult): PropertyResult {
  const cx = r.counterexample;
  if (cx === undefined) return r;
  return { ...r, counterexample: { ...cx, setup: { ...cx.setup, profile: profileNamed(cx.setup.profile.name) } } };
}

// the generation and swarm join only when they are not the defaults, so the plain run's default merge directory keeps its name
const runOf = (s: ShardRecord): string =>
  JSON.stringify([
    s.seed,
    s.numRuns,
    s.maxSteps,
    s.bugs,
    s.plan.map(workKey),
    s.shard.count,
    ...(s.generation !== undefined ? [s.generation] : []),
    ...(s.swarm === true ? ['swarm'] : []),
  ]);

/**
 * Where a merge writes without --out: a name of its own for this run
 * (`reports/out/run-<seed>-merged-<8 hex of the run's seed, runs, steps,
 * switches, plan and shard count>`), so it never lands on a shard's report
 * or on the report of an unsharded run of other choices.
 */
export function defaultMergeDir(s: ShardRecord): string {
  return join('reports', 'out', `run-${s.seed}-merged-${createHash('sha256').update(runOf(s)).digest('hex').slice(0, 8)}`);
}

/** The path as the file system resolves it, symbolic links included, so two spellings of one directory compare equal. */
function real(path: string): string {
  const full = resolve(path);
  return existsSync(full) ? realpathSync(full) : full;
}

/** A merge into a shard's own report directory would replace the report it reads: refused before any write. */
function refuseShardDir(out: string, dirs: readonly string[], shards: readonly ShardRecord[]): void {
  const target = real(out);
  for (const [i, d] of dirs.entries()) {
    if (real(dirname(recordFile(d))) !== target) continue;
    const s = shards[i]!.shard;
    throw new UsageError(`report merge: ${shownFile(out)} is the report directory of shard ${s.index}/${s.count}; writing the merged report there would replace it (give another --out)`);
  }
}

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
    if (runOf(s) !== runOf(first)) throw new UsageError(`${dirs[i]}: a shard of another run (seed, runs, steps, switches, generation, swarm or selection differ)`);
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
  const dir = out ?? defaultMergeDir(first);
  refuseShardDir(dir, dirs, shards);
  let report: string;
  try {
    report = writeRunReport(dir, {
      seed: first.seed,
      numRuns: first.numRuns,
      maxSteps: first.maxSteps,
      bugs: first.bugs,
      results,
      stats: stats.sorted(),
      generation: sortTable(stats.commands),
      ...(first.generation === 'state-aware' ? { stateAware: true } : {}),
      ...(first.swarm === true ? { swarm: true } : {}),
    });
  } catch (e) {
    // The results came from the shard files: what the writer cannot use, a run could not have written.
    if (e instanceof UsageError || !(e instanceof Error)) throw e;
    throw new UsageError(`report merge: the shard records hold results no run writes (${e.message.split('\n')[0] ?? ''})`);
  }
  return { report, shards: shards.length, results };
}
