/**
 * The layers of the repository, lowest first (docs/architecture.md says the same, one line a
 * layer). A file may import from its own folder and from any folder of a lower layer; never
 * from a higher layer, and never sideways from another folder of its own layer.
 */
import type { ImportEdge, ImportGraph } from './import-graph.ts';

export interface Layer {
  readonly name: string;
  /** Top-level folders; `.` is the repository root's own files (the vitest and Stryker configs). */
  readonly folders: readonly string[];
}

export const LAYERS: readonly Layer[] = [
  { name: 'base', folders: ['base'] },
  { name: 'model', folders: ['model'] },
  { name: 'scenario', folders: ['scenario'] },
  { name: 'checks', folders: ['checks'] },
  { name: 'engine', folders: ['engine'] },
  { name: 'properties', folders: ['properties'] },
  // The four peers over the properties, in the order they build on one another.
  { name: 'regressions', folders: ['regressions'] },
  { name: 'reports', folders: ['reports'] },
  { name: 'diff', folders: ['diff'] },
  { name: 'oracle', folders: ['oracle'] },
  { name: 'cli', folders: ['cli'] },
  // Tools over the whole product; nothing in the product imports them.
  { name: 'tools', folders: ['bin', 'fuzz', 'bench', 'mutation', 'scripts'] },
  { name: 'tests', folders: ['test'] },
  // The slow tiers reuse test/helpers; the root configs name test setup files.
  { name: 'tiers', folders: ['test-kernel', 'test-kernel-build', '.'] },
];

export function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? '.' : file.slice(0, slash);
}

export interface LayerViolation {
  readonly edge: ImportEdge;
  readonly why: 'upward' | 'sideways';
}

/** Files in no layer's folder: a new top-level folder must be given a place before it is checked. */
export function unplacedFiles(graph: ImportGraph, layers: readonly Layer[]): string[] {
  const known = new Set(layers.flatMap((l) => l.folders));
  return graph.files.filter((f) => !known.has(folderOf(f)));
}

export function layerViolations(graph: ImportGraph, layers: readonly Layer[]): LayerViolation[] {
  const rank = new Map<string, number>();
  layers.forEach((l, i) => l.folders.forEach((f) => rank.set(f, i)));
  const out: LayerViolation[] = [];
  for (const edge of graph.edges) {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    if (from === to) continue;
    const a = rank.get(from);
    const b = rank.get(to);
    if (a === undefined || b === undefined) continue; // reported by unplacedFiles()
    if (b > a) out.push({ edge, why: 'upward' });
    else if (b === a) out.push({ edge, why: 'sideways' });
  }
  return out;
}

/** One line an edge, for a failure message that says what to fix. */
export function describeViolation(v: LayerViolation): string {
  return `${v.why}: ${v.edge.from} imports ${v.edge.to}`;
}
