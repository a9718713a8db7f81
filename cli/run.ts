/**
 * `memhp run`: the conformance run. Every profile × property as a seeded
 * fast-check model-based run; a summary on stdout, a report on disk, and for
 * each failure the shrunk counterexample as a runnable scenario.
 */
import { join } from 'node:path';
import { resolveProfile } from '../engine/machine.ts';
import { UsageError } from '../base/usage-error.ts';
import type { BugName } from '../model/bugs.ts';
import type { Profile } from '../model/profile.ts';
import { PROFILES } from '../model/profiles/index.ts';
import { INTERESTING_STATES } from '../properties/coverage.ts';
import { DEFAULT_PROPERTIES, findProperty, propertyNames, type PropertyDefinition } from '../properties/catalogue.ts';
import { runProperty, type PropertyResult } from '../properties/run-property.ts';
import { deriveSeed, seedName } from '../properties/seeds.ts';
import { StepStats, sortTable, type StatsTable } from '../properties/stats.ts';
import { counterexampleText } from '../reports/counterexample.ts';
import { counterexampleFile, writeRunReport } from '../reports/run-report.ts';
import { prepareReportDir } from '../reports/write.ts';
import { EXIT_FAILED, EXIT_OK } from './errors.ts';
import { excerpt } from '../base/error-line.ts';
import { progress } from './progress.ts';
import { formatKtap, type KtapTest } from '../reports/ktap.ts';
import { shardItems, type Shard } from '../engine/shard.ts';
import { defaultWorkers, runWork, type WorkRequest } from '../properties/workers.ts';
import { shardRecordFile } from '../reports/merge.ts';
import { loadFailures, saveFailure } from '../engine/failure-db.ts';
import { replaySaved, type SavedReplay } from '../properties/replay-saved.ts';
import { prepareOutputDir, removeStaleTemps } from '../base/atomic-file.ts';
import { stopNote, uninterruptible } from '../base/interruption.ts';
import { defaultRunDir } from './run-dir.ts';
import { refuseInertSwitches } from './inject-reach.ts';
import { runSize } from '../reports/run-report.ts';

export interface RunOptions {
  readonly seed: number;
  readonly numRuns: number;
  readonly maxSteps: number;
  readonly profiles: readonly string[];
  readonly properties: readonly string[];
  readonly path?: string;
  readonly replayPath?: string;
  readonly bugs: ReadonlySet<BugName>;
  readonly out?: string;
  /** Worker threads (default: the number of cores); 1 runs everything in this thread. */
  readonly workers?: number;
  /** Run only this slice of profiles × properties (engine/shard.ts). */
  readonly shard?: Shard;
  /** The failure database (engine/failure-db.ts): replayed first, written as each failure is found. */
  readonly failuresDir: string;
  /** Swarm testing: each run generates a random subset of the operations (properties/swarm.ts). */
  readonly swarm?: boolean;
  /** --generation state-aware: intents resolved with the biases of properties/state-aware.ts. */
  readonly stateAware?: boolean;
  /** `ktap`: stdout carries only KTAP, one test point per profile × property. */
  readonly format?: 'text' | 'ktap';
}

/** One test point per profile × property: known findings and, for a failure, its first lines as diagnostics. */
export function runKtap(results: readonly PropertyResult[], opts: RunOptions, dir: string, headline: string, saved: readonly SavedReplay[] = []): string {
  const replays: KtapTest[] = saved.map((s) => ({
    name: `saved failure ${s.file}`,
    ok: s.status === 'now-passes',
    diagnostics: s.status === 'still-fails' ? [`still fails${s.failingStep !== undefined ? ` at step ${s.failingStep + 1}` : ''}: ${s.checks.join(', ')}`] : [],
  }));
  const tests: KtapTest[] = results.map((r) => {
    const known = Object.entries(r.findings).map(([check, n]) => `known finding of ${r.profile}: ${check} on ${n} steps`);
    const failure = r.status === 'failed' ? failureBlock(r, opts, dir, undefined).trimEnd().split('\n') : [];
    return { name: `${r.profile} ${r.property}`, ok: r.status === 'passed', diagnostics: [...known, ...failure] };
  });
  return formatKtap([...replays, ...tests], [headline]);
}

