/**
 * A KTAP version 1 reader written from the grammar of
 * Documentation/dev-tools/ktap.rst (not from reports/ktap.ts): a version
 * line, a plan `1..N`, result lines `ok|not ok <n> [<description>][ # [<directive>] [<diagnostic>]]`
 * numbered from 1, diagnostic lines `# …`, and subtests: a whole KTAP
 * document indented two more spaces, ending right before its parent's
 * result line. Strict: any other line is an error here (the spec allows
 * unknown lines, our output has none), as is a failed subtest under a passing parent.
 */
export interface KtapPoint {
  readonly ok: boolean;
  readonly number: number;
  readonly description: string;
  readonly directive?: string;
  readonly directiveText?: string;
  readonly diagnostics: readonly string[];
  readonly subtests?: KtapDoc;
}

export interface KtapDoc {
  readonly plan: number;
  readonly points: readonly KtapPoint[];
  /** Diagnostic lines not followed by a result line (after the last point). */
  readonly trailing: readonly string[];
}

const RESULT = /^(ok|not ok) (\d+)(?: ([^#]*?))?(?: # ?(.*))?$/;
const DIRECTIVES = ['SKIP', 'TODO', 'XFAIL', 'TIMEOUT', 'ERROR'];

export function parseKtap(text: string): KtapDoc {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const [doc, next] = parseAt(lines, 0, '');
  if (next !== lines.length) throw new Error(`line ${next + 1}: unexpected after the document: ${JSON.stringify(lines[next])}`);
  return doc;
}

function parseAt(lines: readonly string[], start: number, indent: string): [KtapDoc, number] {
  let i = start;
  const at = (): string | undefined => lines[i];
  const own = (l: string | undefined): string | undefined => (l !== undefined && l.startsWith(indent) ? l.slice(indent.length) : undefined);
  if (own(at()) !== 'KTAP version 1') throw new Error(`line ${i + 1}: expected "${indent}KTAP version 1", got ${JSON.stringify(at())}`);
  i++;
  const plan = /^1\.\.(\d+)$/.exec(own(at()) ?? '');
  if (plan === null) throw new Error(`line ${i + 1}: expected a plan "1..N", got ${JSON.stringify(at())}`);
  i++;
  const points: KtapPoint[] = [];
  let diagnostics: string[] = [];
  let subtests: KtapDoc | undefined;
  while (i < lines.length) {
    const line = at() as string;
    if (line.startsWith(`${indent}  `) && own(line) === '  KTAP version 1') {
      if (subtests !== undefined) throw new Error(`line ${i + 1}: two subtest blocks before one result line`);
      const [sub, next] = parseAt(lines, i, `${indent}  `);
      subtests = sub;
      i = next;
      continue;
    }
    const mine = own(line);
    if (mine === undefined || mine.startsWith(' ')) break; // the parent's line: this document ends
    if (mine.startsWith('#')) {
      if (mine !== '#' && !mine.startsWith('# ')) throw new Error(`line ${i + 1}: a diagnostic line is "# <text>"`);
      diagnostics.push(mine.slice(2));
      i++;
      continue;
    }
    const m = RESULT.exec(mine);
    if (m === null) throw new Error(`line ${i + 1}: not a KTAP line: ${JSON.stringify(line)}`);
    const number = Number(m[2]);
    if (number !== points.length + 1) throw new Error(`line ${i + 1}: test number ${number}, expected ${points.length + 1}`);
    const tail = (m[4] ?? '').trim();
    const word = tail.split(/\s+/)[0] ?? '';
    const directive = DIRECTIVES.includes(word) ? word : undefined;
    const ok = m[1] === 'ok';
    if (subtests !== undefined && ok && subtests.points.some((p) => !p.ok && p.directive !== 'SKIP')) {
      throw new Error(`line ${i + 1}: "${m[3] ?? ''}" passes but one of its subtests failed`);
    }
    points.push({
      ok,
      number,
      description: (m[3] ?? '').trim(),
      ...(directive !== undefined ? { directive, directiveText: tail.slice(word.length).trim() } : {}),
      diagnostics,
      ...(subtests !== undefined ? { subtests } : {}),
    });
    diagnostics = [];
    subtests = undefined;
    i++;
    if (points.length === Number(plan[1]) && indent !== '') break;
  }
  if (subtests !== undefined) throw new Error(`a subtest block without its result line`);
  if (points.length !== Number(plan[1])) throw new Error(`${indent.length / 2} levels in: plan 1..${plan[1]} but ${points.length} results`);
  return [{ plan: Number(plan[1]), points, trailing: diagnostics }, i];
}
