/** Terminal lines for replayed steps and divergences. */
import type { ReplayedStepOf, StepAnswers } from '../engine/replay.ts';
import type { SectionObservation, Observation } from '../model/observation.ts';
import { printStep } from '../scenario/index.ts';

export function stepLine(r: ReplayedStepOf<StepAnswers>, index: number): string {
  const outcomes = r.result.outcomes;
  const agree = outcomes.every((o) => o.outcome === outcomes[0]?.outcome);
  const answer = agree ? (outcomes[0]?.outcome ?? '') : outcomes.map((o) => `${o.impl} ${o.outcome}`).join('  ');
  const expect = r.source.expect === undefined ? '' : r.unmet ? `  expected ${r.source.expect}  FAIL` : '  as expected';
  const marks = [
    ...r.result.violations.map((v) => `\n        ! ${v.check} (${v.impl}): ${v.message}`),
    ...r.result.findings.map((v) => `\n        ~ known finding of this profile: ${v.check} (${v.impl}): ${v.message}`),
  ].join('');
  return `${String(index + 1).padStart(4)}  line ${String(r.source.line).padEnd(4)} ${printStep(r.source.step).padEnd(40)} ${answer}${expect}${marks}`;
}

function sectionText(s: SectionObservation | undefined): string {
  if (s === undefined) return 'absent';
  const flags = (['present', 'hasMemMap', 'online', 'early'] as const).filter((f) => s[f]).join(',') || 'no flags';
  return `${flags} nid=${s.nid} usage=${s.usage} map=${s.subsectionMap} memmap(boot=${s.memmapBoot} hotplug=${s.memmapHotplug}) pfn_valid=${s.pfnValid}`;
}

/** Both implementations' view of the section where they first differ. */
export function divergenceLines(where: string, names: readonly string[], observations: readonly Observation[]): string[] {
  const nr = /^section (\d+)/.exec(where)?.[1];
  // Outside the sections the first difference line already shows both values.
  if (nr === undefined) return [];
  return names.map((n, i) => `    ${n.padEnd(9)} section ${nr}: ${sectionText(observations[i]?.sections.find((s) => s.nr === Number(nr)))}`);
}