function selectedProperties(names: readonly string[]): PropertyDefinition[] {
  if (names.length === 0) return [...DEFAULT_PROPERTIES];
  return names.map((n) => {
    const p = findProperty(n);
    if (p === undefined) throw new UsageError(`unknown property ${excerpt(n)} (known: ${propertyNames().join(', ')})`);
    return p;
  });
}

export function runCommand(opts: RunOptions): number {
  const profiles: Profile[] = opts.profiles.length === 0 ? [...PROFILES] : opts.profiles.map(resolveProfile);
  const properties = selectedProperties(opts.properties);
  if ((opts.path !== undefined || opts.replayPath !== undefined) && profiles.length * properties.length !== 1) {
    throw new UsageError('--path and --replay-path replay one case: give exactly one --profile and one --property');
  }
  refuseInertSwitches(opts.bugs, profiles);
  const dir = opts.out ?? defaultRunDir(opts);
  // Both directories are proven writable before any work: a bad --out costs nothing but one line.
  prepareReportDir(dir);
  prepareOutputDir(opts.failuresDir, 'failures directory');
  removeStaleTemps(opts.failuresDir);
  const stats = new StepStats();
  const bar = progress();
  // with --format ktap the summary is left out and stdout carries KTAP only
  const text = (s: string): void => {
    if (opts.format !== 'ktap') process.stdout.write(s);
  };
  const all = profiles.flatMap((profile) => properties.map((property) => ({ profile, property })));
  const items = shardItems(all, opts.shard);
  const savedNow: string[] = [];
  const note = (done: number): void =>
    stopNote(
      `after ${done} of ${items.length} profile × property items; ${savedNow.length} failure${savedNow.length === 1 ? '' : 's'} saved in ${opts.failuresDir}; no report written`,
    );
  stopNote(`while replaying the saved failures of ${opts.failuresDir}, before any of ${items.length} profile × property items; no report written`);
  // Saved failures first, apart from the seeded part: they never change what it draws.
  const saved = replaySavedFailures(opts, items);
  note(0);
  const requests: WorkRequest[] = items.map(({ profile, property }) => ({
    profile: profile.name,
    property: property.name,
    seed: deriveSeed(opts.seed, `${seedName(profile)}/${property.name}`),
    numRuns: opts.numRuns,
    maxSteps: opts.maxSteps,
    bugs: [...opts.bugs],
    ...(opts.path !== undefined ? { path: opts.path } : {}),
    ...(opts.replayPath !== undefined ? { replayPath: opts.replayPath } : {}),
    ...(opts.swarm === true ? { swarm: true } : {}),
    ...(opts.stateAware === true ? { stateAware: true } : {}),
  }));
  const results = runWork(
    requests,
    opts.workers ?? defaultWorkers(),
    (req) => {
      const { profile, property } = items[requests.indexOf(req)]!;
      return runProperty({
        profile,
        property,
        seed: req.seed,
        numRuns: req.numRuns,
        maxSteps: req.maxSteps,
        bugs: opts.bugs,
        ...(req.path !== undefined ? { path: req.path } : {}),
        ...(req.replayPath !== undefined ? { replayPath: req.replayPath } : {}),
        ...(req.swarm === true ? { swarm: true } : {}),
        ...(req.stateAware === true ? { stateAware: true } : {}),
      });
    },
    (r, k) => {
      stats.merge(r.stats);
      stats.merge(r.commands, stats.commands);
      bar.done();
      // Saved as the item ends, and counted in the stop note before anything is printed: a stop later loses nothing found.
      let block = '';
      uninterruptible(() => {
        if (r.status === 'failed') {
          const name = saveNewFailure(opts, r);
          if (name !== undefined && !savedNow.includes(name)) savedNow.push(name);
          block = failureBlock(r, opts, dir, name);
        }
        note(k + 1);
      });
      const known = Object.entries(r.findings).map(([check, n]) => `${check} on ${n} steps`);
      text(
        `  ${r.profile.padEnd(8)} ${r.property.padEnd(22)} ${r.status.padEnd(7)} ${r.numRuns} runs${known.length > 0 ? `; known findings: ${known.join(', ')}` : ''}\n${block}`,
      );
      if (k + 1 < requests.length) bar.update(`memhp run: ${k + 1}/${requests.length} profile × property items done`);
    },
  );
  bar.done();
  // the note changes with the files, so a stop never says "no report" beside a written one
  const report = uninterruptible(() => {
    const json = writeRunReport(
      dir,
      {
        seed: opts.seed,
        numRuns: opts.numRuns,
        maxSteps: opts.maxSteps,
        bugs: [...opts.bugs].sort(),
        results,
        stats: stats.sorted(),
        generation: sortTable(stats.commands),
        saved,
        ...(opts.swarm === true ? { swarm: true } : {}),
        ...(opts.stateAware === true ? { stateAware: true } : {}),
      },
      opts.shard === undefined
        ? []
        : [
            shardRecordFile({
              shard: opts.shard,
              plan: all.map(({ profile, property }) => ({ profile: profile.name, property: property.name })),
              seed: opts.seed,
              numRuns: opts.numRuns,
              maxSteps: opts.maxSteps,
              bugs: [...opts.bugs].sort(),
              ...(opts.stateAware === true ? { generation: 'state-aware' as const } : {}),
              ...(opts.swarm === true ? { swarm: true as const } : {}),
              results,
            }),
          ],
    );
    stopNote(`after all ${items.length} profile × property items; report written to ${json}`);
    return json;
  });
  text(generationTable(stats.commands));
  text(countsTable(stats.sorted()));
  text(reachedTable(results));
  if (results.some((r) => r.swarm !== undefined)) text(swarmTable(results));
  const failed = results.filter((r) => r.status === 'failed').length;
  const stillFailing = saved.filter((s) => s.status === 'still-fails').length;
  if (savedNow.length > 0) text(`failures saved to ${opts.failuresDir}: ${savedNow.join(', ')}\n`);
  text(`report: ${report}\n`);
  if (opts.shard !== undefined) text(`shard ${opts.shard.index}/${opts.shard.count}: ${results.length} of ${all.length} profile × property items\n`);
  if (opts.format === 'ktap') {
    process.stdout.write(runKtap(results, opts, dir, `memhp run: seed ${opts.seed}, ${results.length - failed} passed, ${failed} failed; report: ${report}`, saved));
  }
  text(
    `memhp run: seed ${opts.seed}, ${profiles.length} profile(s) × ${properties.length} propert${properties.length === 1 ? 'y' : 'ies'}: ${results.length - failed} passed, ${failed} failed${saved.length > 0 ? `; saved failures: ${stillFailing} still fail, ${saved.length - stillFailing} now pass` : ''}\n`,
  );
  return failed === 0 && stillFailing === 0 ? EXIT_OK : EXIT_FAILED;
}

