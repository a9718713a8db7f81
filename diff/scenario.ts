/**
 * A distinguishing sequence as a scenario file: profile A's answers as `->`
 * expectations (so `memhp replay` passes on A and stops on B), and on the
 * step that differs a comment with both profiles' answers side by side and
 * what differs in the state.
 */
import { describeItem, newAspect } from './kind.ts';
import { findProfile } from '../model/profiles/index.ts';
import { printScenario } from '../scenario/index.ts';
import { nonDefaultConfig } from '../reports/build.ts';
import type { DiffFinding } from './search.ts';

/** Both sides' names as they appear in answers: distinct even when A and B are the same profile. */
export function sideNames(from: string, to: string): [string, string] {
  return from === to ? [`A ${from}`, `B ${to}`] : [from, to];
}

export function findingComment(f: DiffFinding, names: readonly [string, string]): string {
  const i = f.at;
  const after = (side: DiffFinding['a']) => (i < 0 ? side.initial : side.observations[i]!);
  const before = i < 0 ? undefined : { a: i > 0 ? f.a.observations[i - 1]! : f.a.initial, b: i > 0 ? f.b.observations[i - 1]! : f.b.initial };
  const aspect = newAspect(after(f.a), after(f.b), before);
  const state = aspect === undefined ? '' : `${aspect.key}: ${names[0]} ${describeItem(aspect.key, after(f.a), after(f.b))}  ${names[1]} ${describeItem(aspect.key, after(f.b), after(f.a))}`;
  if (i < 0) return `after boot: ${state}`;
  const answers = `${names[0]}: ${f.a.answers[i]}   ${names[1]}: ${f.b.answers[i]}`;
  return f.a.answers[i] !== f.b.answers[i] || state === '' ? answers : `${answers}   ${state}`;
}

/**
 * `args` maps a side's profile name to the argument that names it on the
 * command line: a patch profile has no name memhp knows, only its file.
 */
export function findingScenario(f: DiffFinding, from: string, to: string, args: Readonly<Record<string, string>> = {}): string {
  const names = sideNames(from, to);
  const setup = f.a.setup;
  // A patch profile has no scenario spelling: leave the line out, the replay commands name the file.
  const profileLine = findProfile(from) !== undefined ? from : undefined;
  const head = [
    `# memhp diff ${from} → ${to}: ${f.kind}`,
    `# ${f.steps.length} step(s); expectations are ${from}'s answers`,
    ...(f.at < 0 ? [`# ${findingComment(f, names)}`] : []),
    `# replay: npx memhp replay FILE --profile ${args[from] ?? from}   and   --profile ${args[to] ?? to}`,
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
