/**
 * A zod issue as part of a one-line message. Zod quotes what it found —
 * unknown keys verbatim, keys in the path — and a JSON file may hold a
 * 100 KB key: every piece of the document shown goes through excerpt().
 */
import type { z } from 'zod';
import { EXCERPT_MAX, excerpt } from './error-line.ts';

/** One path element as `.key` (short identifiers), `[3]`, or `["quoted key"]`. */
export function pathElement(p: PropertyKey): string {
  if (typeof p === 'number') return `[${p}]`;
  const key = String(p);
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && key.length <= EXCERPT_MAX ? `.${key}` : `[${excerpt(key)}]`;
}

/** The issue's JSON path (`rules["a b"][2]`), or `(top level)`. */
export function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.map(pathElement).join('').replace(/^\./, '') || '(top level)';
}

/** The issue's message, with any key it names cut to an excerpt. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const [first, ...rest] = issue.keys;
    return `unknown key ${excerpt(first ?? '')}${rest.length > 0 ? ` and ${rest.length} more` : ''}`;
  }
  return issue.message;
}

/** `<path>: <message>` for the first issue. */
export function issueLine(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined ? 'invalid document' : `${issuePath(issue)}: ${issueMessage(issue)}`;
}
