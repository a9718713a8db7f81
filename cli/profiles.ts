/** `memhp profiles [--explain NAME]`. */
import { resolveProfile } from '../engine/machine.ts';
import type { Profile } from '../model/profile.ts';
import { rulesOf } from '../model/profiles/catalogue.ts';
import { ruleChanges } from '../model/profiles/derive.ts';
import { findProfile, formerNames, PROFILE_ALIASES, PROFILES } from '../model/profiles/index.ts';

export function profilesCommand(explain: string | undefined): number {
  if (explain !== undefined) {
    process.stdout.write(explainProfile(resolveProfile(explain)));
    return 0;
  }
  const lines = PROFILES.map((p) => `${p.name.padEnd(8)} ${p.defining.commit.padEnd(14)} ${p.summary}`);
  for (const [alias, target] of Object.entries(PROFILE_ALIASES)) lines.push(`${alias.padEnd(8)} → ${target}`);
  for (const { former, profile } of formerNames()) {
    const taken = PROFILES.some((p) => p.name === former);
    lines.push(`${former.padEnd(8)} ${taken ? `former name of ${profile} (${former} is now the profile of kernel ${former})` : `→ ${profile} (former name)`}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function ruleLines(p: Profile): string[] {
  return rulesOf(p).flatMap(([key, r]) => [
    `  ${key} = ${String(r.value)}`,
    `      ${r.explain}`,
    `      since ${r.since.commit} "${r.since.title}" (${r.since.version}) [${r.since.verified}]`,
  ]);
}

/** What the profile changes from the one it derives from: the chain of kernel changes, read back. */
function changeLines(p: Profile): string[] {
  const previous = p.derivedFrom === undefined ? undefined : findProfile(p.derivedFrom);
  if (previous === undefined) return ['  the oldest profile: every later profile derives from it'];
  const changes = ruleChanges(previous, p);
  if (changes.length === 0) return [`  derived from ${previous.name}: no rule changes (the rules equal ${previous.name}'s)`];
  return [
    `  derived from ${previous.name}, changing ${changes.length} rule(s):`,
    ...changes.map((c) => `    ${c.key}: ${String(c.from.value)} → ${String(c.to.value)} (${c.to.since.commit}, ${c.to.since.version})`),
  ];
}

export function explainProfile(p: Profile): string {
  const lines = [
    `${p.name}: ${p.summary}`,
    `  defined by ${p.defining.commit} "${p.defining.title}" (${p.defining.version}) [${p.defining.verified}]`,
    ...changeLines(p),
    ...ruleLines(p),
    ...p.knownFindings.map((f) => `  known finding: ${f.invariant} (${f.bugs.join(', ') || 'harness'})${f.when !== undefined ? ` [only when ${f.when}]` : ''}: ${f.explain}`),
  ];
  return `${lines.join('\n')}\n`;
}
