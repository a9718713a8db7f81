/**
 * Kernel error numbers as the model's functions return them (0 or a negative
 * errno, like the C code), and their spelling as an Outcome at the boundary.
 */
import type { Errno, Outcome } from '../outcome.ts';

/** asm-generic/errno-base.h and errno.h values. */
export const ERRNO_VALUE: Readonly<Record<Errno, number>> = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  E2BIG: 7,
  ENOMEM: 12,
  EBUSY: 16,
  ENXIO: 6,
  EEXIST: 17,
  ENODEV: 19,
  EINVAL: 22,
  ERANGE: 34,
  EHWPOISON: 133,
};

export const EEXIST = -ERRNO_VALUE.EEXIST;
export const EINVAL = -ERRNO_VALUE.EINVAL;
export const E2BIG = -ERRNO_VALUE.E2BIG;

const BY_VALUE = new Map<number, Errno>(
  (Object.entries(ERRNO_VALUE) as Array<[Errno, number]>).map(([name, v]) => [v, name]),
);

/** 0 → ok, -E… → its name; a value outside the table cannot arise (every errno comes from ERRNO_VALUE). */
export function errToOutcome(err: number): Outcome {
  if (err === 0) return 'ok';
  const name = BY_VALUE.get(-err);
  if (name === undefined) throw new RangeError(`unknown errno ${err}`);
  return `-${name}`;
}
/** The inverse of errToOutcome, for an errno outcome of a helper that answers Outcomes. */
export function outcomeToErr(o: Outcome): number {
  if (o === 'ok') return 0;
  const name = o.slice(1) as Errno;
  const v = ERRNO_VALUE[name];
  if (!o.startsWith('-') || v === undefined) throw new RangeError(`not an errno outcome: ${o}`);
  return -v;
}
export const ENOENT = -ERRNO_VALUE.ENOENT;
export const EBUSY = -ERRNO_VALUE.EBUSY;
export const ENXIO = -ERRNO_VALUE.ENXIO;
export const EHWPOISON = -ERRNO_VALUE.EHWPOISON;