/** The saved failures of the profiles, properties and bug switches being run, replayed and printed. */
function replaySavedFailures(opts: RunOptions, items: ReadonlyArray<{ profile: Profile; property: PropertyDefinition }>): SavedReplay[] {
  const bugs = [...opts.bugs].sort().join(' ');
  const out: SavedReplay[] = [];
  const { failures, unreadable } = loadFailures(opts.failuresDir);
  for (const line of unreadable) process.stderr.write(`memhp: ${line}\n`);
  for (const f of failures) {
    const item = items.find((it) => it.profile.name === f.profile && it.property.name === f.property);
    if (item === undefined || [...f.bugs].sort().join(' ') !== bugs) continue;
    out.push(replaySaved(f, item.property));
  }
  if (out.length === 0) return out;
  const still = out.filter((s) => s.status === 'still-fails').length;
  const lines = [`saved failures (${opts.failuresDir}): ${out.length} replayed, ${still} still fail, ${out.length - still} now pass`];
  for (const s of out) {
    const what = s.failingStep !== undefined ? `  step ${s.failingStep + 1}: ${s.checks.join(', ')}` : '';
    lines.push(`  ${s.status === 'still-fails' ? 'still fails' : 'now passes '}  ${s.file}${what}`);
  }
  if (opts.format !== 'ktap') process.stdout.write(`${lines.join('\n')}\n`);
  return out;
}

