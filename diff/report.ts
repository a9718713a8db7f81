/** The report document of `memhp diff` (one pair or a chain of pairs). */
import { profileFromReportDir } from '../reports/report-dir-path.ts';
import { counterexampleInput, counterexampleJson, reportHeader } from '../reports/build.ts';
import type { CounterexampleJson, DifferenceJson, ReportJson } from '../reports/schema.ts';
import { StepStats } from '../properties/stats.ts';
import { findingScenario, kindSlug, sideNames } from './scenario.ts';
import type { DiffResult } from './search.ts';

export interface DiffReportInput {
  readonly seed: number;
  readonly numRuns: number;
  readonly maxSteps: number;
  readonly results: readonly DiffResult[];
  /** The profile arguments as given (names or patch files), for replay commands. */
  readonly args: Readonly<Record<string, string>>;
  readonly chain: boolean;
  /**
   * Where the report goes: its replay commands run from there (as the HTML
   * report says), so a patch profile file is named relative to it.
   */
  readonly reportDir?: string;
}


export function diffReportJson(input: DiffReportInput): ReportJson {
  const counterexamples: CounterexampleJson[] = [];
  const differences: DifferenceJson[] = [];
  const stats = new StepStats();
  for (const r of input.results) {
    stats.merge(r.stats);
    const names = sideNames(r.from, r.to);
    r.findings.forEach((f, i) => {
      const id = `${input.chain ? `${r.from}-${r.to}-` : ''}${String(i + 1).padStart(2, '0')}-${kindSlug(f.kind)}`;
      const file = `counterexamples/${id}.scn`;
      const argA = profileFromReportDir(input.args[r.from] ?? r.from, input.reportDir);
      const argB = profileFromReportDir(input.args[r.to] ?? r.to, input.reportDir);
      counterexamples.push(
        counterexampleJson(
          counterexampleInput({
            id,
            title: `${r.from} → ${r.to}: ${f.kind}`,
            setup: f.a.setup,
            sides: names,
            initial: f.a.initial,
            steps: f.steps.map((step, j) => ({
              step,
              answers: [f.a.answers[j]!, f.b.answers[j]!],
              observations: [f.a.observations[j]!, f.b.observations[j]!],
            })),
            failingStep: f.at >= 0 ? f.at : undefined,
            violations: [{ check: 'diff', impl: `${names[0]} vs ${names[1]}`, message: f.kind }],
            scenario: findingScenario(f, r.from, r.to, input.args),
            replay: {
              seed: f.seed,
              path: f.path,
              replayPath: f.replayPath,
              commands: [`npx memhp replay ${file} --profile ${argA} --impl reference`, `npx memhp replay ${file} --profile ${argB} --impl reference`],
            },
          }),
        ),
      );
      differences.push({ from: r.from, to: r.to, kind: f.kind, steps: f.steps.length, answers: f.at >= 0 ? [f.a.answers[f.at]!, f.b.answers[f.at]!] : ['boot', 'boot'], counterexample: id });
    });
  }
  const profiles = [...new Set(input.results.flatMap((r) => [r.from, r.to]))];
  const n = differences.length;
  const what = input.chain ? `${input.results.length} consecutive pair(s) of ${profiles.length} profiles` : `${input.results[0]?.from ?? '?'} → ${input.results[0]?.to ?? '?'}`;
  return {
    ...reportHeader(),
    command: 'diff',
    seed: input.seed,
    numRuns: input.numRuns,
    maxSteps: input.maxSteps,
    bugs: [],
    profiles,
    status: n === 0 ? 'passed' : 'failed',
    headline: n === 0 ? `${what}: no difference found` : `${what}: ${n} kind(s) of difference, each with a minimal sequence`,
    properties: [],
    counts: stats.sorted(),
    counterexamples,
    differences,
    pairs: input.results.map((r) => ({ from: r.from, to: r.to, searches: r.searches, runs: r.runs, kinds: r.findings.length })),
  };
}
