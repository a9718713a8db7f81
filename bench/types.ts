/** What each benchmark group gives back: figures for results.json and rows for the table. */
export interface Row {
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  /** The target in words, when the figure has one (e.g. "≥ 1/3 of the floor"). */
  readonly target?: string;
  /** Whether the target is met; with the factor by which it is missed. */
  readonly met?: boolean;
  readonly missedBy?: string;
}

export interface GroupResult {
  readonly figures: unknown;
  readonly rows: readonly Row[];
}

export interface BenchGroup {
  readonly name: string;
  readonly describe: string;
  run(opts: { readonly quick: boolean }): GroupResult;
}

/** "met" or "missed by ×k" for a figure that must be at least `want`. */
export function atLeast(value: number, want: number): Pick<Row, 'met' | 'missedBy'> {
  return value >= want ? { met: true } : { met: false, missedBy: `×${(want / value).toFixed(1)} short` };
}

/** "met" or "missed by ×k" for a figure that must stay under `limit`. */
export function atMost(value: number, limit: number): Pick<Row, 'met' | 'missedBy'> {
  return value <= limit ? { met: true } : { met: false, missedBy: `×${(value / limit).toFixed(1)} over` };
}