/** A new counterexample into the failure database; returns its file name (none for a crash without one). */
function saveNewFailure(opts: RunOptions, r: PropertyResult): string | undefined {
  if (r.counterexample === undefined) return undefined;
  return saveFailure(opts.failuresDir, {
    profile: r.profile,
    property: r.property,
    seed: opts.seed,
    ...(r.path !== undefined ? { path: r.path } : {}),
    ...(r.replayPath !== undefined ? { replayPath: r.replayPath } : {}),
    bugs: [...opts.bugs],
    ...(opts.stateAware === true ? { generation: 'state-aware' as const } : {}),
    scenario: counterexampleText(r.counterexample),
  });
}

/**
 * The failure as printed when its item ends. The report's copy of the
 * counterexample is written at the end of the run; the failure database's
 * copy exists now, so the replay command names that one.
 */
function failureBlock(r: PropertyResult, opts: RunOptions, dir: string, savedName: string | undefined): string {
  const cx = r.counterexample;
  const inject = [...opts.bugs].map((b) => ` --inject ${b}`).join('');
  // how the steps were generated: the re-run needs it, the replay of the steps does not (memhp replay takes neither)
  const generation = (opts.swarm === true ? ' --swarm' : '') + (opts.stateAware === true ? ' --generation state-aware' : '');
  const lines: string[] = [];
  const what = cx ? `step ${cx.failingStep + 1}: ${[...new Set(cx.violations.map((v) => v.check))].join(', ')}` : (r.crash ?? 'failed');
  lines.push(`memhp: ${r.profile} › ${r.property} › ${what}`);
  lines.push(`  seed ${opts.seed}  path "${r.path ?? ''}"  replayPath "${r.replayPath ?? ''}"`);
  if (cx) {
    const file = join(dir, counterexampleFile(r));
    const db = savedName !== undefined ? join(opts.failuresDir, savedName) : file;
    lines.push(savedName !== undefined ? `  counterexample (${db}; ${file} once the report is written):` : `  counterexample (${file}):`);
    lines.push(...counterexampleText(cx).trimEnd().split('\n').map((l) => `    ${l}`));
    for (const v of cx.violations) lines.push(`  ${v.check} (${v.impl}): ${v.message}`);
    lines.push(`  replay: npx memhp replay ${db} --impl both${inject}`);
  }
  lines.push(
    `  re-run: npx memhp run --seed ${opts.seed}${runSize(opts.numRuns, opts.maxSteps)} --profile ${r.profile} --property ${r.property} --path "${r.path ?? ''}" --replay-path "${r.replayPath ?? ''}"${inject}${generation}`,
  );
  return `${lines.join('\n')}\n`;
}

function countsTable(table: Record<string, Record<string, number>>): string {
  const lines = ['per-command counts (executed steps by answer):'];
  for (const [op, row] of Object.entries(table)) {
    lines.push(`  ${op.padEnd(20)} ${Object.entries(row).map(([o, n]) => `${o} ${n}`).join('  ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function reachedTable(results: readonly PropertyResult[]): string {
  const lines = ['interesting states (runs that reached them):'];
  for (const st of INTERESTING_STATES) {
    const n = results.reduce((sum, r) => sum + (r.reached[st.name] ?? 0), 0);
    lines.push(`  ${st.name.padEnd(34)} ${String(n).padStart(6)}  ${st.describe}`);
  }
  return `${lines.join('\n')}\n`;
}

function swarmTable(results: readonly PropertyResult[]): string {
  const total: Record<string, number> = {};
  for (const r of results) for (const [op, n] of Object.entries(r.swarm ?? {})) total[op] = (total[op] ?? 0) + n;
  const lines = ['swarm (runs with each operation enabled):'];
  for (const op of Object.keys(total).sort()) lines.push(`  ${op.padEnd(20)} ${String(total[op]).padStart(6)}`);
  return `${lines.join('\n')}\n`;
}

function generationTable(table: StatsTable): string {
  const lines = ['per-command generation (generated = executed + skipped by precondition):'];
  for (const [op, row] of Object.entries(sortTable(table))) {
    lines.push(`  ${op.padEnd(20)} generated ${row.generated ?? 0}  executed ${row.executed ?? 0}  skipped ${row.skipped ?? 0}`);
  }
  return `${lines.join('\n')}\n`;
}
