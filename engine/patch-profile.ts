/**
 * A patch described as a profile file: a base profile and the rule values
 * the patch changes, as JSON or YAML (`.yaml` / `.yml`). `memhp diff --from v5.5 --to ./my-patch.profile.json`
 * then shows what the patch changes. Values come from the rule catalogue.
 *
 *   {"name": "my-patch", "base": "v5.5", "rules": {"hotplug.shrinkAt": "remove"}, "description": "…"}
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { MAX_PROFILE_BYTES, readUserFile } from '../base/read-file.ts';
import { clip, excerpt, shownFile } from '../base/error-line.ts';
import { issueMessage, issuePath } from '../base/schema-issue.ts';
import type { CommitRef, Profile, Rule } from '../model/profile.ts';
import { ruleCatalogue, type CatalogueEntry } from '../model/profiles/catalogue.ts';
import { findProfile, profileNames } from '../model/profiles/index.ts';
import { resolveProfile } from './machine.ts';
import { UsageError } from '../base/usage-error.ts';

const patchSchema = z.strictObject({
  name: z
    .string()
    .max(100, 'a name is at most 100 characters (it names report files)')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'a name is letters, digits and . _ + - (it names report files)'),
  base: z.string().min(1),
  description: z.string().optional(),
  rules: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

/** A file argument rather than a profile name. */
export function looksLikeProfileFile(arg: string): boolean {
  return arg.endsWith('.json') || isYamlFile(arg) || arg.includes('/');
}

/** Replaces the rule at `key` (a dotted path) in a copy of the profile. */
export function withRule(profile: Profile, key: string, rule: Rule<unknown>): Profile {
  const parts = key.split('.');
  const set = (node: Record<string, unknown>, i: number): Record<string, unknown> => ({
    ...node,
    [parts[i]!]: i === parts.length - 1 ? rule : set(node[parts[i]!] as Record<string, unknown>, i + 1),
  });
  return set(profile as unknown as Record<string, unknown>, 0) as unknown as Profile;
}

const isYamlFile = (file: string): boolean => /\.ya?ml$/i.test(file);

/** The file's data: YAML for `.yaml` / `.yml` (duplicate keys refused, as JSON.parse cannot), JSON otherwise. */
function readData(text: string, file: string): unknown {
  const yaml = isYamlFile(file);
  try {
    // logLevel error: the parser's warnings (an unknown %YAML version …) would go to stderr as extra lines through process.emitWarning.
    return yaml ? parseYaml(text, { uniqueKeys: true, prettyErrors: false, logLevel: 'error' }) : JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${shownFile(file)}: not ${yaml ? 'YAML' : 'JSON'} (${e instanceof Error ? (e.message.split('\n')[0] ?? 'parse error') : 'parse error'})`);
  }
}

export function parsePatchProfile(text: string, file: string, catalogue: readonly CatalogueEntry[] = ruleCatalogue()): Profile {
  const data = readData(text, file);
  const parsed = patchSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${shownFile(file)}: ${issuePath(issue)}: ${issueMessage(issue)}`);
  }
  const patch = parsed.data;
  const base = findProfile(patch.base);
  if (base === undefined) throw new UsageError(`${shownFile(file)}: base: unknown profile ${excerpt(patch.base)} (known: ${profileNames().join(', ')})`);
  if (findProfile(patch.name) !== undefined) throw new UsageError(`${shownFile(file)}: name: "${patch.name}" is a built-in profile; give the patch its own name`);
  const since: CommitRef = {
    commit: `patch ${patch.name}`,
    title: patch.description ?? `patch profile ${patch.name}`,
    version: `${base.name} + ${patch.name}`,
    verified: `I: patch profile ${file}`,
  };
  let profile: Profile = {
    ...base,
    name: patch.name,
    derivedFrom: base.name,
    summary: patch.description ?? `${base.name} with ${Object.keys(patch.rules).join(', ')} changed`,
    defining: since,
  };
  for (const [key, value] of Object.entries(patch.rules)) {
    const entry = catalogue.find((c) => c.key === key);
    if (entry === undefined) {
      throw new UsageError(`${shownFile(file)}: rules[${excerpt(key)}]: unknown rule key (known: ${catalogue.map((c) => c.key).join(', ')})`);
    }
    const choice = entry.values.find((v) => JSON.stringify(v.value) === JSON.stringify(value));
    if (choice === undefined) {
      throw new UsageError(
        `${shownFile(file)}: rules[${excerpt(key)}]: ${clip(JSON.stringify(value))} is not a value of ${key} (allowed: ${entry.values.map((v) => JSON.stringify(v.value)).join(', ')})`,
      );
    }
    profile = withRule(profile, key, { ...choice.rule, since });
  }
  return profile;
}

export function loadPatchProfile(file: string): Profile {
  return parsePatchProfile(readUserFile(file, MAX_PROFILE_BYTES, 'patch profile'), file);
}

/** A built-in profile by name, or a patch profile file by path. */
export function resolveProfileOrPatch(arg: string): Profile {
  return looksLikeProfileFile(arg) ? loadPatchProfile(arg) : resolveProfile(arg);
}
