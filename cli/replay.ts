/** `memhp replay FILE`: run a scenario and show each step's answer. */
import { implKinds, type ImplChoice } from '../engine/implementations.ts';
import { machineFor } from '../engine/machine.ts';
import { replaySteps, type ReplayResult } from '../engine/replay.ts';
import type { BugName } from '../model/bugs.ts';
import { canonicalObservation } from '../model/observation.ts';
import { parseScenario, printStep } from '../scenario/index.ts';
import { EXIT_FAILED, EXIT_OK } from './errors.ts';
import { divergenceLines, stepLine } from './format-step.ts';
import { readUserFile } from '../base/read-file.ts';
import { join } from 'node:path';
import { loadPatchProfile, looksLikeProfileFile } from '../engine/patch-profile.ts';
import { replayName, replayReportJson } from '../reports/replay-report.ts';
import { prepareReportDir, writeReport } from '../reports/write.ts';
import { stopNote, uninterruptible } from '../base/interruption.ts';
import { diagramBlocks, type StepDiagrams } from '../reports/diagram/text.ts';
import { useColour } from './colour.ts';
import { refuseInertSwitches } from './inject-reach.ts';

export interface ReplayOptions {
  readonly profile?: string;
  readonly impl: ImplChoice;
  readonly json: boolean;
  readonly bugs: ReadonlySet<BugName>;
  /** Print an ASCII diagram of physical memory after every step. */
  readonly diagram?: boolean;
  /** Report directory (default reports/out/replay-<file name>). */
  readonly out?: string;
}

export function replayCommand(file: string, opts: ReplayOptions): number {
  const text = readUserFile(file);
  const scenario = parseScenario(text, file);
  // A patch profile file overrides the scenario's profile like a name does.
  const patch = opts.profile !== undefined && looksLikeProfileFile(opts.profile) ? loadPatchProfile(opts.profile) : undefined;
  const base = machineFor(scenario, patch === undefined ? opts.profile : undefined);
  const setup = patch === undefined ? base : { ...base, profile: patch };
  // a switch that cannot act on this profile would make a replay pass that says nothing about it
  refuseInertSwitches(opts.bugs, [setup.profile]);
  const dir = opts.out ?? join('reports', 'out', `replay-${replayName(file)}`);
  prepareReportDir(dir);
  stopNote(`while replaying ${file}; no report written`);
  const result = replaySteps(setup, scenario.steps, implKinds(opts.impl), opts.bugs);
  const doc = replayReportJson(file, text, result, [...opts.bugs].sort(), opts.profile, dir);
  const report = uninterruptible(() => {
    const json = writeReport(dir, doc);
    stopNote(`after replaying ${file}; report written to ${json}`);
    return json;
  });
  if (opts.json) process.stdout.write(`${JSON.stringify(jsonRecord(file, result), null, 2)}\n`);
  else {
    const diagrams = opts.diagram ? diagramBlocks(doc.counterexamples[0]!, useColour(process.stdout)) : undefined;
    process.stdout.write(textReport(file, result, diagrams));
    process.stdout.write(`report: ${report}\n`);
  }
  return result.passed ? EXIT_OK : EXIT_FAILED;
}

/** Diagram lines sit under the step they show, indented past its number. */
const DIAGRAM_INDENT = '      ';

function textReport(file: string, r: ReplayResult, diagrams?: StepDiagrams): string {
  const lines = [`memhp replay ${file}  profile ${r.setup.profile.name}  geometry ${r.setup.geometry.name}  impl ${r.kinds.join('+')}`];
  if (diagrams !== undefined) lines.push(...diagrams.boot.map((l) => `${DIAGRAM_INDENT}${l}`));
  r.steps.forEach((s, i) => {
    lines.push(stepLine(s, i));
    if (diagrams !== undefined) lines.push(...(diagrams.steps[i] ?? []).map((l) => `${DIAGRAM_INDENT}${l}`));
  });
  if (r.divergedAt !== undefined) {
    const s = r.steps[r.divergedAt]!;
    const d = s.result.violations.find((v) => v.check === 'differential')?.divergence;
    lines.push(`memhp: step ${r.divergedAt + 1} (line ${s.source.line}): implementations disagree; replay stops here`);
    if (d !== undefined) {
      lines.push(`  first difference: ${d.where}  reference ${d.left}  optimized ${d.right}`);
      lines.push(...divergenceLines(d.where, r.kinds, s.result.observations));
    }
  }
  const unmet = r.steps.filter((s) => s.unmet !== undefined).length;
  const broken = r.steps.reduce((n, s) => n + s.result.violations.filter((v) => v.check !== 'differential').length, 0);
  lines.push(
    r.passed
      ? `memhp: passed: ${r.steps.length} steps, every expectation held${r.kinds.length > 1 ? ', implementations agree' : ''}`
      : `memhp: failed: ${unmet} unmet expectation(s), ${broken} invariant violation(s)${r.divergedAt !== undefined ? ', implementations disagree' : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

function jsonRecord(file: string, r: ReplayResult): unknown {
  const last = r.steps.at(-1);
  return {
    file,
    profile: r.setup.profile.name,
    geometry: r.setup.geometry.name,
    impls: r.kinds,
    passed: r.passed,
    steps: r.steps.map((s) => ({
      line: s.source.line,
      step: printStep(s.source.step),
      result: Object.fromEntries(s.result.outcomes.map((o) => [o.impl, o.outcome])),
      ...(s.source.expect !== undefined ? { expected: s.source.expect, met: s.unmet === undefined } : {}),
      violations: s.result.violations.map((v) => ({ check: v.check, impl: v.impl, message: v.message })),
      findings: s.result.findings.map((v) => ({ check: v.check, impl: v.impl, message: v.message })),
    })),
    ...(r.divergedAt !== undefined ? { divergedAtStep: r.divergedAt + 1 } : {}),
    final: JSON.parse(canonicalObservation(last?.result.observation ?? r.initial)) as unknown,
  };
}
