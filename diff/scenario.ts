/**
 * A distinguishing sequence as a scenario file: profile A's answers as `->`
 * expectations (so `memhp replay` passes on A and stops on B), and on the
 * step that differs a comment with both profiles' answers side by side and
 * what differs in the state.
 */
import { firstDifference } from '../model/observation.ts';
import { findProfile } from '../model/profiles/index.ts';
import { printScenario } from '../scenario/index.ts';
import { nonDefaultConfig } from '../reports/build.ts';
import type { DiffFinding } from './search.ts';

function clip(s: string, n = 90): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** Both sides' names as they appear in answers: distinct even when A and B are the same profile. */
export function sideNames(from: string, to: string): [string, string] {
  return from === to ? [`A ${from}`, `B ${to}`] : [from, to];
}

export function findingComment(f: DiffFinding, names: readonly [string, string]): string {
  const i = f.at;
  if (i < 0) {
    const d = firstDifference(f.a.initial, f.b.initial);
    return d === undefined ? 'after boot' : `after boot: ${d.where}: ${clip(d.left, 60)} vs ${clip(d.right, 60)}`;
  }
  const answers = `${names[0]}: ${f.a.answers[i]}   ${names[1]}: ${f.b.answers[i]}`;
  const d = firstDifference(f.a.observations[i]!, f.b.observations[i]!);
  return d === undefined || f.a.answers[i] !== f.b.answers[i] ? answers : `${answers}   ${d.where}: ${clip(d.left, 60)} vs ${clip(d.right, 60)}`;
}

export function findingScenario(f: DiffFinding, from: string, to: string): string {
  const names = sideNames(from, to);
  const setup = f.a.setup;
  // A patch profile has no scenario spelling: leave the line out, the replay commands name the file.
  const profileLine = findProfile(from) !== undefined ? from : undefined;
  const head = [
    `# memhp diff ${from} → ${to}: ${f.kind}`,
    `# ${f.steps.length} step(s); expectations are ${from}'s answers`,
    ...(f.at < 0 ? [`# ${findingComment(f, names)}`] : []),
    `# replay: npx memhp replay FILE --profile ${from}   and   --profile ${to}`,
  ].map((l) => `${l.replace(/[\p{Cc}]/gu, ' ')}\n`);
  const body = printScenario(
    {
      ...(profileLine !== undefined ? { profile: profileLine } : {}),
      geometry: setup.geometry,
      config: nonDefaultConfig(setup),
      boot: setup.boot,
      steps: f.steps.map((step, i) => ({ step, expect: f.a.answers[i]!, line: i + 1 })),
    },
    { comments: new Map([[f.at, findingComment(f, names)]]) },
  );
  return head.join('') + body;
}

/** A stable, file-name-safe form of a kind. */
export function kindSlug(kind: string): string {
  return (
    kind
      .toLowerCase()
      .replace(/→/g, 'to')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'difference'
  );
}
