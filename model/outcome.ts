/**
 * What one step answered. Kernel errors are values, never exceptions: the
 * model answers as the kernel does.
 *
 * - `ok`: the call returned 0.
 * - `-E…`: the call returned that negative errno.
 * - `WARN`: the kernel printed a WARN and returned without an errno
 *   (`__remove_pages()` on a misaligned or not fully active range).
 * - `BUG`: the kernel would BUG()/oops; the model leaves its state unchanged
 *   and reports it so that a profile can show where old kernels crashed.
 * - `true`/`false`: the answer of a predicate query (pfn_valid, …).
 * - `page`/`NULL`: the answer of `pfn_to_online_page()`.
 */
export const ERRNOS = [
  'EPERM',
  'ENOENT',
  'EINTR',
  'ENOMEM',
  'EBUSY',
  'ENXIO',
  'EEXIST',
  'ENODEV',
  'EINVAL',
  'ERANGE',
  'E2BIG',
  'EHWPOISON',
] as const;
export type Errno = (typeof ERRNOS)[number];

export type Outcome = 'ok' | `-${Errno}` | 'WARN' | 'BUG' | 'true' | 'false' | 'page' | 'NULL';

export const OUTCOMES: readonly Outcome[] = [
  'ok',
  ...ERRNOS.map((e) => `-${e}` as const),
  'WARN',
  'BUG',
  'true',
  'false',
  'page',
  'NULL',
];

export function isOutcome(word: string): word is Outcome {
  return (OUTCOMES as readonly string[]).includes(word);
}

export function errno(e: Errno): Outcome {
  return `-${e}`;
}

/** True for outcomes that mean "the operation did not happen as asked". */
export function isFailure(o: Outcome): boolean {
  return o.startsWith('-') || o === 'WARN' || o === 'BUG';
}

/**
 * What a step answers: an Outcome for operations, or the text a read of
 * sysfs or /proc shows for observation steps (`valid_zones`, `zone`, …).
 */
export type Answer = Outcome | (string & { readonly __observedText?: never });
