/**
 * fast-check arbitraries for valid scenarios (test-only): every generated
 * Scenario is what parseScenario would return for its canonical text, line
 * numbers included.
 */
import fc from 'fast-check';
import { CONFIG_KEYS } from '../../model/config.ts';
import type { GeometryParams } from '../../model/geometry.ts';
import { DEFAULT_GEOMETRY, deriveGeometry, GEOMETRY_PRESETS, geometryProblem } from '../../model/geometry.ts';
import type { Answer } from '../../model/outcome.ts';
import { ERRNOS, OUTCOMES } from '../../model/outcome.ts';
import { profileNames } from '../../model/profiles/index.ts';
import { bootProblem, MAX_NUMNODES } from '../../model/setup.ts';
import type { BootRange, Step } from '../../model/step.ts';
import { ALLOC_POINTS, NOTIFIER_EVENTS, QUERIES, ZONE_NAMES } from '../../model/step.ts';
import type { ConfigLine, Scenario, ScenarioStep } from '../../scenario/index.ts';

export const presetGeometryArb: fc.Arbitrary<GeometryParams> = fc
  .constantFrom(...Object.keys(GEOMETRY_PRESETS))
  .map((name) => ({ ...(GEOMETRY_PRESETS[name] as GeometryParams) }));

/** Explicit geometries that geometryProblem() accepts. */
export const customGeometryArb: fc.Arbitrary<GeometryParams> = fc
  .integer({ min: 12, max: 18 })
  .chain((page) => fc.tuple(fc.constant(page), fc.integer({ min: page, max: Math.min(page + 9, 30) })))
  .chain(([page, sub]) => fc.tuple(fc.constant(page), fc.constant(sub), fc.integer({ min: sub, max: Math.min(sub + 12, 40) })))
  .chain(([page, sub, section]) =>
    fc.integer({ min: section, max: Math.min(section + 4, 45) }).chain((block) =>
      fc.integer({ min: block + 1, max: Math.min(52, section + 32) }).map(
        (physbits): GeometryParams => ({
          name: 'custom',
          pageShift: page,
          sectionShift: section,
          subsectionShift: sub,
          blockShift: block,
          maxPhysmemBits: physbits,
          memSectionBytes: 16,
          structPageBytes: 64,
        }),
      ),
    ),
  )
  .filter((g) => geometryProblem(g) === undefined);

export const geometryArb: fc.Arbitrary<GeometryParams> = fc.oneof(presetGeometryArb, customGeometryArb);

const nodeArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 7 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: MAX_NUMNODES - 1 }) },
);

/** Page-aligned addresses: near memory, anywhere addressable, beyond physbits up to the largest safe one. */
export function addressArb(g: GeometryParams): fc.Arbitrary<number> {
  const page = 2 ** g.pageShift;
  const section = 2 ** g.sectionShift;
  const maxPages = Math.floor(Number.MAX_SAFE_INTEGER / page);
  return fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: 64 }).map((s) => s * section),
    fc.integer({ min: 0, max: 2 ** (g.sectionShift - g.pageShift + 4) }).map((p) => p * page),
    fc.integer({ min: 0, max: 2 ** (g.maxPhysmemBits - g.pageShift) - 1 }).map((p) => p * page),
    fc.integer({ min: 0, max: maxPages }).map((p) => p * page),
  );
}

/** Page-aligned sizes, zero included. */
export function sizeArb(g: GeometryParams): fc.Arbitrary<number> {
  const page = 2 ** g.pageShift;
  return fc.oneof(
    fc.constant(0),
    fc.integer({ min: g.pageShift, max: 52 }).map((s) => 2 ** s),
    fc.integer({ min: 1, max: 2 ** (g.sectionShift - g.pageShift + 2) }).map((p) => p * page),
    fc.integer({ min: 0, max: Math.floor(Number.MAX_SAFE_INTEGER / page) }).map((p) => p * page),
  );
}

/** One token as the lexer reads it: no space, tab, `#`, control, format or separator character. */
const tokenArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('online', 'offline', 'online_kernel', 'online_movable', 'on', 'off', '1', '0', 'y', 'N', 'bogus', '-EINVAL', 'a->b', '"x"', '\\'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((w) => /^[^\p{C}\p{Z}#]+$/u.test(w)),
);

/** A `state` / `online` word: any token but the arrow. */
const sysfsWordArb: fc.Arbitrary<string> = tokenArb.filter((w) => w !== '->');

/** Block ids: small ones, and anything below 2^40. */
const blockArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 64 }),
  fc.integer({ min: 0, max: 2 ** 40 - 1 }),
  fc.constant(2 ** 40 - 1),
);

export function stepArb(g: GeometryParams): fc.Arbitrary<Step> {
  const addr = addressArb(g);
  const size = sizeArb(g);
  return fc.oneof(
    fc.record({ op: fc.constant('add_pages' as const), start: addr, size, nid: nodeArb }),
    fc.record({ op: fc.constant('remove_pages' as const), start: addr, size }),
    fc.record({ op: fc.constant('fail' as const), alloc: fc.constantFrom(...ALLOC_POINTS), errno: fc.constantFrom(...ERRNOS) }),
    fc.record({ op: fc.constant('query' as const), query: fc.constantFrom(...QUERIES), addr }),
    fc.constant<Step>({ op: 'dump' }),
    fc.record({ op: fc.constantFrom('add_memory' as const, 'add_memory_driver_managed' as const, 'memremap_pages' as const), start: addr, size, nid: nodeArb }),
    fc.record({ op: fc.constant('add_memory' as const), start: addr, size, nid: nodeArb, memmapOnMemory: fc.constant(true as const) }),
    fc.record({ op: fc.constant('add_memory' as const), start: addr, size, nid: nodeArb, memmapOnMemory: fc.constant(true as const), inaccessible: fc.constant(true as const) }),
    fc.record({ op: fc.constantFrom('remove_memory' as const, 'memunmap_pages' as const), start: addr, size }),
    fc.record({ op: fc.constantFrom('state' as const, 'online' as const), block: blockArb, word: sysfsWordArb }),
    fc.record({ op: fc.constantFrom('pin' as const, 'unpin' as const, 'poison' as const), addr }),
    fc.record({ op: fc.constant('veto' as const), event: fc.constantFrom(...NOTIFIER_EVENTS), errno: fc.constantFrom(...ERRNOS) }),
    fc.record({ op: fc.constantFrom('valid_zones' as const, 'block' as const), block: blockArb }),
    fc.record({ op: fc.constant('zone' as const), zone: fc.constantFrom(...ZONE_NAMES), nid: nodeArb }),
    fc.record({ op: fc.constant('node' as const), nid: nodeArb }),
  );
}

