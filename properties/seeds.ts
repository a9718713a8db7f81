/**
 * Each property's seed is derived from the master seed and its name, so a
 * property gives the same result whether it runs alone, in a different order,
 * on another worker or another shard.
 */
import seedrandom from 'seedrandom';
import type { Profile } from '../model/profile.ts';

export function deriveSeed(master: number, name: string): number {
  return seedrandom(`${master}/${name}`).int32();
}

/** The name a profile's seeds are derived from: its first name, so renaming a profile never changes what a printed seed draws. */
export function seedName(profile: Pick<Profile, 'name' | 'formerName'>): string {
  return profile.formerName ?? profile.name;
}
