/** `memhp replay FILE`: run a scenario and show each step's answer. */
import { implKinds, type ImplChoice } from '../engine/implementations.ts';
import { machineFor } from '../engine/machine.ts';
import { KEPT_STATES, LONG_REPLAY_STEPS, replayBounded, type BoundedReplay } from '../engine/replay.ts';
import type { ImplementationKind, MachineSetup } from '../model/implementation.ts';
import type { Observation } from '../model/observation.ts';
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
import { progress } from './progress.ts';
import { shownFile } from '../base/error-line.ts';

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
  const kinds = implKinds(opts.impl);
  const total = scenario.steps.length;
  // Step lines go out as each step ends, unless diagrams (drawn from the report) go between them.
  const streamed = !opts.json && !opts.diagram;
  if (streamed) process.stdout.write(`${headerLine(file, setup, kinds)}\n`);
  // Streamed step lines on a terminal are their own progress; otherwise a line on stderr says how far it got.
  const shown = streamed && process.stdout.isTTY === true ? undefined : progress(process.stderr);
  const named = shownFile(file);
  const result = replayBounded(setup, scenario.steps, kinds, opts.bugs, {
    // A long scenario keeps the states after its last steps only, so memory and report stay bounded.
    window: total > LONG_REPLAY_STEPS ? KEPT_STATES : 'all',
    onStep: (s, i) => {
      if (streamed) process.stdout.write(`${stepLine(s, i)}\n`);
      shown?.update(`memhp: replay ${named}: step ${i + 1} of ${total} (line ${s.source.line})`);
    },
  });
  shown?.done();
  const doc = replayReportJson(file, text, result, [...opts.bugs].sort(), opts.profile, dir);
  const report = uninterruptible(() => {
    const json = writeReport(dir, doc);
    stopNote(`after replaying ${file}; report written to ${json}`);
    return json;
  });
  if (opts.json) process.stdout.write(`${JSON.stringify(jsonRecord(file, result), null, 2)}\n`);
  else {
    if (!streamed) {
      const diagrams = opts.diagram ? diagramBlocks(doc.counterexamples[0]!, useColour(process.stdout)) : undefined;
      process.stdout.write(`${[headerLine(file, setup, kinds), ...stepLines(result, diagrams)].join('\n')}\n`);
    }
    process.stdout.write(`${footerLines(result).join('\n')}\n`);
    process.stdout.write(`report: ${report}\n`);
  }
  return result.passed ? EXIT_OK : EXIT_FAILED;
}

/** Diagram lines sit under the step they show, indented past its number. */
const DIAGRAM_INDENT = '      ';

function headerLine(file: string, setup: MachineSetup, kinds: readonly ImplementationKind[]): string {
  return `memhp replay ${file}  profile ${setup.profile.name}  geometry ${setup.geometry.name}  impl ${kinds.join('+')}`;
}

function stepLines(r: BoundedReplay, diagrams?: StepDiagrams): string[] {
  const lines: string[] = [];
  if (diagrams !== undefined) lines.push(...diagrams.boot.map((l) => `${DIAGRAM_INDENT}${l}`));
  r.steps.forEach((s, i) => {
    lines.push(stepLine(s, i));
    if (diagrams !== undefined) lines.push(...(diagrams.steps[i] ?? []).map((l) => `${DIAGRAM_INDENT}${l}`));
  });
  return lines;
}

/** Where the implementations disagree, and the verdict. */
function footerLines(r: BoundedReplay): string[] {
  const lines: string[] = [];
  if (r.divergedAt !== undefined) {
    const s = r.steps[r.divergedAt]!;
    const d = s.result.violations.find((v) => v.check === 'differential')?.divergence;
    lines.push(`memhp: step ${r.divergedAt + 1} (line ${s.source.line}): implementations disagree; replay stops here`);
    if (d !== undefined) {
      lines.push(`  first difference: ${d.where}  reference ${d.left}  optimized ${d.right}`);
      // replayBounded() keeps the states of the diverging step whatever the window
      lines.push(...divergenceLines(d.where, r.kinds, r.kept.get(r.divergedAt) ?? []));
    }
  }
  const unmet = r.steps.filter((s) => s.unmet !== undefined).length;
  const broken = r.steps.reduce((n, s) => n + s.result.violations.filter((v) => v.check !== 'differential').length, 0);
  lines.push(
    r.passed
      ? `memhp: passed: ${r.steps.length} steps, every expectation held${r.kinds.length > 1 ? ', implementations agree' : ''}`
      : `memhp: failed: ${unmet} unmet expectation(s), ${broken} invariant violation(s)${r.divergedAt !== undefined ? ', implementations disagree' : ''}`,
  );
  return lines;
}

function jsonRecord(file: string, r: BoundedReplay): unknown {
  const final: Observation = r.final;
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
    final: JSON.parse(canonicalObservation(final)) as unknown,
  };
}
