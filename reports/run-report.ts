/**
 * The report of a `memhp run`: report.json (everything, stable bytes),
 * summary.md (for CI job summaries) and one scenario file per counterexample.
 * No timestamps or durations: the same command and seed give the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalObservation } from '../model/observation.ts';
import type { PropertyResult } from '../properties/run-property.ts';
import type { StatsTable } from '../properties/stats.ts';
import { printStep } from '../scenario/index.ts';
import { counterexampleText } from './counterexample.ts';
import { stableStringify } from './stable-json.ts';
import { fastCheckVersion, toolVersion } from './versions.ts';

export const REPORT_SCHEMA_VERSION = 1;

export interface RunReportInput {
  readonly seed: number;
  readonly numRuns: number;
  readonly maxSteps: number;
  readonly bugs: readonly string[];
  readonly results: readonly PropertyResult[];
  readonly stats: StatsTable;
}

export function counterexampleFile(r: PropertyResult): string {
  return `counterexamples/${r.profile}-${r.property}.scn`;
}

export function runReportJson(input: RunReportInput): unknown {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    command: 'run',
    tool: { name: 'memhp-conformance', version: toolVersion() },
    fastCheck: fastCheckVersion(),
    node: process.versions.node,
    seed: input.seed,
    numRuns: input.numRuns,
    maxSteps: input.maxSteps,
    bugs: input.bugs,
    counts: input.stats,
    properties: input.results.map((r) => ({
      profile: r.profile,
      property: r.property,
      status: r.status,
      propertySeed: r.seed,
      numRuns: r.numRuns,
      numShrinks: r.numShrinks,
      knownFindings: r.findings,
      interestingStates: r.reached,
      path: r.path,
      replayPath: r.replayPath,
      crash: r.crash,
      counterexample: r.counterexample && {
        file: counterexampleFile(r),
        failingStep: r.counterexample.failingStep + 1,
        violations: r.counterexample.violations.map((v) => ({ check: v.check, impl: v.impl, message: v.message })),
        steps: r.counterexample.steps.map((s, i) => ({
          step: printStep(s),
          outcomes: Object.fromEntries(r.counterexample!.results[i]!.outcomes.map((o) => [o.impl, o.outcome])),
          observation: JSON.parse(canonicalObservation(r.counterexample!.results[i]!.observation)) as unknown,
        })),
      },
    })),
  };
}

function summaryMarkdown(input: RunReportInput): string {
  const failed = input.results.filter((r) => r.status === 'failed').length;
  const lines = [
    `# memhp run, seed ${input.seed}`,
    '',
    `${input.results.length - failed} passed, ${failed} failed (${input.numRuns} runs of up to ${input.maxSteps} steps per property)`,
    '',
    '| profile | property | result | runs | known findings (steps) |',
    '|---|---|---|---|---|',
    ...input.results.map(
      (r) =>
        `| ${r.profile} | ${r.property} | ${r.status} | ${r.numRuns} | ${Object.entries(r.findings).map(([c, n]) => `${c} ${n}`).join(', ') || '—'} |`,
    ),
  ];
  for (const r of input.results.filter((x) => x.counterexample)) {
    lines.push('', `## ${r.profile} › ${r.property}`, '', '```', counterexampleText(r.counterexample!).trimEnd(), '```');
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the report directory and returns the path of report.json. */
export function writeRunReport(dir: string, input: RunReportInput): string {
  mkdirSync(join(dir, 'counterexamples'), { recursive: true });
  for (const r of input.results) {
    if (r.counterexample) writeFileSync(join(dir, counterexampleFile(r)), counterexampleText(r.counterexample));
  }
  writeFileSync(join(dir, 'summary.md'), summaryMarkdown(input));
  const json = join(dir, 'report.json');
  writeFileSync(json, stableStringify(runReportJson(input)));
  return json;
}
