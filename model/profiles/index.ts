/** The catalogue of semantic profiles, oldest first. */
import type { Profile } from '../profile.ts';
import { v4_11 } from './v4.11.ts';
import { v4_12 } from './v4.12.ts';
import { v4_13 } from './v4.13.ts';
import { v4_19 } from './v4.19.ts';
import { v5_3 } from './v5.3.ts';
import { MODERN_PROFILES } from './modern.ts';
import { v5_5 } from './v5.5.ts';

export const PROFILES: readonly Profile[] = [v4_11, v4_12, v4_13, v4_19, v5_3, v5_5, ...MODERN_PROFILES];

/** Aliases resolve to a profile name. */
export const PROFILE_ALIASES: Readonly<Record<string, string>> = { latest: 'v7.3' };

export const DEFAULT_PROFILE = 'v5.5';

export function findProfile(name: string): Profile | undefined {
  const resolved = PROFILE_ALIASES[name] ?? name;
  return PROFILES.find((p) => p.name === resolved);
}

export function profileNames(): string[] {
  return [...PROFILES.map((p) => p.name), ...Object.keys(PROFILE_ALIASES)];
}
