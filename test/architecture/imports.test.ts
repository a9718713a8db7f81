/**
 * No import cycle and no import against the layers (test/architecture/layers.ts,
 * docs/architecture.md), over every .ts/.mts/.mjs/.js source of the repository. The fixtures
 * under fixtures/ show the same checks failing on a cycle, an upward and a sideways import.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildGraph, importCycles, importSpecifiers, type ImportGraph } from './import-graph.ts';
import { LAYERS, describeViolation, layerViolations, unplacedFiles, type Layer } from './layers.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
// The fixtures break the rules on purpose; the others are run output (.gitignore).
const NOT_SOURCE = new Set(['test/architecture/fixtures', 'reports/out', 'reports/vitest', 'reports/mutation', 'fuzz/results']);

const edgesOf = (g: ImportGraph): string[] => g.edges.map((e) => `${e.from} -> ${e.to}${e.kind === 'entry' ? ' (entry)' : ''}`).sort();

describe('the repository', () => {
  const graph = buildGraph(REPO, NOT_SOURCE);

  it('every relative import names a file the walker found (none skipped)', () => {
    expect(graph.unresolved).toEqual([]);
    // a walker that found nothing would pass the checks below: these edges it must see
    const edges = edgesOf(graph);
    expect(edges).toContain('engine/machine.ts -> base/usage-error.ts');
    expect(edges).toContain('bin/memhp.js -> cli/supervise.ts');
    expect(edges).toContain('properties/workers.ts -> properties/worker-main.ts (entry)');
    expect(graph.edges.length).toBeGreaterThan(1500);
  });

  it('has every top-level folder in a layer', () => {
    expect(unplacedFiles(graph, LAYERS)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('has no upward or sideways import', () => {
    expect(layerViolations(graph, LAYERS).map(describeViolation)).toEqual([]);
  });

  it('docs/architecture.md lists the same layers, in the same order', () => {
    const doc = readFileSync(join(REPO, 'docs/architecture.md'), 'utf8');
    // "1. **base** (`base/`): …": the name, then the folders in backquotes
    const listed = [...doc.matchAll(/^\d+\. \*\*([\w-]+)\*\* \(([^)]*)\)/gm)].map((m) => ({
      name: m[1],
      folders: [...(m[2] ?? '').matchAll(/`([^`]+)`/g)].map((f) => (f[1] === 'root files' ? '.' : (f[1] ?? '').replace(/\/$/, ''))),
    }));
    expect(listed).toEqual(LAYERS.map((l) => ({ name: l.name, folders: [...l.folders] })));
  });
});

describe('the fixtures', () => {
  const twoLayers: Layer[] = [
    { name: 'low', folders: ['low'] },
    { name: 'high', folders: ['high'] },
  ];

  it('a clean tree: every import form seen, nothing reported', () => {
    const graph = buildGraph(join(FIXTURES, 'clean'));
    expect(edgesOf(graph)).toEqual([
      'high/c.ts -> low/a.ts', // import('../low/a.ts'), twice: a type and a call
      'high/c.ts -> low/a.ts',
      'high/c.ts -> low/b.ts',
      'high/tool.mjs -> high/c.ts',
      'low/b.ts -> low/a.ts', // a multi-line import
      'low/b.ts -> low/a.ts', // export … from
      'low/b.ts -> low/pool.ts', // import type
      'low/entry.ts -> low/pool.ts',
      'low/pool.ts -> low/entry.ts (entry)',
    ]);
    expect(importCycles(graph)).toEqual([]);
    expect(layerViolations(graph, twoLayers)).toEqual([]);
  });

  it('a cycle of three files, closed by a type-only import, fails', () => {
    const graph = buildGraph(join(FIXTURES, 'cycle'));
    expect(importCycles(graph)).toEqual([['low/a.ts', 'low/b.ts', 'low/c.ts']]);
  });

  it('an upward and a sideways import fail, each named', () => {
    const graph = buildGraph(join(FIXTURES, 'upward'));
    const layers: Layer[] = [
      { name: 'low', folders: ['low'] },
      { name: 'mid', folders: ['mid', 'side'] },
      { name: 'high', folders: ['high'] },
    ];
    expect(importCycles(graph)).toEqual([]);
    expect(layerViolations(graph, layers).map(describeViolation)).toEqual([
      'upward: low/a.ts imports high/h.ts',
      'sideways: side/s.ts imports mid/peer.ts',
    ]);
    expect(unplacedFiles(graph, twoLayers)).toEqual(['side/s.ts', 'mid/m.ts', 'mid/peer.ts'].sort());
  });
});

describe('importSpecifiers', () => {
  it('reads every import form, and nothing in comments or strings', () => {
    const text = [
      "import fs from 'node:fs';",
      "import './side-effect.ts';",
      "import * as all from './all.ts';",
      "import def, { x as y } from './mixed.ts';",
      "export * from './star.ts';",
      "export type { T } from './types.ts';",
      "const m = await import('./lazy.ts');",
      "new Worker(new URL('./worker.ts', import.meta.url));",
      "new URL('../package.json', import.meta.url);",
      "/* import { z } from './block-comment.ts'; */",
      "// export { w } from './line-comment.ts';",
      "const s = \"import { q } from './in-a-string.ts'\";",
      "const url = 'http://example.invalid/x'; import { after } from './after-url.ts';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual([
      { specifier: 'node:fs', kind: 'import' },
      { specifier: './side-effect.ts', kind: 'import' },
      { specifier: './all.ts', kind: 'import' },
      { specifier: './mixed.ts', kind: 'import' },
      { specifier: './star.ts', kind: 'import' },
      { specifier: './types.ts', kind: 'import' },
      { specifier: './after-url.ts', kind: 'import' },
      { specifier: './lazy.ts', kind: 'import' },
      { specifier: './worker.ts', kind: 'entry' },
    ]);
  });
});
