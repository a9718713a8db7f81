/** Per-operation, per-outcome counts of the steps a run executed. */
import { isOutcome, type Answer } from '../model/outcome.ts';
import type { Step } from '../model/step.ts';

export type StatsTable = Record<string, Record<string, number>>;

export class StepStats {
  readonly table: StatsTable = {};
  /** Steps on which a known finding of the profile showed, by invariant. */
  readonly findings: Record<string, number> = {};

  /** Runs in which each interesting state was reached at least once. */
  readonly reached: Record<string, number> = {};

  reachedInRun(names: Iterable<string>): void {
    for (const n of names) this.reached[n] = (this.reached[n] ?? 0) + 1;
  }

  finding(check: string): void {
    this.findings[check] = (this.findings[check] ?? 0) + 1;
  }

  count(step: Step, answer: Answer): void {
    const op = step.op === 'query' ? step.query : step.op;
    const row = (this.table[op] ??= {});
    // Observation steps answer text: count them as reads, not by every distinct text.
    const column = isOutcome(answer) ? answer : 'read';
    row[column] = (row[column] ?? 0) + 1;
  }

  /** Rows and columns sorted so that printing is byte-stable. */
  sorted(): StatsTable {
    const out: StatsTable = {};
    for (const op of Object.keys(this.table).sort()) {
      const row = this.table[op]!;
      out[op] = Object.fromEntries(Object.keys(row).sort().map((k) => [k, row[k]!]));
    }
    return out;
  }

  merge(other: StatsTable): void {
    for (const [op, row] of Object.entries(other)) {
      const mine = (this.table[op] ??= {});
      for (const [o, n] of Object.entries(row)) mine[o] = (mine[o] ?? 0) + n;
    }
  }
}
