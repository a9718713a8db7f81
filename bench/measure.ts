/**
 * Shared measuring helpers for the benchmarks: CPU time of this thread's
 * process (the targets are per core, and the machine is shared, so wall time
 * would count other people's work), heap after a full GC, and counting the
 * steps a property run executed.
 */
import type { PropertyResult } from '../properties/run-property.ts';

export interface Timed<T> {
  readonly value: T;
  /** user + system CPU time, ms. */
  readonly cpuMs: number;
  readonly wallMs: number;
}

export function timed<T>(f: () => T): Timed<T> {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const value = f();
  const c = process.cpuUsage(c0);
  return { value, cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - w0 };
}

/** Heap in use after a full collection (needs node --expose-gc; else without the collection). */
export function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

/** Steps executed by a property run: every applied step is counted once in its stats table. */
export function stepsOf(r: PropertyResult): number {
  let n = 0;
  for (const row of Object.values(r.stats)) for (const c of Object.values(row)) n += c;
  return n;
}

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
