/**
 * Shrinks an item to a short scenario that still shows one kind of
 * difference, on the real kernels: every candidate runs on both, and a
 * removal is kept while the two still differ at a step of that kind. First
 * the steps after the difference go (one run to check), then chunks of
 * halving size, last single steps, within a budget of reruns; the result is
 * run once more on both to confirm it. Kernels answer some steps
 * nondeterministically, so a confirmation can fail: that is reported, not
 * hidden.
 */
import type { RecordLike } from '../record.ts';
import { runDifferences } from './differences.ts';
import type { AuditItem } from './items.ts';

/** Both kernels, run on the same item (in parallel where they can). */
export interface PairRunner {
  run(item: AuditItem): Promise<readonly [RecordLike, RecordLike]>;
}

export interface ShrinkResult {
  readonly item: AuditItem;
  /** Reruns on both kernels, the confirmation included. */
  readonly attempts: number;
  /** The shrunk item showed the kind again when run once more. */
  readonly confirmed: boolean;
  /** The confirmation's runs (base, patched). */
  readonly runs: readonly [RecordLike, RecordLike];
}

export async function shrinkKind(
  item: AuditItem,
  /** 1-based step where the kind shows in `item`. */
  at: number,
  kind: string,
  pair: PairRunner,
  opts: { readonly budget: number; readonly status?: (text: string) => void },
): Promise<ShrinkResult> {
  let attempts = 0;
  const shows = async (steps: AuditItem['steps']): Promise<boolean> => {
    attempts++;
    const [a, b] = await pair.run({ ...item, steps });
    return runDifferences(item.name, steps, a, b).some((d) => d.kind === kind);
  };
  let current = item.steps;
  const tail = item.steps.slice(0, Math.max(at, 1));
  if (tail.length < current.length && attempts < opts.budget) {
    opts.status?.(`shrinking "${kind}" (${item.name}): ${tail.length} steps, cutting what follows`);
    if (await shows(tail)) current = tail;
  }
  for (let chunk = Math.max(1, Math.floor(current.length / 2)); chunk >= 1 && attempts < opts.budget; chunk = chunk === 1 ? 0 : Math.max(1, Math.floor(chunk / 2))) {
    for (let i = current.length - chunk; i >= 0 && attempts < opts.budget; i -= chunk) {
      if (current.length <= 1) break;
      const candidate = [...current.slice(0, i), ...current.slice(i + chunk)];
      opts.status?.(`shrinking "${kind}" (${item.name}): ${current.length} steps, trying without ${chunk === 1 ? `step ${i + 1}` : `steps ${i + 1}-${i + chunk}`} (rerun ${attempts + 1}/${opts.budget})`);
      if (await shows(candidate)) current = candidate;
    }
  }
  opts.status?.(`shrinking "${kind}" (${item.name}): confirming ${current.length} steps on both kernels`);
  attempts++;
  const shrunk = { ...item, steps: current };
  const runs = await pair.run(shrunk);
  const confirmed = runDifferences(item.name, current, runs[0], runs[1]).some((d) => d.kind === kind);
  return { item: shrunk, attempts, confirmed, runs };
}
