/**
 * The generators of malformed input, by entry point. Each takes the
 * input's random stream and the seed material (fuzz/material.ts) and
 * returns one FuzzInput; `hugeRange` marks the one that makes the model
 * walk huge address ranges (its timeouts are counted apart).
 */
import { stringify as toYaml } from 'yaml';
import type { FuzzInput, OptionName } from './input.ts';
import { mutateJson } from './json-mutate.ts';
import type { Material, Named } from './material.ts';
import {
  HUGE_NUMBERS, NASTY, ODD_NUMBERS, deleteLines, duplicateLines, flipBytes, garbage, hugeNumber, insertNasty, megabyteLine,
  oddNumber, splice, stirTokens, swapLines, truncate,
} from './mutate.ts';
import type { Rng } from './rng.ts';

export interface Generator {
  readonly name: string;
  /** Relative frequency. */
  readonly weight: number;
  /** Inputs whose timeouts are the model's cost on huge ranges (left out of the fast-tier test). */
  readonly hugeRange?: boolean;
  make(rng: Rng, m: Material): FuzzInput;
}

/** One to three text mutations of a file, byte-level ones included. */
function mutateText(text: string, rng: Rng, m: Material): string | Buffer {
  let out: string | Buffer = text;
  const n = rng.range(1, 3);
  for (let i = 0; i < n; i++) {
    const s = typeof out === 'string' ? out : out.toString('latin1');
    switch (rng.int(10)) {
      case 0: out = flipBytes(Buffer.from(s, typeof out === 'string' ? 'utf8' : 'latin1'), rng); break;
      case 1: out = truncate(Buffer.from(s, typeof out === 'string' ? 'utf8' : 'latin1'), rng); break;
      case 2: out = duplicateLines(s, rng); break;
      case 3: out = deleteLines(s, rng); break;
      case 4: out = swapLines(s, rng); break;
      case 5: out = oddNumber(s, rng); break;
      case 6: out = insertNasty(s, rng); break;
      case 7: out = stirTokens(s, rng, m.vocabulary); break;
      case 8: out = splice(s, rng.pick(m.scenarios).text, rng); break;
      default: out = stirTokens(s, rng, [...NASTY, ...ODD_NUMBERS, '->', '-> ok', '#', 'x'.repeat(300)]);
    }
  }
  return out;
}

const SMALL_SCENARIO = 'profile v5.5\ndump\n';

function scenarioInput(generator: string, content: string | Buffer, extra: Partial<FuzzInput> = {}): FuzzInput {
  return { generator, kind: 'replay', files: { 'case.scn': content }, ...extra };
}

/** The document as YAML; as JSON (also YAML) where the YAML writer runs out of stack on deep nesting. */
function asYaml(rng: Rng, doc: unknown): string {
  const indent = rng.pick([2, 4]);
  try {
    return toYaml(doc, { indent });
  } catch {
    return JSON.stringify(doc);
  }
}

function profileDoc(rng: Rng, m: Material): unknown {
  return JSON.parse(rng.pick(m.profiles).text) as unknown;
}

/** A header as engine/failure-db.ts writes it, with fields given or mutated. */
function failureHeader(f: { property: string; seed: string; path: string; replayPath: string; inject: string }): string {
  return `# memhp failure: found by memhp run, replayed first by every later run\n# property: ${f.property}\n# seed: ${f.seed}\n# path: ${f.path}\n# replayPath: ${f.replayPath}\n# inject: ${f.inject}\n`;
}

function hostileToken(rng: Rng, m: Material): string {
  switch (rng.int(9)) {
    case 0: return rng.pick(NASTY).repeat(rng.range(1, 4)) + rng.pick(m.vocabulary);
    case 1: return 'x'.repeat(rng.pick([61, 1000, 128 * 1024]));
    case 2: return rng.pick([...HUGE_NUMBERS, ...ODD_NUMBERS]);
    case 3: return `${rng.pick(m.vocabulary)}\n${rng.pick(m.vocabulary)}`;
    case 4: return '';
    case 5: return `${rng.int(1000)}:${rng.int(1000)}:${rng.int(1000)}`;
    case 6: return rng.pick(['AAAB:B', 'AAAAAAA:BB', ':', 'A:', '+/+/:/', '0:0', `${'A'.repeat(6000)}:${'B'.repeat(1000)}`]);
    case 7: return `${rng.int(20)}/${rng.int(20)}`;
    default: return rng.pick(m.vocabulary);
  }
}

