/**
 * Outcome classes of one input. Bad input must end as exactly one short
 * line on stderr with exit 2; a correct answer (exit 0 or 1) is fine too.
 * Everything else is a finding.
 */
import { LINE_MAX } from '../base/error-line.ts';

export const CLASSES = ['answered', 'one-line error', 'multi-line error', 'echo too long', 'internal error', 'crash', 'timeout'] as const;
export type OutcomeClass = (typeof CLASSES)[number];

/** The classes that are not findings. */
export const CLEAN: ReadonlySet<OutcomeClass> = new Set(['answered', 'one-line error']);

/** A message quoting this many characters of the input in one piece echoes it (excerpt() quotes 60). */
export const ECHO_LIMIT = 100;
/** Windows of the line looked up in the input: ECHO_LIMIT - STRIDE long, every STRIDE characters. */
const STRIDE = 20;

/**
 * Characters that must never reach the terminal raw: C0 controls (tab
 * included: a message has none), DEL and C1, line and paragraph
 * separators, bidi embeddings, overrides and isolates.
 */
const RAW = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/**
 * Whether `line` holds a piece of `input` of ECHO_LIMIT characters or more
 * (and never for one shorter than ECHO_LIMIT - STRIDE). Such a piece
 * contains a whole window starting at a multiple of STRIDE, so only those
 * windows are looked up. Characters are code points, as excerpt() counts
 * them: 60 quoted emoji are 120 UTF-16 units but not an echo.
 */
export function echoes(line: string, input: string): boolean {
  const w = ECHO_LIMIT - STRIDE;
  const points = [...line];
  for (let i = 0; i + w <= points.length; i += STRIDE) {
    if (input.includes(points.slice(i, i + w).join(''))) return true;
  }
  return false;
}

export interface Outcome {
  readonly code: number | null;
  readonly signal?: string | null;
  readonly stderr: string;
  readonly timedOut?: boolean;
}

export function classify(o: Outcome, input: string): OutcomeClass {
  if (o.timedOut === true) return 'timeout';
  if (o.signal !== undefined && o.signal !== null) return 'crash';
  if (o.code === null) return 'crash';
  if (o.code === 3 || /\n\s+at /.test(o.stderr) || o.stderr.includes('internal error')) return 'internal error';
  if (o.code === 0 || o.code === 1) return 'answered';
  if (o.code !== 2) return 'internal error';
  const text = o.stderr.endsWith('\n') ? o.stderr.slice(0, -1) : o.stderr;
  if (text === '' || text.includes('\n') || RAW.test(text) || !text.startsWith('memhp: ')) return 'multi-line error';
  if (text.length > LINE_MAX + 200 || echoes(text, input)) return 'echo too long';
  return 'one-line error';
}
