/**
 * The report of a `memhp run`: the document behind report.json, summary.md,
 * report.html and one scenario file per counterexample. No timestamps or
 * durations: the same command and seed give the same bytes.
 */
import { Lockstep } from '../engine/lockstep.ts';
import type { BugName } from '../model/bugs.ts';
import type { PropertyResult } from '../properties/run-property.ts';
import type { StatsTable } from '../properties/stats.ts';
import type { SavedReplay } from '../properties/replay-saved.ts';
import { counterexampleInput, counterexampleJson, reportHeader, type CounterexampleInput } from './build.ts';
import { counterexampleText } from './counterexample.ts';
import type { ReportJson } from './schema.ts';
import type { OutputFile } from '../base/atomic-file.ts';
import { writeReport } from './write.ts';
import { DEFAULT_MAX_STEPS, DEFAULT_NUM_RUNS } from '../properties/settings.ts';

export { REPORT_SCHEMA_VERSION } from './schema.ts';

export interface RunReportInput {
  readonly seed: number;
  readonly numRuns: number;
  readonly maxSteps: number;
  readonly bugs: readonly string[];
  readonly results: readonly PropertyResult[];
  readonly stats: StatsTable;
  /** Saved failures replayed before the seeded part (engine/failure-db.ts). */
  readonly saved?: readonly SavedReplay[];
  readonly swarm?: boolean;
  /** --generation state-aware: the re-run command says so. */
  readonly stateAware?: boolean;
  /** Generated commands by operation: generated, executed, skipped by precondition. */
  readonly generation?: StatsTable;
}

/**
 * `--runs`/`--steps` of a re-run command where they are not the defaults: a
 * path replays only in a run of the same size (the default run's lines are
 * as they were).
 */
export function runSize(numRuns: number, maxSteps: number): string {
  return `${numRuns !== DEFAULT_NUM_RUNS ? ` --runs ${numRuns}` : ''}${maxSteps !== DEFAULT_MAX_STEPS ? ` --steps ${maxSteps}` : ''}`;
}

export function counterexampleId(r: PropertyResult): string {
  return `${r.profile}-${r.property}`;
}

export function counterexampleFile(r: PropertyResult): string {
  return `counterexamples/${counterexampleId(r)}.scn`;
}

function runCounterexample(input: RunReportInput, r: PropertyResult): CounterexampleInput | undefined {
  const cx = r.counterexample;
  if (cx === undefined) return undefined;
  const sides = cx.results[0]?.outcomes.map((o) => o.impl) ?? ['reference'];
  const bugs = new Set(input.bugs as BugName[]);
  const initial = new Lockstep(cx.setup, [sides[0]!], { differential: false, invariants: [] }, bugs).observations()[0]!;
  const inject = input.bugs.map((b) => ` --inject ${b}`).join('');
  // Relative to the report directory, so that the bytes do not depend on --out.
  const file = counterexampleFile(r);
  const checks = [...new Set(cx.violations.map((v) => v.check))].join(', ');
  return counterexampleInput({
    id: counterexampleId(r),
    title: `${r.profile} › ${r.property} › step ${cx.failingStep + 1}: ${checks}`,
    setup: cx.setup,
    sides,
    initial,
    steps: cx.steps.map((step, i) => ({
      step,
      answers: cx.results[i]!.outcomes.map((o) => o.outcome),
      observations: cx.results[i]!.observations,
    })),
    failingStep: cx.failingStep,
    violations: cx.violations.map((v) => ({ check: v.check, impl: v.impl, message: v.message })),
    divergence: cx.violations.find((v) => v.divergence !== undefined)?.divergence?.where,
    scenario: counterexampleText(cx),
    replay: {
      seed: input.seed,
      ...(r.path !== undefined ? { path: r.path } : {}),
      ...(r.replayPath !== undefined ? { replayPath: r.replayPath } : {}),
      commands: [
        `npx memhp replay ${file} --impl both${inject}`,
        `npx memhp run --seed ${input.seed}${runSize(input.numRuns, input.maxSteps)} --profile ${r.profile} --property ${r.property} --path "${r.path ?? ''}" --replay-path "${r.replayPath ?? ''}"${inject}${input.swarm === true ? ' --swarm' : ''}${input.stateAware === true ? ' --generation state-aware' : ''}`,
      ],
    },
  });
}

export function runReportJson(input: RunReportInput): ReportJson {
  const failed = input.results.filter((r) => r.status === 'failed').length;
  const saved = input.saved ?? [];
  const stillFailing = saved.filter((s) => s.status === 'still-fails').length;
  const profiles = [...new Set(input.results.map((r) => r.profile))];
  return {
    ...reportHeader(),
    command: 'run',
    seed: input.seed,
    numRuns: input.numRuns,
    maxSteps: input.maxSteps,
    bugs: [...input.bugs],
    profiles,
    status: failed === 0 && stillFailing === 0 ? 'passed' : 'failed',
    headline: `${input.results.length - failed} passed, ${failed} failed (${input.numRuns} runs of up to ${input.maxSteps} steps per property)${saved.length > 0 ? `; saved failures: ${stillFailing} still fail, ${saved.length - stillFailing} now pass` : ''}`,
    counts: input.stats,
    ...(input.generation !== undefined ? { generation: input.generation } : {}),
    properties: input.results.map((r) => ({
      profile: r.profile,
      property: r.property,
      status: r.status,
      propertySeed: r.seed,
      numRuns: r.numRuns,
      numShrinks: r.numShrinks,
      knownFindings: { ...r.findings },
      interestingStates: { ...r.reached },
      ...(r.swarm !== undefined ? { swarmEnabled: { ...r.swarm } } : {}),
      ...(r.path !== undefined ? { path: r.path } : {}),
      ...(r.replayPath !== undefined ? { replayPath: r.replayPath } : {}),
      ...(r.crash !== undefined ? { crash: r.crash } : {}),
      ...(r.counterexample !== undefined ? { counterexample: counterexampleId(r) } : {}),
    })),
    ...(saved.length > 0
      ? {
          savedFailures: saved.map((s) => ({
            file: s.file,
            profile: s.profile,
            property: s.property,
            status: s.status,
            ...(s.failingStep !== undefined ? { failingStep: s.failingStep } : {}),
            checks: [...s.checks],
          })),
        }
      : {}),
    counterexamples: input.results.flatMap((r) => {
      const c = runCounterexample(input, r);
      return c === undefined ? [] : [counterexampleJson(c)];
    }),
  };
}

/** Writes the report directory and returns the path of report.json. */
export function writeRunReport(dir: string, input: RunReportInput, extra: readonly OutputFile[] = []): string {
  return writeReport(dir, runReportJson(input), extra);
}
