/**
 * The committed form of a mutation result: one JSON file per mutated source
 * file under mutation/results/, small enough to keep in git so that the score
 * accumulates across runs and machines (a full run takes hours on two cores).
 * A result belongs to one content hash of its source file; a changed file is
 * measured again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type MutantStatus = 'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';

export interface MutantRecord {
  readonly line: number;
  readonly column: number;
  /** Where the mutated expression ends: mutants of nested expressions can start at the same place. */
  readonly endLine: number;
  readonly endColumn: number;
  readonly mutator: string;
  readonly replacement: string;
  readonly status: MutantStatus;
  /** Name of the first test that killed it. */
  readonly killedBy?: string;
  readonly testsCompleted?: number;
}

export interface FileResult {
  /** Path from the repository root, e.g. model/optimized/sparse/bitmap.ts. */
  readonly file: string;
  readonly sha256: string;
  /** UTC date of the run, for the documentation table. */
  readonly measured: string;
  readonly mutants: readonly MutantRecord[];
}

export const RESULTS_DIR = 'mutation/results';

export const resultPath = (root: string, file: string): string => join(root, RESULTS_DIR, `${file.replaceAll('/', '__')}.json`);

export const sourceHash = (root: string, file: string): string => createHash('sha256').update(readFileSync(join(root, file))).digest('hex');

/** Identifies a mutant across runs of the same source: where it is, what it does. */
export const mutantKey = (file: string, m: Pick<MutantRecord, 'line' | 'column' | 'endLine' | 'endColumn' | 'mutator' | 'replacement'>): string =>
  `${file}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.mutator} ${m.replacement}`;
