// A small walker over the repository's own sources: which file imports which, by relative path.
// Bare specifiers (node:fs, vitest, …) are outside the graph; only the project's own layering is checked.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export interface ImportEdge {
  readonly from: string; // repository-relative, '/'-separated
  readonly to: string;
  readonly specifier: string;
  /**
   * `import`: a static, re-export or dynamic import. `entry`: a module started by URL in
   * another thread or process (a worker's entry file): a dependency for the layers, but its
   * module graph is evaluated apart, so a worker entry that imports its pool's message types
   * is no import cycle.
   */
  readonly kind: 'import' | 'entry';
}

export interface Specifier {
  readonly specifier: string;
  readonly kind: ImportEdge['kind'];
}

export interface ImportGraph {
  readonly files: readonly string[];
  readonly edges: readonly ImportEdge[];
  /** Relative specifiers that name no file: a walker that skipped them would miss edges. */
  readonly unresolved: readonly ImportEdge[];
}

const SOURCE = /\.(ts|mts|mjs|js)$/;

export function listSources(root: string, skip: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = toPosix(relative(root, full));
      if (skip.has(rel) || name === 'node_modules' || name.startsWith('.')) continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(rel);
    }
  };
  walk(root);
  return out;
}

/**
 * The source with comments blanked and the contents of every string, template and regular
 * expression literal blanked, delimiters kept: same length, so a match's index points into the
 * original text. A commented-out import or one quoted in a string is then no edge.
 */
export function maskSource(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  let prev = ''; // the last code character before i, to tell a regular expression from a division
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      let j = i;
      while (j < text.length && text[j] !== '\n') j++;
      blank(i, j);
      i = j;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') j++;
        else if (c !== '`' && text[j] === '\n') break;
        j++;
      }
      blank(i + 1, j);
      i = j + 1;
      prev = c;
    } else if (c === '/' && (prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev) || /\b(?:return|typeof|case|in|of)$/.test(text.slice(Math.max(0, i - 8), i).trimEnd()))) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== '\n' && (inClass || text[j] !== '/')) {
        if (text[j] === '\\') j++;
        else if (text[j] === '[') inClass = true;
        else if (text[j] === ']') inClass = false;
        j++;
      }
      blank(i + 1, j);
      i = j + 1;
      prev = '/';
    } else {
      if (!/\s/.test(c)) prev = c;
      i++;
    }
  }
  return out.join('');
}

// `import … from '…'`, `import '…'`, `export … from '…'` (type-only forms included: a type
// dependency is still a dependency between layers), `import('…')` with a literal argument, and
// `new URL('./x.ts', import.meta.url)`: a module started by URL (a worker thread, a child process).
// Run over the masked source, where a specifier is its quotes around blanks.
const STATIC = /(?:^|[;\s}])(?:import|export)\s+(?:type\s+)?(?:[\w*\s{},$]*?\s+from\s+)?(['"])( *)\1/g;
const DYNAMIC = /\bimport\s*\(\s*(['"])( *)\1\s*\)/g;
const BY_URL = /\bnew\s+URL\s*\(\s*(['"])( *)\1\s*,\s*import\.meta\.url\s*\)/g;

export function importSpecifiers(text: string): Specifier[] {
  const code = maskSource(text);
  const found: Specifier[] = [];
  const take = (re: RegExp, kind: Specifier['kind']): void => {
    for (const m of code.matchAll(re)) {
      // the blanks' place in the masked text is the specifier's place in the original
      const at = m.index + m[0].lastIndexOf(m[1]! + m[2]!) + 1;
      const specifier = text.slice(at, at + m[2]!.length);
      if (kind === 'entry' && !/\.(?:ts|mts|mjs|js)$/.test(specifier)) continue; // ../package.json is data
      found.push({ specifier, kind });
    }
  };
  take(STATIC, 'import');
  take(DYNAMIC, 'import');
  take(BY_URL, 'entry');
  return found;
}

function resolveSpecifier(root: string, from: string, specifier: string): string | undefined {
  const base = join(root, dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return toPosix(relative(root, c));
  return undefined;
}

export function buildGraph(root: string, skip: ReadonlySet<string> = new Set()): ImportGraph {
  const files = listSources(root, skip);
  const edges: ImportEdge[] = [];
  const unresolved: ImportEdge[] = [];
  for (const from of files) {
    for (const { specifier, kind } of importSpecifiers(readFileSync(join(root, from), 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const to = resolveSpecifier(root, from, specifier);
      if (to === undefined) unresolved.push({ from, to: specifier, specifier, kind });
      else edges.push({ from, to, specifier, kind });
    }
  }
  return { files, edges, unresolved };
}

/**
 * Every strongly connected component of more than one file (or a file importing itself) over
 * the `import` edges, each sorted: the files of one cycle or of several cycles sharing files.
 */
export function importCycles(graph: ImportGraph): string[][] {
  const next = new Map<string, string[]>();
  for (const f of graph.files) next.set(f, []);
  for (const e of graph.edges) if (e.kind === 'import') next.get(e.from)?.push(e.to);
  // Tarjan's algorithm, iterative so a deep chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const start of graph.files) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; child: number }> = [{ node: start, child: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const children = next.get(top.node) ?? [];
      if (top.child < children.length) {
        const child = children[top.child++]!;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        const selfLoop = component.length === 1 && children.includes(top.node);
        if (component.length > 1 || selfLoop) cycles.push(component.sort());
      }
    }
  }
  return cycles.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}
