/** The report document of `memhp replay FILE`: the scenario as one case, with the state after every step. */
import type { BoundedReplay, ReplayResult } from '../engine/replay.ts';
import type { Observation } from '../model/observation.ts';
import { StepStats } from '../properties/stats.ts';
import { counterexampleInput, counterexampleJson, reportHeader } from './build.ts';
import { profileFromReportDir } from './report-dir-path.ts';
import type { ReportJson } from './schema.ts';

/** A report directory and id from a scenario file name: `scenarios/examples/faults.scn` → `faults`. */
export function replayName(file: string): string {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.scn$/, '');
  return base.replace(/[^A-Za-z0-9._+-]+/g, '_').replace(/^[._-]+/, '') || 'scenario';
}

/** Every side's state after step `i` (0-based), where the replay kept it. */
function statesAfter(r: ReplayResult | BoundedReplay, i: number): readonly Observation[] | undefined {
  return 'kept' in r ? r.kept.get(i) : r.steps[i]?.result.observations;
}

/**
 * The report's replay command runs from the report directory (as report.html
 * says): it names the report's own copy of the scenario, and a patch profile
 * file relative to `reportDir`.
 */
export function replayReportJson(file: string, text: string, r: ReplayResult | BoundedReplay, bugs: readonly string[], profileArg?: string, reportDir?: string): ReportJson {
  const stats = new StepStats();
  for (const s of r.steps) stats.count(s.source.step, s.result.outcomes[0]?.outcome ?? 'ok');
  const failing = r.steps.findIndex((s) => s.unmet !== undefined || s.result.violations.length > 0);
  const bad = failing >= 0 ? r.steps[failing]! : undefined;
  const violations = bad === undefined ? [] : [
    ...(bad.unmet !== undefined ? [{ check: 'expectation', impl: r.kinds.join(' vs '), message: `expected ${bad.unmet.expected}, got ${bad.unmet.got.map((g) => `${g.impl} ${g.outcome}`).join(', ')}` }] : []),
    ...bad.result.violations.map((v) => ({ check: v.check, impl: v.impl, message: v.message })),
  ];
  const inject = bugs.map((b) => ` --inject ${b}`).join('');
  const id = replayName(file);
  const passed = r.passed;
  return {
    ...reportHeader(),
    command: 'replay',
    seed: null,
    bugs: [...bugs],
    profiles: [r.setup.profile.name],
    status: passed ? 'passed' : 'failed',
    headline: passed
      ? `${r.steps.length} steps, every expectation held${r.kinds.length > 1 ? ', implementations agree' : ''}`
      : `failed at step ${failing + 1}: ${violations.map((v) => v.check).join(', ')}`,
    file,
    properties: [],
    counts: stats.sorted(),
    counterexamples: [
      counterexampleJson(
        counterexampleInput({
          id,
          title: `${file} (${r.setup.profile.name}, ${r.kinds.join(' + ')})`,
          setup: r.setup,
          sides: r.kinds,
          initial: r.initial,
          steps: r.steps.map((s, i) => {
            const observations = statesAfter(r, i);
            return {
              step: s.source.step,
              answers: s.result.outcomes.map((o) => o.outcome),
              ...(observations !== undefined ? { observations } : {}),
              ...(s.source.expect !== undefined ? { expected: s.source.expect } : {}),
            };
          }),
          failingStep: failing >= 0 ? failing : undefined,
          violations,
          divergence: bad?.result.violations.find((v) => v.divergence !== undefined)?.divergence?.where,
          scenario: text,
          replay: {
            commands: [
              `npx memhp replay counterexamples/${id}.scn${profileArg !== undefined ? ` --profile ${profileFromReportDir(profileArg, reportDir)}` : ''} --impl ${r.kinds.length > 1 ? 'both' : r.kinds[0]!}${inject}`,
            ],
          },
        }),
      ),
    ],
  };
}
