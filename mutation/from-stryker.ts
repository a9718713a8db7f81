/**
 * Turns Stryker's JSON report (the mutation-testing-report schema) into our
 * per-file results. Only the fields we keep are read; anything else in the
 * report is ignored, and a report without the fields is an error.
 */
import type { FileResult, MutantRecord, MutantStatus } from './results-format.ts';

interface StrykerMutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number }; readonly end: { readonly line: number; readonly column: number } };
  readonly status: MutantStatus;
  readonly killedBy?: readonly string[];
  readonly testsCompleted?: number;
}

interface StrykerReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly StrykerMutant[] }>>;
  readonly testFiles?: Readonly<Record<string, { readonly tests: ReadonlyArray<{ readonly id: string; readonly name: string }> }>>;
}

function isReport(x: unknown): x is StrykerReport {
  return typeof x === 'object' && x !== null && 'files' in x && typeof (x as { files: unknown }).files === 'object';
}

export function fileResults(raw: unknown, hashOf: (file: string) => string, measured: string): FileResult[] {
  if (!isReport(raw)) throw new Error('not a Stryker JSON report (no "files")');
  const testName = new Map<string, string>();
  for (const [file, tf] of Object.entries(raw.testFiles ?? {})) for (const t of tf.tests) testName.set(t.id, `${file} › ${t.name}`);
  return Object.entries(raw.files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, f]) => ({
      file,
      sha256: hashOf(file),
      measured,
      mutants: f.mutants
        .map((m): MutantRecord => {
          const killer = m.killedBy?.[0];
          return {
            line: m.location.start.line,
            column: m.location.start.column,
            endLine: m.location.end.line,
            endColumn: m.location.end.column,
            mutator: m.mutatorName,
            replacement: m.replacement ?? '',
            status: m.status,
            ...(killer !== undefined ? { killedBy: testName.get(killer) ?? killer } : {}),
            ...(m.testsCompleted !== undefined ? { testsCompleted: m.testsCompleted } : {}),
          };
        })
        .sort((a, b) => a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn || a.mutator.localeCompare(b.mutator) || a.replacement.localeCompare(b.replacement)),
    }));
}
