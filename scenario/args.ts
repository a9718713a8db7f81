/**
 * The arguments of one line: positional words first, then `key=value`
 * options, each option at most once.
 */
import type { Reporter } from './errors.ts';
import type { Token } from './lexer.ts';
import { after } from './lexer.ts';
import { quote } from './quote.ts';

export interface ArgSpec {
  /** Names of the positional arguments, in order (used in messages). */
  readonly positional: readonly string[];
  /** Option keys allowed after the positional arguments. */
  readonly options: readonly string[];
  /** How the line is written, e.g. `add_pages <start> <size> [node=N]`. */
  readonly usage: string;
}

export interface Option {
  /** The whole `key=value` token. */
  readonly token: Token;
  readonly value: string;
}

export interface Args {
  readonly positional: readonly Token[];
  readonly options: ReadonlyMap<string, Option>;
}

/** `keyword` is the first word of the line, `rest` the words after it. */
export function parseArgs(keyword: Token, rest: readonly Token[], spec: ArgSpec, r: Reporter): Args {
  const positional: Token[] = [];
  const options = new Map<string, Option>();
  for (const t of rest) {
    if (positional.length < spec.positional.length) {
      positional.push(t);
      continue;
    }
    const eq = t.text.indexOf('=');
    if (eq <= 0 || spec.options.length === 0) r.at(t, `unexpected ${quote(t.text)} (usage: ${spec.usage})`);
    const key = t.text.slice(0, eq);
    if (!spec.options.includes(key)) {
      r.at(t, `unknown option ${quote(t.text)} (usage: ${spec.usage})`);
    }
    if (options.has(key)) r.at(t, `option ${key}= given twice`);
    options.set(key, { token: t, value: t.text.slice(eq + 1) });
  }
  const missing = spec.positional[positional.length];
  if (missing !== undefined) {
    const last = positional[positional.length - 1] ?? keyword;
    r.at(after(last), `missing ${missing} (usage: ${spec.usage})`);
  }
  return { positional, options };
}
