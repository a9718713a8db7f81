/** The catalogue of semantic profiles, oldest first. */
import type { Profile } from '../profile.ts';
import { v4_10 } from './v4.10.ts';
import { v4_13 } from './v4.13.ts';
import { v4_14 } from './v4.14.ts';
import { v4_19 } from './v4.19.ts';
import { v5_3 } from './v5.3.ts';
import { MODERN_PROFILES } from './modern.ts';
import { v5_5 } from './v5.5.ts';

export const PROFILES: readonly Profile[] = [v4_10, v4_13, v4_14, v4_19, v5_3, v5_5, ...MODERN_PROFILES];

/** Aliases resolve to a profile name. */
export const PROFILE_ALIASES: Readonly<Record<string, string>> = { latest: 'v7.3' };

export const DEFAULT_PROFILE = 'v5.5';

/**
 * A current name, an alias, or a former name no current profile has taken
 * (v4.11 → v4.10, v4.12 → v4.13). A former name that is now another
 * profile's name (v4.13) means that profile: see renamedProfileNote().
 */
export function findProfile(name: string): Profile | undefined {
  const resolved = PROFILE_ALIASES[name] ?? name;
  return PROFILES.find((p) => p.name === resolved) ?? PROFILES.find((p) => p.formerName === resolved);
}

/** The profile a name meant before profiles were named after their first kernel release: failure files written before then. */
export function findProfileByFormerName(name: string): Profile | undefined {
  const renamed = PROFILES.find((p) => p.formerName === name);
  if (renamed !== undefined) return renamed;
  const same = findProfile(name);
  return same?.formerName === undefined ? same : undefined;
}

/** One line for a name whose meaning the renaming changed; undefined for a name that means what it always did. */
export function renamedProfileNote(name: string): string | undefined {
  const before = PROFILES.find((p) => p.formerName === name);
  if (before === undefined) return undefined;
  const now = PROFILES.find((p) => p.name === name);
  if (now === undefined) return `profile ${name} is now called ${before.name}, after the first kernel release with its semantics`;
  return `profile ${name} now names the semantics first released in ${name} (formerly profile ${now.formerName ?? now.name}); the former profile ${name} is ${before.name}`;
}

/** Former names that now resolve to another profile, for `memhp profiles`. */
export function formerNames(): Array<{ readonly former: string; readonly profile: string }> {
  return PROFILES.flatMap((p) => (p.formerName === undefined ? [] : [{ former: p.formerName, profile: p.name }]));
}

export function profileNames(): string[] {
  return [...PROFILES.map((p) => p.name), ...Object.keys(PROFILE_ALIASES)];
}
