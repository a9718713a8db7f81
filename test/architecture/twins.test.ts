/**
 * model/reference and model/optimized keep the same concept folders, a file and its twin at
 * the same path, and the folder table of docs/architecture.md ("Inside the two
 * implementations") names every file: those of both, and each one without a twin.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const IMPLS = ['reference', 'optimized'] as const;
type Impl = (typeof IMPLS)[number];

// the machine state and the step dispatch stay at the top (docs/architecture.md)
const TOP: Record<Impl, string[]> = {
  reference: ['index.ts', 'state.ts'],
  optimized: ['context.ts', 'errno.ts', 'hotplug-context.ts', 'index.ts'],
};

function listing(impl: Impl): { top: string[]; nested: string[] } {
  const dir = join(REPO, 'model', impl);
  const all = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts'))
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1).replaceAll('\\', '/'));
  return { top: all.filter((f) => !f.includes('/')).sort(), nested: all.filter((f) => f.includes('/')).sort() };
}

/** The table's rows: `| \`folder/\` | concept | both; reference only: …; optimized only: … |`. */
function documented(): Record<Impl, string[]> {
  const doc = readFileSync(join(REPO, 'docs/architecture.md'), 'utf8');
  const section = doc.split('## Inside the two implementations')[1]?.split('\n## ')[0] ?? '';
  const out: Record<Impl, string[]> = { reference: [], optimized: [] };
  for (const row of section.matchAll(/^\| `([\w-]+)\/` \|[^|]*\| ([^|]*) \|$/gm)) {
    const folder = row[1]!;
    for (const part of row[2]!.split(';')) {
      const only = /^\s*(reference|optimized) only:/.exec(part)?.[1] as Impl | undefined;
      const files = [...part.matchAll(/`([\w.-]+\.ts)`/g)].map((m) => `${folder}/${m[1]!}`);
      for (const impl of IMPLS) if (only === undefined || only === impl) out[impl].push(...files);
    }
  }
  return { reference: out.reference.sort(), optimized: out.optimized.sort() };
}

describe('the two implementations', () => {
  it('keep only the machine state and the dispatch at their top', () => {
    for (const impl of IMPLS) expect(listing(impl).top, impl).toEqual(TOP[impl]);
  });

  it('have the same concept folders', () => {
    const folders = (impl: Impl): string[] => [...new Set(listing(impl).nested.map((f) => f.split('/')[0]!))].sort();
    expect(folders('optimized')).toEqual(folders('reference'));
    expect(folders('reference').length).toBeGreaterThanOrEqual(10);
  });

  it('are mapped file by file in docs/architecture.md, twins at the same path', () => {
    const doc = documented();
    for (const impl of IMPLS) expect(listing(impl).nested, impl).toEqual(doc[impl]);
    // the twins: every name listed for both exists in both (a listing above would fail first)
    const twins = doc.reference.filter((f) => doc.optimized.includes(f));
    expect(twins).toContain('zones/shrink.ts');
    expect(twins.length).toBeGreaterThanOrEqual(25);
  });
});
