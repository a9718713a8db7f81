/**
 * `geometry <preset>` or
 * `geometry page=4K section=128M [subsection=2M] block=128M [physbits=46]`.
 */
import type { GeometryParams } from '../model/geometry.ts';
import { GEOMETRY_PRESETS, geometryProblem } from '../model/geometry.ts';
import { parseArgs } from './args.ts';
import type { Option } from './args.ts';
import type { Reporter } from './errors.ts';
import type { Token } from './lexer.ts';
import { after } from './lexer.ts';
import { parseDecimal, parseNumber } from './numbers.ts';
import { quote } from './quote.ts';

const SIZE_KEYS = ['page', 'section', 'subsection', 'block'] as const;
const KEYS = [...SIZE_KEYS, 'physbits'] as const;
const REQUIRED = ['page', 'section', 'block'] as const;
const DEFAULT_SUBSECTION_SHIFT = 21;
const DEFAULT_PHYSBITS = 46;
const USAGE = 'geometry <preset> | geometry page=<size> section=<size> [subsection=<size>] block=<size> [physbits=<bits>]';

export function parseGeometryLine(keyword: Token, rest: readonly Token[], r: Reporter): GeometryParams {
  const first = rest[0];
  if (first === undefined) return r.at(after(keyword), `missing geometry (usage: ${USAGE})`);
  if (!first.text.includes('=')) return preset(first, rest, r);
  return explicit(keyword, rest, r);
}

function preset(name: Token, rest: readonly Token[], r: Reporter): GeometryParams {
  const extra = rest[1];
  if (extra !== undefined) r.at(extra, `unexpected ${quote(extra.text)} after the geometry preset`);
  const known = Object.keys(GEOMETRY_PRESETS);
  const p = Object.hasOwn(GEOMETRY_PRESETS, name.text) ? GEOMETRY_PRESETS[name.text] : undefined;
  if (p === undefined) return r.at(name, `unknown geometry ${quote(name.text)} (known: ${known.join(', ')})`);
  return { ...p };
}

function explicit(keyword: Token, rest: readonly Token[], r: Reporter): GeometryParams {
  const args = parseArgs(keyword, rest, { positional: [], options: KEYS, usage: USAGE }, r);
  for (const key of REQUIRED) {
    if (!args.options.has(key)) {
      r.at(keyword, `missing geometry key ${key}= (required: ${REQUIRED.map((k) => `${k}=`).join(', ')})`);
    }
  }
  const shift = (key: (typeof SIZE_KEYS)[number], dflt: number): number => {
    const opt = args.options.get(key);
    return opt === undefined ? dflt : sizeShift(key, opt, r);
  };
  const physOpt = args.options.get('physbits');
  let physbits = DEFAULT_PHYSBITS;
  if (physOpt !== undefined) {
    const n = parseDecimal(physOpt.value);
    if (n === undefined) r.at(valueToken(physOpt), `physbits must be a decimal integer, got ${quote(physOpt.value)}`);
    physbits = n;
  }
  const params: GeometryParams = {
    name: 'custom',
    pageShift: shift('page', 0),
    sectionShift: shift('section', 0),
    subsectionShift: shift('subsection', DEFAULT_SUBSECTION_SHIFT),
    blockShift: shift('block', 0),
    maxPhysmemBits: physbits,
    memSectionBytes: 16,
    structPageBytes: 64,
  };
  const problem = geometryProblem(params);
  if (problem !== undefined) r.at(keyword, problem);
  return params;
}

/** The value part of a `key=value` token, positioned for messages. */
function valueToken(opt: Option): Token {
  const eq = opt.token.text.indexOf('=');
  return { text: opt.value, line: opt.token.line, column: opt.token.column + eq + 1 };
}

function sizeShift(key: string, opt: Option, r: Reporter): number {
  const t = valueToken(opt);
  const v = parseNumber(t, 'size', r);
  const s = v > 0 ? Math.round(Math.log2(v)) : -1;
  if (s < 0 || 2 ** s !== v) r.at(t, `${key} size must be a power of two, got ${quote(opt.value)}`);
  return s;
}
