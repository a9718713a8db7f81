/**
 * Each property's seed is derived from the master seed and its name, so a
 * property gives the same result whether it runs alone, in a different order,
 * on another worker or another shard.
 */
import seedrandom from 'seedrandom';

export function deriveSeed(master: number, name: string): number {
  return seedrandom(`${master}/${name}`).int32();
}
