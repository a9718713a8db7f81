/**
 * Counts per file and in total, and the score: killed (or timed out) over the
 * non-equivalent mutants that compile, as docs/mutation.md defines it.
 */
import { mutantKey, type FileResult } from './results-format.ts';

export interface Tally {
  readonly mutants: number;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Survivors (or uncovered mutants) listed in mutation/equivalent.json. */
  readonly equivalent: number;
  /** Compile and runtime errors: not mutants of a program that runs, so out of the score. */
  readonly errors: number;
}

export function tallyFile(r: FileResult, equivalentKeys: ReadonlySet<string>): Tally {
  const count = (pred: (s: string) => boolean) => r.mutants.filter((m) => pred(m.status)).length;
  return {
    mutants: r.mutants.length,
    killed: count((s) => s === 'Killed' || s === 'Timeout'),
    survived: count((s) => s === 'Survived'),
    noCoverage: count((s) => s === 'NoCoverage'),
    equivalent: r.mutants.filter((m) => (m.status === 'Survived' || m.status === 'NoCoverage') && equivalentKeys.has(mutantKey(r.file, m))).length,
    errors: count((s) => s === 'CompileError' || s === 'RuntimeError'),
  };
}

export function addTallies(ts: readonly Tally[]): Tally {
  const sum = (k: keyof Tally) => ts.reduce((a, t) => a + t[k], 0);
  return { mutants: sum('mutants'), killed: sum('killed'), survived: sum('survived'), noCoverage: sum('noCoverage'), equivalent: sum('equivalent'), errors: sum('errors') };
}

/** The score in percent, or undefined when no mutant counts. */
export function scoreOf(t: Tally): number | undefined {
  const denominator = t.killed + t.survived + t.noCoverage - t.equivalent;
  return denominator === 0 ? undefined : (100 * t.killed) / denominator;
}

export const scoreText = (t: Tally): string => {
  const s = scoreOf(t);
  return s === undefined ? '–' : `${s.toFixed(2)} %`;
};
