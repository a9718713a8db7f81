/**
 * A queue of independent pieces of guest work run by `workers` at once (one
 * single-vCPU TCG guest per core): each worker takes the next unit as soon
 * as its last one ends, so the longest units, put first, do not leave a core
 * idle at the end. The first failure stops the queue: no further unit starts,
 * `abort` is called (it closes the guests of the units still running, whose
 * own errors are then not the cause), and that first error is thrown once
 * every worker has stopped.
 */
export async function runQueue<T>(units: readonly T[], workers: number, run: (unit: T) => Promise<void>, abort: () => void): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < units.length) {
      const unit = units[next++] as T;
      try {
        await run(unit);
      } catch (e) {
        if (failure === undefined) {
          failure = { error: e };
          abort();
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, units.length)) }, worker));
  if (failure !== undefined) throw failure.error;
}
