/**
 * Broken scenario texts for the robustness property: valid canonical text
 * with a few mutations applied, and plain noise.
 */
import fc from 'fast-check';
import { printScenario } from '../../scenario/index.ts';
import { scenarioArb } from './arbitraries.ts';

const WRONG_NUMBERS = [
  '0x1001', '1', '4097', '-1', '-0x1000', '1.5M', '0x', 'x10', '4KiB', '2MB', '010', '00', '8P', '7P', '0X1000',
  '9007199254740991', '9007199254740992', '99999999999999999999999999', '0xfffffffffffff000', '0x1fffffffffffff',
  '0x20000000000000', '1e3', '', '0x1_000', 'Infinity', 'NaN', '0b101', '+4K', '1G1', '1GG', '0x-1', '١٢٣',
];

const WORDS = [
  'foo', 'add_page', 'Add_Pages', 'ADD_PAGES', 'remove_page', 'dumpp', 'profil', 'geometri', 'add_memory', 'state', 'poison',
  'profile', 'geometry', 'config', 'boot', 'fail', 'next', 'dump', 'pfn_valid', '->', '-> ok', '->->', '-EEXIST', 'ENOMEM',
  'WARN', 'true', 'node=0', 'node=1023', 'node=1024', 'node=-1', 'node=', 'node=0x1', 'node=01', 'node=1 node=2', '=',
  'page=4K', 'physbits=99', 'x86_64', 'v5.3', 'v9.9', 'latest', 'vmemmap', 'on', 'off', 'maybe', '#', '"', '\\',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'subsection=3M', 'block=1K', 'section=', 'physbits=0x2e',
  'eject_memory', 'remove_memory', 'memremap_pages', 'memunmap_pages', 'online', 'pin', 'unpin', 'veto', 'valid_zones',
  'valid_zone', 'block', 'zone', 'node', 'Normal', 'normal', 'Movable', 'DMA32', 'HighMem', 'MEM_GOING_ONLINE',
  'MEM_GOING_OFFLINE', 'MEM_ONLINE', 'online_movable', 'offline', '32', '0x20', '1099511627775', '1099511627776',
  '0x10000000000', 'start_pfn=1', 'spanned=0', '-ENXIO', '-> Normal Movable', '-> online Normal', '-> -ENOENT',
  'auto_online_blocks', 'movable_node',
];

const NOISE_CHARS = ['\0', '\x01', '\x07', '\x1b[31m', '\r', '\t', '\v', '\f', '\x7f', '\x85', '\u00a0', '\u2028', '\u2029',
  '\u200b', '\u202e', '\ufeff', '\ufffd', '\ud800', '\udfff', '\u{1f600}', 'é', 'ﬀ', '\u0301'];

type Mutation =
  | { readonly kind: 'truncateText' | 'truncateLine' | 'deleteLine' | 'duplicateLine' | 'swapLines' | 'lineToEnd'; readonly a: number; readonly b: number }
  | { readonly kind: 'deleteToken' | 'duplicateToken'; readonly a: number }
  | { readonly kind: 'replaceNumber' | 'insertWord' | 'inject' | 'replaceChar' | 'longLine'; readonly a: number; readonly s: string }
  | { readonly kind: 'crlf' | 'cr' };

const noiseArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NOISE_CHARS),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: 'binary-ascii', maxLength: 8 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
);

const longLineArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('dump ', '9', 'a', 'add_pages 0x1000 4K ', '\u{1f600}', '# ').chain((unit) =>
    fc.integer({ min: 500, max: 6000 }).map((n) => unit.repeat(n)),
  ),
  fc.constant(`add_pages 0x${'f'.repeat(3000)} 4K`),
);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('truncateText', 'truncateLine', 'deleteLine', 'duplicateLine', 'swapLines', 'lineToEnd'),
    a: fc.nat(),
    b: fc.nat(),
  }),
  fc.record({ kind: fc.constantFrom('deleteToken', 'duplicateToken'), a: fc.nat() }),
  fc.record({ kind: fc.constant('replaceNumber'), a: fc.nat(), s: fc.oneof(fc.constantFrom(...WRONG_NUMBERS), fc.nat().map(String)) }),
  fc.record({ kind: fc.constant('insertWord'), a: fc.nat(), s: fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 12 })) }),
  fc.record({ kind: fc.constantFrom('inject', 'replaceChar'), a: fc.nat(), s: noiseArb }),
  fc.record({ kind: fc.constant('longLine'), a: fc.nat(), s: longLineArb }),
  fc.record({ kind: fc.constantFrom('crlf', 'cr') }),
) as fc.Arbitrary<Mutation>;

