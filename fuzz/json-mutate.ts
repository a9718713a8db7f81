/**
 * Mutations of a JSON document by its structure: a value swapped for one
 * of another type or size, a key dropped or added, nesting deepened. What a
 * hand-edited or truncated-then-repaired report, profile or shard file
 * looks like.
 */
import type { Rng } from './rng.ts';
import { HUGE_NUMBERS, NASTY } from './mutate.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Values that stand in for any other: every type, the edges of numbers, long and hostile strings. */
function oddValue(rng: Rng): Json {
  switch (rng.int(14)) {
    case 0: return null;
    case 1: return rng.chance(0.5);
    case 2: return rng.pick([-1, 0, 1.5, 2 ** 53 + 2, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER, 2 ** 31]);
    case 3: return '';
    case 4: return 'x'.repeat(rng.pick([100, 100_000]));
    case 5: return rng.pick(NASTY).repeat(rng.range(1, 100));
    case 6: return [];
    case 7: return {};
    case 8: return rng.pick(HUGE_NUMBERS);
    case 9: return deep(rng.pick([100, 2000]));
    case 10: return Array.from({ length: rng.pick([1000, 100_000]) }, () => 0);
    case 11: return { ['k'.repeat(rng.pick([1, 100_000]))]: 1 };
    case 12: return rng.pick(['v5.5', 'v7.3', 'passed', 'failed', 'run', 'differential', '0x0', '2M']);
    default: return `line one\nline two\r\u2028${'\u202e'}`;
  }
}

function deep(depth: number): Json {
  let v: Json = 0;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

/** Every container in the document with the way to reach it. */
function containers(root: Json, out: Array<{ [k: string]: Json } | Json[]> = [], depth = 0): Array<{ [k: string]: Json } | Json[]> {
  if (root === null || typeof root !== 'object' || depth > 64 || out.length > 5000) return out;
  out.push(root);
  for (const v of Array.isArray(root) ? root : Object.values(root)) containers(v, out, depth + 1);
  return out;
}

/** One structural change to a parsed copy of `doc`; returns the document's new JSON text. */
export function mutateJson(doc: unknown, rng: Rng): string {
  const root = structuredClone(doc) as Json;
  const all = containers(root);
  const changes = rng.range(1, 3);
  for (let c = 0; c < changes && all.length > 0; c++) {
    const node = rng.pick(all);
    if (Array.isArray(node)) {
      const what = rng.int(4);
      if (node.length > 0 && what === 0) node.splice(rng.int(node.length), 1);
      else if (node.length > 0 && what === 1) node[rng.int(node.length)] = oddValue(rng);
      else if (node.length > 0 && what === 2) node.push(...Array.from({ length: rng.pick([1, 10, 1000]) }, () => structuredClone(node[0]!)));
      else node.push(oddValue(rng));
      continue;
    }
    const keys = Object.keys(node);
    const what = rng.int(4);
    if (keys.length > 0 && what === 0) delete node[rng.pick(keys)];
    else if (keys.length > 0 && what <= 2) node[rng.pick(keys)] = oddValue(rng);
    else node[rng.chance(0.8) ? rng.pick(['extra', 'schemaVersion', 'name', 'rules', 'x'.repeat(200_000), `k${rng.pick(NASTY)}`]) : `k${rng.int(100)}`] = oddValue(rng);
  }
  return JSON.stringify(root, null, rng.chance(0.5) ? 2 : undefined);
}
