/** Node numbers: the `node=N` option of `boot`, `add_pages`, … and the argument of the `node` step. */
import { MAX_NUMNODES } from '../model/setup.ts';
import type { Args } from './args.ts';
import type { Reporter } from './errors.ts';
import type { Token } from './lexer.ts';
import { parseDecimal } from './numbers.ts';
import { quote } from './quote.ts';

function checkRange(t: Token, n: number, r: Reporter): number {
  if (n >= MAX_NUMNODES) r.at(t, `node ${n} is out of range (0..${MAX_NUMNODES - 1})`);
  return n;
}

/** The node of `node=N`, 0 when the option is absent. */
export function nodeOption(args: Args, r: Reporter): number {
  const opt = args.options.get('node');
  if (opt === undefined) return 0;
  const n = parseDecimal(opt.value);
  if (n === undefined) r.at(opt.token, `expected node=N with N a decimal integer, got ${quote(opt.token.text)}`);
  return checkRange(opt.token, n, r);
}

/** A node number written as a positional argument (`node 1`). */
export function parseNodeId(t: Token, r: Reporter): number {
  const n = parseDecimal(t.text);
  if (n === undefined) r.at(t, `expected a node number (decimal), got ${quote(t.text)}`);
  return checkRange(t, n, r);
}
