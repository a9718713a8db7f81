/** Parsing of option values shared by the subcommands: each bad value is a UsageError. */
import { UsageError } from '../base/usage-error.ts';
import { BUG_SWITCHES, isBugName, type BugName } from '../model/bugs.ts';
import type { ImplChoice } from '../engine/implementations.ts';
import { excerpt } from '../base/error-line.ts';

export function intOption(name: string, raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`--${name} ${excerpt(raw)} is not an integer`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name} ${raw} is outside ${min}..${max}`);
  return n;
}

export function implOption(raw: string): ImplChoice {
  if (raw === 'reference' || raw === 'optimized' || raw === 'both') return raw;
  throw new UsageError(`--impl ${excerpt(raw)} is not one of reference, optimized, both`);
}

export function bugOptions(raw: readonly string[]): Set<BugName> {
  const out = new Set<BugName>();
  for (const name of raw) {
    if (!isBugName(name)) {
      throw new UsageError(`unknown bug switch ${excerpt(name)} (known: ${BUG_SWITCHES.map((b) => b.name).join(', ')})`);
    }
    out.add(name);
  }
  return out;
}

/** fast-check's `path`: colon-separated non-negative integers ("1:2:0"). */
export function pathOption(raw: string): string {
  if (!/^\d+(:\d+)*$/.test(raw)) throw new UsageError(`--path ${excerpt(raw)} is not a fast-check path (e.g. "1:2:0")`);
  return raw;
}

/**
 * fc.commands' `replayPath`: counts and changes in fast-check's base64
 * alphabet around one colon. fast-check's own parser does not validate it,
 * so a typo would silently replay something else.
 */
export function replayPathOption(raw: string): string {
  const m = /^([A-Za-z0-9+/]+):([A-Za-z0-9+/]*)$/.exec(raw);
  // One change character encodes six runs: the two halves must agree in length.
  if (m === null || m[2]!.length !== Math.ceil(m[1]!.length / 6)) {
    throw new UsageError(`--replay-path ${excerpt(raw)} is not a fast-check replayPath (e.g. "AAAB:B")`);
  }
  return raw;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
