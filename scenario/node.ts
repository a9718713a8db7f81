/** The `node=N` option of `boot` and `add_pages`. */
import { MAX_NUMNODES } from '../model/setup.ts';
import type { Args } from './args.ts';
import type { Reporter } from './errors.ts';
import { parseDecimal } from './numbers.ts';
import { quote } from './quote.ts';

/** The node of `node=N`, 0 when the option is absent. */
export function nodeOption(args: Args, r: Reporter): number {
  const opt = args.options.get('node');
  if (opt === undefined) return 0;
  const n = parseDecimal(opt.value);
  if (n === undefined) r.at(opt.token, `expected node=N with N a decimal integer, got ${quote(opt.token.text)}`);
  if (n >= MAX_NUMNODES) r.at(opt.token, `node ${n} is out of range (0..${MAX_NUMNODES - 1})`);
  return n;
}
