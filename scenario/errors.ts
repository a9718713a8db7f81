/** The one exception type the scenario parser throws. */
import { oneLine } from './quote.ts';

/** A 1-based position in a scenario file; columns count Unicode code points. */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

/**
 * A scenario that cannot be parsed. `message` is always exactly one line:
 * `<file>:<line>:<column>: <detail>`, or `<file>: <detail>` for a problem with
 * the file as a whole (then `line` and `column` are undefined).
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly detail: string;

  constructor(file: string, at: Pos | undefined, detail: string) {
    const safeFile = oneLine(file);
    const safeDetail = oneLine(detail);
    super(at === undefined ? `${safeFile}: ${safeDetail}` : `${safeFile}:${at.line}:${at.column}: ${safeDetail}`);
    this.file = file;
    this.line = at?.line;
    this.column = at?.column;
    this.detail = safeDetail;
  }
}

/** Raises ScenarioErrors for one file. */
export class Reporter {
  constructor(readonly file: string) {}

  /** An error at a position (usually the offending token). */
  at(pos: Pos, detail: string): never {
    throw new ScenarioError(this.file, { line: pos.line, column: pos.column }, detail);
  }

  /** An error about the whole file. */
  whole(detail: string): never {
    throw new ScenarioError(this.file, undefined, detail);
  }
}