function at<T>(xs: readonly T[], i: number): T | undefined {
  return xs.length === 0 ? undefined : xs[i % xs.length];
}

/** Token boundaries (start offsets of non-blank runs) in a text. */
function tokenSpans(text: string): Array<[number, number]> {
  return [...text.matchAll(/[^ \t\n]+/g)].map((m) => [m.index, m.index + m[0].length]);
}

export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.kind) {
    case 'truncateText':
      return text.slice(0, m.a % (text.length + 1));
    case 'truncateLine': {
      const i = m.a % lines.length;
      const l = lines[i] ?? '';
      lines[i] = l.slice(0, m.b % (l.length + 1));
      return lines.join('\n');
    }
    case 'deleteLine':
      lines.splice(m.a % lines.length, 1);
      return lines.join('\n');
    case 'duplicateLine': {
      const i = m.a % lines.length;
      lines.splice(m.b % (lines.length + 1), 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 'swapLines': {
      const i = m.a % lines.length;
      const j = m.b % lines.length;
      const li = lines[i] ?? '';
      lines[i] = lines[j] ?? '';
      lines[j] = li;
      return lines.join('\n');
    }
    case 'lineToEnd': {
      const [l] = lines.splice(m.a % lines.length, 1);
      return [...lines, l ?? ''].join('\n');
    }
    case 'deleteToken':
    case 'duplicateToken': {
      const span = at(tokenSpans(text), m.a);
      if (span === undefined) return text;
      const [s, e] = span;
      return m.kind === 'deleteToken' ? text.slice(0, s) + text.slice(e) : `${text.slice(0, e)} ${text.slice(s)}`;
    }
    case 'replaceNumber': {
      const nums = [...text.matchAll(/\b(?:0x[0-9a-f]+|[0-9]+[KMGTP]?)\b/g)];
      const n = at(nums, m.a);
      if (n === undefined) return text;
      return text.slice(0, n.index) + m.s + text.slice(n.index + n[0].length);
    }
    case 'insertWord': {
      const spans = tokenSpans(text);
      const pos = spans.length === 0 ? 0 : (at(spans, m.a)?.[m.a % 2] ?? 0);
      return `${text.slice(0, pos)} ${m.s} ${text.slice(pos)}`;
    }
    case 'inject': {
      const pos = m.a % (text.length + 1);
      return text.slice(0, pos) + m.s + text.slice(pos);
    }
    case 'replaceChar': {
      const pos = m.a % (text.length + 1);
      return text.slice(0, pos) + m.s + text.slice(pos + 1);
    }
    case 'longLine': {
      lines.splice(m.a % (lines.length + 1), 0, m.s);
      return lines.join('\n');
    }
    case 'crlf':
      return text.replaceAll('\n', '\r\n');
    case 'cr':
      return text.replaceAll('\n', '\r');
  }
}

const mutatedArb: fc.Arbitrary<string> = fc
  .tuple(scenarioArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
  .map(([s, ms]) => ms.reduce(applyMutation, printScenario(s)));

const bytesArb: fc.Arbitrary<string> = fc
  .tuple(fc.uint8Array({ maxLength: 300 }), fc.boolean())
  .map(([bytes, utf8]) => (utf8 ? new TextDecoder('utf-8').decode(bytes) : Buffer.from(bytes).toString('latin1')));

/** Texts to throw at the parser: mostly mutated scenarios, some pure noise. */
export const brokenTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: mutatedArb },
  { weight: 1, arbitrary: scenarioArb.map((s) => printScenario(s)) },
  { weight: 1, arbitrary: bytesArb },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...WORDS, ...WRONG_NUMBERS, '\n', ' ', '#'), { maxLength: 40 }).map((xs) => xs.join(' ')) },
);