/** Steps whose expected answer is text rather than an Outcome. */
const OBSERVATION_OPS: ReadonlySet<Step['op']> = new Set(['valid_zones', 'block', 'zone', 'node']);

/** Expected text of an observation step, in canonical form (words separated by one space). */
export const answerTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'Normal Movable',
    'Movable Normal',
    'none',
    'online Normal',
    'offline',
    'start_pfn=1 spanned=2 present=3 managed=4',
    'start_pfn=1048576 spanned=32768 present=32768 managed=32768',
    'online start_pfn=0 spanned=0 present=0',
    '-ENOENT',
    'ok',
    '-> ->',
  ),
  fc.array(tokenArb, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' ')),
);

function expectArb(step: Step): fc.Arbitrary<Answer | undefined> {
  const outcome: fc.Arbitrary<Answer> = fc.constantFrom(...OUTCOMES);
  return fc.option(OBSERVATION_OPS.has(step.op) ? fc.oneof(answerTextArb, outcome) : outcome, { nil: undefined });
}

/** A step with an expectation of the kind its op takes (or none). */
export function stepWithExpectArb(g: GeometryParams): fc.Arbitrary<[Step, Answer | undefined]> {
  return stepArb(g).chain((step) => fc.tuple(fc.constant(step), expectArb(step)));
}

/**
 * Boot ranges that bootProblem() accepts: laid out in ascending order with no
 * section shared between two ranges, so that any node per range is fine.
 */
export function bootArb(g: GeometryParams): fc.Arbitrary<BootRange[]> {
  const page = 2 ** g.pageShift;
  const section = 2 ** g.sectionShift;
  const pps = 2 ** (g.sectionShift - g.pageShift);
  const limit = 2 ** g.maxPhysmemBits;
  const piece = fc.record({
    gap: fc.integer({ min: 0, max: 3 }),
    offset: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: pps - 1 })),
    pages: fc.oneof(fc.constant(pps), fc.integer({ min: 1, max: Math.min(3 * pps, 2 ** 30) })),
    nid: nodeArb,
  });
  return fc.array(piece, { maxLength: 3 }).map((pieces) => {
    const out: BootRange[] = [];
    let cursor = 0;
    for (const p of pieces) {
      const start = (cursor + p.gap) * section + p.offset * page;
      const size = p.pages * page;
      if (start + size > limit) break;
      out.push({ start, size, nid: p.nid });
      cursor = Math.ceil((start + size) / section);
    }
    const problem = bootProblem(deriveGeometry(g), out);
    if (problem !== undefined) throw new Error(`bootArb made an invalid layout: ${problem.message}`);
    return out;
  });
}

const configArb: fc.Arbitrary<Array<{ key: string; value: string }>> = fc
  .shuffledSubarray([...CONFIG_KEYS])
  .chain((keys) => fc.tuple(...keys.map((k) => fc.constantFrom(...(k.accepts === undefined ? k.values : ['0', '301', '123456789'])).map((value) => ({ key: k.key, value })))));

/** A valid scenario with the line numbers its canonical text has. */
export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .option(geometryArb, { nil: undefined })
  .chain((geometry) => {
    const g = geometry ?? (GEOMETRY_PRESETS[DEFAULT_GEOMETRY] as GeometryParams);
    return fc.record({
      profile: fc.option(fc.constantFrom(...profileNames()), { nil: undefined }),
      geometry: fc.constant(geometry),
      config: configArb,
      boot: bootArb(g),
      steps: fc.array(stepWithExpectArb(g), { maxLength: 12 }),
    });
  })
  .filter((s) => s.steps.length > 0 || s.profile !== undefined || s.geometry !== undefined || s.config.length > 0 || s.boot.length > 0)
  .map((s) => {
    let line = 0;
    if (s.profile !== undefined) line++;
    if (s.geometry !== undefined) line++;
    const config: ConfigLine[] = s.config.map((c) => ({ ...c, line: ++line }));
    line += s.boot.length;
    // fc.record builds objects without a prototype; plain copies compare strictly equal to parsed ones.
    const steps: ScenarioStep[] = s.steps.map(([step, expect]) =>
      expect === undefined ? { step: { ...step }, line: ++line } : { step: { ...step }, expect, line: ++line },
    );
    return {
      ...(s.profile === undefined ? {} : { profile: s.profile }),
      ...(s.geometry === undefined ? {} : { geometry: s.geometry }),
      config,
      boot: s.boot,
      steps,
    };
  });

/** The scenario without source line numbers (for comparing re-parsed text). */
export function withoutLines(s: Scenario): unknown {
  return {
    ...s,
    config: s.config.map(({ key, value }) => ({ key, value })),
    steps: s.steps.map(({ line: _line, ...rest }) => rest),
  };
}