const OPTIONS: readonly OptionName[] = ['seed', 'runs', 'steps', 'workers', 'inject', 'impl', 'profile', 'property', 'shard', 'path', 'replay-path', 'MEMHP_SEED', 'MEMHP_NUM_RUNS'];

/** Mutates one of the two path tokens of a real failure, or neither. */
function pathToken(real: string, rng: Rng, m: Material): string {
  switch (rng.int(6)) {
    case 0: return real;
    case 1: return `${real}:${rng.int(50)}`;
    case 2: return real.split(':').slice(0, -1).join(':') || '0';
    case 3: return real.split(':').map((s) => (rng.chance(0.3) ? String(Number(s) + rng.range(1, 1000)) : s)).join(':');
    case 4: return rng.pick(['0', '0:0', '99999999999999999999', '1:2:3:4:5:6:7:8:9:10', `${'1:'.repeat(5000)}1`]);
    default: return hostileToken(rng, m);
  }
}

export const GENERATORS: readonly Generator[] = [
  { name: 'scenario-mutated', weight: 30, make: (rng, m) => scenarioInput('scenario-mutated', mutateText(rng.pick(m.scenarios).text, rng, m)) },
  { name: 'scenario-spliced', weight: 4, make: (rng, m) => scenarioInput('scenario-spliced', splice(rng.pick(m.scenarios).text, rng.pick(m.scenarios).text, rng)) },
  { name: 'scenario-megabyte-line', weight: 1, make: (rng, m) => scenarioInput('scenario-megabyte-line', megabyteLine(rng.pick(m.scenarios).text, rng)) },
  {
    name: 'scenario-many-steps',
    weight: 1,
    make: (rng) => scenarioInput('scenario-many-steps', `profile v5.5\n${rng.pick(['dump\n', 'pfn_valid 0x100000\n', 'valid_section 8\n']).repeat(rng.pick([10_001, 1_000_000]))}`),
  },
  { name: 'scenario-binary', weight: 1, make: (rng) => scenarioInput('scenario-binary', garbage(rng, rng.pick([1, 16, 4096, 1 << 20]))) },
  { name: 'scenario-huge-number', weight: 3, hugeRange: true, make: (rng, m) => scenarioInput('scenario-huge-number', hugeNumber(rng.pick(m.scenarios).text, rng), { hugeRange: true }) },
  {
    name: 'profile-json',
    weight: 7,
    make: (rng, m) => ({ generator: 'profile-json', kind: 'profile', files: { 'case.scn': SMALL_SCENARIO, 'p.profile.json': rng.chance(0.6) ? mutateJson(profileDoc(rng, m), rng) : mutateText(rng.pick(m.profiles).text, rng, m) } }),
  },
  {
    name: 'profile-yaml',
    weight: 5,
    make: (rng, m) => {
      const doc = profileDoc(rng, m);
      const text = rng.chance(0.5) ? asYaml(rng, JSON.parse(mutateJson(doc, rng))) : mutateText(asYaml(rng, doc), rng, m);
      return { generator: 'profile-yaml', kind: 'profile', files: { 'case.scn': SMALL_SCENARIO, 'p.profile.yaml': text } };
    },
  },
  {
    name: 'profile-yaml-hostile',
    weight: 1,
    make: (rng) => {
      const n = rng.pick([100, 10_000]);
      const text = rng.pick([
        `${'- '.repeat(n)}x\n`,
        `${'['.repeat(n)}${']'.repeat(n)}\n`,
        // An alias bomb: each level refers to the one before nine times.
        `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`).join('\n')}\n`,
        `name: p\nbase: v5.5\nrules: {}\n${'k: 1\n'.repeat(2)}`,
        `name: !!binary ${'A'.repeat(n)}\nbase: v5.5\nrules: {}\n`,
        `%YAML 9.9\n---\nname: p\n`,
      ]);
      return { generator: 'profile-yaml-hostile', kind: 'profile', files: { 'case.scn': SMALL_SCENARIO, 'p.profile.yaml': text } };
    },
  },
  {
    name: 'profile-json-deep',
    weight: 1,
    make: (rng) => {
      const n = rng.pick([1000, 10_000]);
      const text = rng.pick([`${'['.repeat(n)}${']'.repeat(n)}`, `{"name":"p","base":"v5.5","rules":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`, `{"name":"p","base":"v5.5","rules":{${Array.from({ length: Math.min(n, 100_000) }, (_, i) => `"k${i}":1`).join(',')}}}`]);
      return { generator: 'profile-json-deep', kind: 'profile', files: { 'case.scn': SMALL_SCENARIO, 'p.profile.json': text } };
    },
  },
  {
    name: 'repo-json-as-profile',
    weight: 1,
    make: (rng, m) => ({ generator: 'repo-json-as-profile', kind: 'profile', files: { 'case.scn': SMALL_SCENARIO, 'p.profile.json': mutateText(rng.pick(m.jsonFiles).text, rng, m) } }),
  },
  {
    name: 'failure-file',
    weight: 10,
    make: (rng, m) => {
      const cx = rng.pick(m.scenarios);
      const f = { property: 'differential', seed: '42', path: m.failing.path, replayPath: m.failing.replayPath, inject: '' };
      const field = rng.pick(['property', 'seed', 'path', 'replayPath', 'inject', 'none'] as const);
      if (field !== 'none') f[field] = hostileToken(rng, m);
      const profile = /^profile (\S+)/m.exec(cx.text)?.[1] ?? 'v5.5';
      const whole = failureHeader(f) + cx.text;
      const text = rng.chance(0.4) ? mutateText(whole, rng, m) : whole;
      const name = rng.chance(0.85) ? `${profile}--${f.property.replace(/[^a-z0-9-]/g, '').slice(0, 100) || 'differential'}--0123456789ab.scn` : `${hostileToken(rng, m).replace(/[/\0]/g, '_').slice(0, 200)}.scn`;
      return { generator: 'failure-file', kind: 'failures', files: { [`failures/${name}`]: text } };
    },
  },
  {
    name: 'report-json',
    weight: 10,
    make: (rng, m) => ({ generator: 'report-json', kind: 'report-check', files: { 'report.json': rng.chance(0.7) ? mutateJson(JSON.parse(m.report), rng) : mutateText(m.report, rng, m) } }),
  },
  {
    name: 'repo-json-as-report',
    weight: 1,
    make: (rng, m) => ({ generator: 'repo-json-as-report', kind: 'report-check', files: { 'report.json': rng.pick(m.jsonFiles).text } }),
  },
  {
    name: 'shard-records',
    weight: 6,
    make: (rng, m) => {
      const which = rng.int(2);
      const files: Record<string, string | Buffer> = { 'a/shard.json': m.shards[0], 'b/shard.json': m.shards[1] };
      const key = which === 0 ? 'a/shard.json' : 'b/shard.json';
      files[key] = rng.chance(0.7) ? mutateJson(JSON.parse(m.shards[which]!), rng) : mutateText(m.shards[which]!, rng, m);
      return { generator: 'shard-records', kind: 'merge', files };
    },
  },
  { name: 'option-token', weight: 15, make: (rng, m) => ({ generator: 'option-token', kind: 'option', files: {}, option: rng.pick(OPTIONS), token: hostileToken(rng, m) }) },
  {
    name: 'run-path',
    weight: 2,
    make: (rng, m) => {
      const both = rng.chance(0.5);
      return {
        generator: 'run-path',
        kind: 'run-path',
        files: {},
        token: pathToken(m.failing.path, rng, m),
        ...(both ? { replayPath: rng.chance(0.5) ? m.failing.replayPath : hostileToken(rng, m) } : {}),
      };
    },
  },
];

/** The generators a budget uses: all, or all but the huge-range ones. */
export function generators(withHugeRanges: boolean): readonly Generator[] {
  return withHugeRanges ? GENERATORS : GENERATORS.filter((g) => g.hugeRange !== true);
}

/** Input `index` of a run: the generator is drawn by weight from the same stream that then makes the input. */
export function makeInput(rng: Rng, m: Material, gens: readonly Generator[]): FuzzInput {
  const total = gens.reduce((s, g) => s + g.weight, 0);
  let x = rng.int(total);
  for (const g of gens) {
    if (x < g.weight) return g.make(rng, m);
    x -= g.weight;
  }
  return gens[gens.length - 1]!.make(rng, m);
}

export type { Named };
