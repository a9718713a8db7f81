/**
 * The work of a `memhp run` as a fixed list of items (profile × property, in
 * the order the run reports them) and `--shard i/n`: the i-th of n disjoint
 * contiguous slices of that list, cut as vitest cuts its files (ceil(N / n)
 * items per shard, the last ones possibly short or empty).
 */
import { excerpt } from '../base/error-line.ts';
import { UsageError } from '../base/usage-error.ts';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** One profile × property of a run, by name (what a worker or a shard file can carry). */
export interface WorkItem {
  readonly profile: string;
  readonly property: string;
}

export function workKey(item: WorkItem): string {
  return `${item.profile}/${item.property}`;
}

export function parseShard(raw: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || count < 1 || count > 10_000 || index < 1 || index > count) {
    throw new UsageError(`--shard ${excerpt(raw)} is not <index>/<count> with 1 ≤ index ≤ count ≤ 10000 (e.g. 1/4)`);
  }
  return { index, count };
}

/** The items of one shard, in run order; every item falls in exactly one shard. */
export function shardItems<T>(items: readonly T[], shard: Shard | undefined): T[] {
  if (shard === undefined) return [...items];
  const size = Math.ceil(items.length / shard.count);
  return items.slice(size * (shard.index - 1), size * shard.index);
}
