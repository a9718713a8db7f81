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

  /** Generated commands by operation: executed, or skipped by their precondition (swarm). */
  readonly commands: StatsTable = {};

  command(op: string, what: 'executed' | 'skipped'): void {
    const row = (this.commands[op] ??= {});
    row.generated = (row.generated ?? 0) + 1;
    row[what] = (row[what] ?? 0) + 1;
  }

  /** Swarm runs in which each operation was enabled (properties/swarm.ts). */
  readonly swarm: Record<string, number> = {};

  swarmRun(enabled: Iterable<string>): void {
    for (const op of enabled) this.swarm[op] = (this.swarm[op] ?? 0) + 1;
  }

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
    return sortTable(this.table);
  }

  merge(other: StatsTable, into: StatsTable = this.table): void {
    for (const [op, row] of Object.entries(other)) {
      const mine = (into[op] ??= {});
      for (const [o, n] of Object.entries(row)) mine[o] = (mine[o] ?? 0) + n;
    }
  }
}

export function sortTable(table: StatsTable): StatsTable {
  const out: StatsTable = {};
  for (const op of Object.keys(table).sort()) {
    const row = table[op]!;
    out[op] = Object.fromEntries(Object.keys(row).sort().map((k) => [k, row[k]!]));
  }
  return out;
}
